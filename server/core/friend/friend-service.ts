import { Errors, ErrorsWith } from '../../common/errors.js';
import { isUuid, SYSTEM_USER_ID } from '../../common/ids.js';
import type { Logger } from '../../common/logger.js';
import type { Tracker } from '../../presence/tracker.js';
import type { Friend, FriendList, FriendsOfFriendsList } from '../../protocol/api-friend.js';
import type { AccountRepository, FriendRepository } from '../../storage/repositories.js';
import { directStream } from '../channel/channel-id.js';
import type { NotificationService, NotificationToSend } from '../notification/notification-service.js';
import { decodeCursor, decodeEdgeCursor, encodeCursor, encodeEdgeCursor, PositionClock } from '../social/edge-cursor.js';
import { userView, wholeSeconds, type OnlineCheck } from '../social/user-view.js';

/** Nakama's notification codes for the friend graph. */
export const FriendNotificationCode = { Request: -2, Accept: -3, Remove: -9 } as const;

/** Who is acting: the caller of a client operation, or a user the runtime acts for. */
export interface FriendCaller {
  userId: string;
  username: string;
}

/** Users named by id and by username, as every friend write takes them. */
export interface FriendTargets {
  ids?: readonly string[];
  usernames?: readonly string[];
}

export interface FriendServiceDeps {
  friends: FriendRepository;
  accounts: AccountRepository;
  notifications: NotificationService;
  tracker: Tracker;
  isOnline: OnlineCheck;
  logger: Logger;
  now?: () => number;
}

type Verb = 'add' | 'delete' | 'block';

const SELF_ERRORS: Record<Verb, () => Error> = {
  add: Errors.friendAddSelf,
  delete: Errors.friendDeleteSelf,
  block: Errors.friendBlockSelf,
};

/**
 * The friend graph: invites, accepts, removals and blocks, with Nakama's notifications (-2 request,
 * -3 accept, -9 removed) sent after the change commits. No SQL, no HTTP.
 */
export class FriendService {
  private readonly now: () => number;
  private readonly positions: PositionClock;

  constructor(private readonly deps: FriendServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.positions = new PositionClock(this.now);
  }

  /** Sends invites, or accepts the invites these users sent; users the caller blocked are skipped. */
  async add(caller: FriendCaller, targets: FriendTargets, metadata = ''): Promise<void> {
    if (metadata !== '' && !isJsonObject(metadata)) throw Errors.friendMetadataInvalid();
    const ids = await this.resolve(caller, targets, 'add');
    if (ids === null) return;
    const outcomes = await this.deps.friends.add(caller.userId, ids, metadata, this.now(), this.positions.next());
    const notes: NotificationToSend[] = [];
    for (const [friendId, outcome] of outcomes) {
      if (outcome === 'none') continue;
      const accepted = outcome === 'accepted';
      notes.push({
        userId: friendId,
        subject: accepted ? `${caller.username} accepted your friend request` : `${caller.username} wants to add you as a friend`,
        content: { username: caller.username },
        code: accepted ? FriendNotificationCode.Accept : FriendNotificationCode.Request,
        senderId: caller.userId,
        persistent: true,
      });
    }
    await this.notify(notes);
  }

  /** Removes friends, cancels sent invites, rejects received ones and lifts the caller's blocks. */
  async delete(caller: FriendCaller, targets: FriendTargets): Promise<void> {
    const ids = await this.resolve(caller, targets, 'delete');
    if (ids === null || ids.length === 0) return;
    const removed = await this.deps.friends.delete(caller.userId, ids, this.now());
    await this.notify(
      removed.map((friendId) => ({
        userId: friendId,
        subject: `${caller.username} removed you as a friend`,
        content: { username: caller.username },
        code: FriendNotificationCode.Remove,
        senderId: caller.userId,
        persistent: true,
      })),
    );
  }

  /** Blocks users; any direct chat between them ends. */
  async block(caller: FriendCaller, targets: FriendTargets): Promise<void> {
    const ids = await this.resolve(caller, targets, 'block');
    if (ids === null) return;
    await this.deps.friends.block(caller.userId, ids, this.now(), this.positions.next());
    for (const friendId of ids) {
      const stream = directStream(caller.userId, friendId);
      for (const presence of this.deps.tracker.listByStream(stream, true)) this.deps.tracker.untrack(presence.id.sessionId, stream);
    }
  }

