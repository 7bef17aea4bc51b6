import { isUuid } from '../../common/ids.js';
import type { AccountRepository } from '../../storage/repositories.js';
import type { MessageRouter } from '../../presence/message-router.js';
import type { Tracker } from '../../presence/tracker.js';
import { StreamMode, type Presence, type PresenceId, type PresenceStream } from '../../presence/stream.js';
import type { UserPresence } from '../../protocol/realtime-messages.js';

/** Thrown for input Nakama answers with a BAD_INPUT realtime error. */
export class StatusInputError extends Error {}

export const MAX_STATUS_LENGTH = 2048;

export interface StatusSession {
  id: string;
  userId: string;
  username: string;
  node: string;
}

export function statusStream(userId: string): PresenceStream {
  return { mode: StreamMode.Status, subject: userId, subcontext: '', label: '' };
}

export function toUserPresence(p: Presence): UserPresence {
  return { userId: p.userId, sessionId: p.id.sessionId, username: p.meta.username, persistence: p.meta.persistence, status: p.meta.status };
}

/**
 * Online status: who follows whom, and the presence events followers receive when a followed user's
 * status stream changes (connect with status, status_update, disconnect). Every session follows itself.
 */
export class StatusService {
  /** Followed user id -> follower presences. */
  private readonly followers = new Map<string, Map<string, PresenceId>>();
  /** Follower session id -> followed user ids. */
  private readonly follows = new Map<string, Set<string>>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly tracker: Tracker,
    private readonly router: MessageRouter,
    private readonly accounts: AccountRepository,
  ) {
    this.unsubscribe = tracker.subscribe((event) => {
      if (event.stream.mode !== StreamMode.Status) return;
      const targets = this.followers.get(event.stream.subject);
      if (!targets || targets.size === 0) return;
      this.router.sendToPresenceIds([...targets.values()], {
        case: 'status_presence_event',
        payload: { joins: event.joins.map(toUserPresence), leaves: event.leaves.map(toUserPresence) },
      });
    });
  }

  dispose(): void {
    this.unsubscribe();
  }

  /** A new socket: follow yourself, and appear online when the client asked for `status=true`. */
  sessionStarted(session: StatusSession, appearOnline: boolean): void {
    this.addFollows(session, [session.userId]);
    if (appearOnline) {
      this.tracker.track(session.id, statusStream(session.userId), session.userId, { username: session.username, hidden: false, persistence: false, status: '' });
    }
  }

  sessionEnded(sessionId: string): void {
    for (const userId of this.follows.get(sessionId) ?? []) this.dropFollower(userId, sessionId);
    this.follows.delete(sessionId);
  }

  /** Follows users by id and username; returns the followed users' current status presences. */
  async follow(session: StatusSession, userIds: readonly string[], usernames: readonly string[]): Promise<UserPresence[]> {
    for (const id of userIds) if (!isUuid(id)) throw new StatusInputError('Invalid user identifier');
    const ids = new Set(userIds);
    if (usernames.length > 0) {
      for (const user of await this.accounts.getUsers({ usernames })) ids.add(user.id);
    }
    if (ids.size === 0) return [];
    this.addFollows(session, [...ids]);
    const presences: UserPresence[] = [];
    for (const id of ids) for (const p of this.tracker.listByStream(statusStream(id), false)) presences.push(toUserPresence(p));
    return presences;
  }

  unfollow(session: StatusSession, userIds: readonly string[]): void {
    for (const id of userIds) if (!isUuid(id)) throw new StatusInputError('Invalid user identifier');
    const mine = this.follows.get(session.id);
    for (const id of userIds) {
      // A session always follows itself.
      if (id === session.userId) continue;
      mine?.delete(id);
      this.dropFollower(id, session.id);
    }
  }

  /** A status string makes the session appear online with it; undefined makes it appear offline. */
  update(session: StatusSession, status: string | undefined): void {
    const stream = statusStream(session.userId);
    if (status === undefined) {
      this.tracker.untrack(session.id, stream);
      return;
    }
    if ([...status].length > MAX_STATUS_LENGTH) throw new StatusInputError('Status must be 2048 characters or less.');
    this.tracker.update(session.id, stream, session.userId, { username: session.username, hidden: false, persistence: false, status });
  }

  followerCount(): number {
    return this.follows.size;
  }

  private addFollows(session: StatusSession, userIds: readonly string[]): void {
    let mine = this.follows.get(session.id);
    if (!mine) this.follows.set(session.id, (mine = new Set()));
    for (const userId of userIds) {
      mine.add(userId);
      let set = this.followers.get(userId);
      if (!set) this.followers.set(userId, (set = new Map()));
      set.set(session.id, { node: session.node, sessionId: session.id });
    }
  }

  private dropFollower(userId: string, sessionId: string): void {
    const set = this.followers.get(userId);
    set?.delete(sessionId);
    if (set?.size === 0) this.followers.delete(userId);
  }
}