  /** The caller's edges by state then age; `state` filters, and a cursor must come from the same filter. */
  async list(userId: string, limit: number, state: number | undefined, cursor: string): Promise<FriendList> {
    const after = cursor === '' ? undefined : decodeEdgeCursor(cursor);
    if (after === null) throw Errors.friendCursorInvalid();
    if (after !== undefined && state !== undefined && after.state !== state) throw Errors.friendCursorInvalid();
    const edges = await this.deps.friends.list(userId, limit + 1, state, after);
    const page = edges.slice(0, limit);
    const users = new Map((await this.deps.accounts.getUsers({ ids: page.map((e) => e.otherId) })).map((u) => [u.id, u]));
    const friends: Friend[] = [];
    for (const edge of page) {
      const user = users.get(edge.otherId);
      if (user === undefined) continue;
      // Nakama's friend listing leaves the friend's edge count out.
      friends.push({ user: { ...userView(user, this.deps.isOnline(user.id)), edgeCount: undefined }, state: edge.state, updateTime: wholeSeconds(edge.updateTime), metadata: edge.metadata });
    }
    const last = page.at(-1);
    return {
      friends,
      cursor: edges.length > limit && last ? encodeEdgeCursor({ state: last.state, position: last.position, id: last.otherId }) : undefined,
    };
  }

  /** Friends of the caller's friends who are not the caller's friends, each with the friend who links them. */
  async listFriendsOfFriends(userId: string, limit: number, cursor: string): Promise<FriendsOfFriendsList> {
    let after: { referrer: string; id: string } | undefined;
    if (cursor !== '') {
      const value = decodeCursor(cursor);
      const [referrer, id] = value ?? [];
      if (value === null || value.length !== 2 || typeof referrer !== 'string' || typeof id !== 'string' || !isUuid(referrer) || !isUuid(id)) {
        throw Errors.friendCursorInvalid();
      }
      after = { referrer, id };
    }
    const rows = await this.deps.friends.listFriendsOfFriends(userId, limit + 1, after);
    const page = rows.slice(0, limit);
    const users = new Map((await this.deps.accounts.getUsers({ ids: page.map((r) => r.userId) })).map((u) => [u.id, u]));
    const last = page.at(-1);
    return {
      friendsOfFriends: page.flatMap((row) => {
        const user = users.get(row.userId);
        return user ? [{ referrer: row.referrer, user: userView(user, this.deps.isOnline(user.id)) }] : [];
      }),
      cursor: rows.length > limit && last ? encodeCursor([last.referrer, last.userId]) : undefined,
    };
  }

  /**
   * Checks the named users as Nakama does and turns usernames into ids. Returns null when nothing was
   * named (a no-op); unknown usernames drop out, and an empty result is an error except for deletes.
   */
  private async resolve(caller: FriendCaller, targets: FriendTargets, verb: Verb): Promise<string[] | null> {
    const ids = targets.ids ?? [];
    const usernames = targets.usernames ?? [];
    if (ids.length === 0 && usernames.length === 0) return null;
    for (const id of ids) {
      if (id === caller.userId) throw SELF_ERRORS[verb]();
      if (!isUuid(id) || id === SYSTEM_USER_ID) throw ErrorsWith.friendUserIdInvalid(id);
    }
    for (const username of usernames) {
      if (username === '') throw Errors.friendUsernameEmpty();
      if (username === caller.username) throw SELF_ERRORS[verb]();
    }
    const byName = usernames.length === 0 ? [] : (await this.deps.accounts.getUsers({ usernames })).map((u) => u.id);
    const all = [...new Set([...ids.map((id) => id.toLowerCase()), ...byName])].filter((id) => id !== caller.userId);
    if (all.length === 0 && verb !== 'delete') throw Errors.friendNoValidId();
    return all;
  }

  /** Notifications go out after the commit; a failure to send never undoes the change. */
  private async notify(notes: NotificationToSend[]): Promise<void> {
    if (notes.length === 0) return;
    try {
      await this.deps.notifications.send(notes);
    } catch (err) {
      this.deps.logger.warn('friend notifications failed', { err });
    }
  }
}

function isJsonObject(text: string): boolean {
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}
