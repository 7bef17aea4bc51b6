import { Errors } from '../../common/errors.js';
import { isUuid, SYSTEM_USER_ID, uuidv4 } from '../../common/ids.js';
import type { Logger } from '../../common/logger.js';
import type { Tracker } from '../../presence/tracker.js';
import type { Group, GroupList, GroupUserList, UserGroupList } from '../../protocol/api-group.js';
import {
  GroupState,
  GroupWriteRefused,
  type AccountRepository,
  type GroupFilter,
  type GroupListPosition,
  type GroupPatch,
  type GroupRecord,
  type GroupRepository,
} from '../../storage/repositories.js';
import { groupStream } from '../channel/channel-id.js';
import type { NotificationService, NotificationToSend } from '../notification/notification-service.js';
import { decodeCursor, decodeEdgeCursor, encodeCursor, encodeEdgeCursor, PositionClock } from '../social/edge-cursor.js';
import { userView, wholeSeconds, type OnlineCheck } from '../social/user-view.js';

/** Nakama's notification codes for groups. */
export const GroupNotificationCode = { Added: -4, JoinRequest: -5 } as const;

/** Nakama's channel message codes for group membership events. */
export const GroupChatEventCode = { Join: 3, Add: 4, Leave: 5, Kick: 6, Promote: 7, Ban: 8, Demote: 9 } as const;

/** Where membership events go: the group's chat channel (ChannelService.postGroupEvent). */
export interface GroupChatEvents {
  post(groupId: string, code: number, user: { userId: string; username: string }): Promise<void>;
}

/** Nakama's default group size. */
export const DEFAULT_MAX_COUNT = 100;

export interface GroupCaller {
  userId: string;
  username: string;
}

export interface NewGroup {
  name: string;
  description?: string;
  langTag?: string;
  avatarUrl?: string;
  open?: boolean;
  /** 0 or absent: Nakama's default of 100. */
  maxCount?: number;
  /** A JSON object as text; only the runtime sets it (the client API has no field for it). */
  metadata?: string;
}

export interface GroupListQuery {
  name?: string;
  langTag?: string;
  open?: boolean;
  members?: number;
}

export interface GroupServiceDeps {
  groups: GroupRepository;
  accounts: AccountRepository;
  notifications: NotificationService;
  tracker: Tracker;
  isOnline: OnlineCheck;
  logger: Logger;
  /** Membership events in the group channel; absent, none are written. */
  chatEvents?: GroupChatEvents;
  now?: () => number;
}

type Moderation = 'kick' | 'ban' | 'promote' | 'demote';

/**
 * Groups: create, update, delete, membership (join, leave, add, kick, ban, promote, demote) and listings.
 * The system user acts with superadmin rights, as Nakama's runtime does. No SQL, no HTTP.
 */
export class GroupService {
  private readonly now: () => number;
  private readonly positions: PositionClock;

  constructor(private readonly deps: GroupServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.positions = new PositionClock(this.now);
  }

  async create(creatorId: string, input: NewGroup): Promise<Group> {
    if (!input.name) throw Errors.groupNameRequired();
    const maxCount = input.maxCount ?? 0;
    if (maxCount !== 0 && maxCount < 1) throw Errors.groupMaxCountInvalid();
    const now = this.now();
    const record: GroupRecord = {
      id: uuidv4(),
      creatorId,
      name: input.name,
      description: input.description ?? '',
      avatarUrl: input.avatarUrl ?? '',
      langTag: input.langTag || 'en',
      metadata: input.metadata || '{}',
      open: input.open ?? false,
      edgeCount: 1,
      maxCount: maxCount || DEFAULT_MAX_COUNT,
      createTime: now,
      updateTime: now,
    };
    try {
      await this.deps.groups.create(record, this.positions.next());
    } catch (err) {
      if (err instanceof GroupWriteRefused && err.reason === 'name_in_use') throw Errors.groupNameInUse();
      throw err;
    }
    return groupView(record);
  }

  /** Live groups by id, in no particular order; unknown ids are left out (nk.groupsGetId). */
  async getGroups(groupIds: readonly string[]): Promise<Group[]> {
    const ids = groupIds.filter(isUuid).map((id) => id.toLowerCase());
    return ids.length === 0 ? [] : (await this.deps.groups.get(ids)).map(groupView);
  }

  async update(callerId: string, groupId: string, patch: GroupPatch): Promise<void> {
    const id = checkGroupId(groupId);
    if (patch.name !== undefined && patch.name === '') throw Errors.groupNameEmpty();
    if (patch.langTag !== undefined && patch.langTag === '') throw Errors.groupLangEmpty();
    if (patch.maxCount !== undefined && patch.maxCount < 1) throw Errors.groupMaxCountInvalid();
    if (!(await this.hasRank(id, callerId, GroupState.Admin))) throw Errors.groupUpdateDenied();
    if (Object.values(patch).every((v) => v === undefined)) throw Errors.groupUpdateNoFields();
    let updated: boolean;
    try {
      updated = await this.deps.groups.update(id, patch, this.now());
    } catch (err) {
      if (err instanceof GroupWriteRefused && err.reason === 'name_in_use') throw Errors.groupNameInUseOnUpdate();
      throw err;
    }
    if (!updated) throw Errors.groupNotUpdated();
  }

  /** Superadmins only; the group chat closes with it. */
  async delete(callerId: string, groupId: string): Promise<void> {
    const id = checkGroupId(groupId);
    if (!(await this.hasRank(id, callerId, GroupState.Superadmin))) throw Errors.groupDeleteDenied();
    await this.deps.groups.delete(id);
    this.dropChatPresences(id, null);
  }

  /** Open groups take the caller as a member; closed ones file a join request and tell the admins. */
  async join(caller: GroupCaller, groupId: string): Promise<void> {
    const id = checkGroupId(groupId);
    const [group] = await this.deps.groups.get([id]);
    if (group === undefined) throw Errors.groupNotFound();
    if (group.edgeCount >= group.maxCount) throw Errors.groupFull();
    let outcome;
    try {
      outcome = await this.deps.groups.join(id, caller.userId, group.open, this.now(), this.positions.next());
    } catch (err) {
      if (err instanceof GroupWriteRefused && err.reason === 'full') throw Errors.groupFull();
      if (err instanceof GroupWriteRefused && err.reason === 'not_found') throw Errors.groupNotFound();
      throw err;
    }
    if (outcome === 'joined') await this.postEvents(id, GroupChatEventCode.Join, [caller]);
    if (outcome !== 'requested') return;
    const admins = await this.deps.groups.adminIds(id);
    await this.notify(
      admins.map((adminId) => ({
        userId: adminId,
        subject: `User ${caller.username} wants to join your group`,
        content: { group_id: id, username: caller.username },
        code: GroupNotificationCode.JoinRequest,
        senderId: caller.userId,
        persistent: true,
      })),
    );
  }

  /** The last superadmin may leave only as the last member, which deletes the group. */
  async leave(caller: GroupCaller, groupId: string): Promise<void> {
    const id = checkGroupId(groupId);
    const callerId = caller.userId;
    let outcome;
    try {
      outcome = await this.deps.groups.leave(id, callerId, this.now());
    } catch (err) {
      if (err instanceof GroupWriteRefused && err.reason === 'last_superadmin') throw Errors.groupLastSuperadmin();
      throw err;
    }
    if (outcome === 'deleted') this.dropChatPresences(id, null);
    else if (outcome === 'left') {
      await this.postEvents(id, GroupChatEventCode.Leave, [caller]);
      this.dropChatPresences(id, new Set([callerId]));
    }
  }

  /** Admins add users as members or accept their join requests; the added are notified. */
  async addUsers(callerId: string, groupId: string, userIds: readonly string[]): Promise<void> {
    const id = checkGroupId(groupId);
    if (userIds.length === 0) return;
    const targets = checkUserIds(userIds).filter((u) => u !== callerId);
    await this.callerRank(id, callerId);
    const [group] = await this.deps.groups.get([id]);
    if (group === undefined) throw Errors.groupPermissionDenied();
    let added: string[];
    try {
      added = await this.deps.groups.add(id, targets, this.now(), this.positions.next());
    } catch (err) {
      if (err instanceof GroupWriteRefused) {
        if (err.reason === 'full') throw Errors.groupFull();
        if (err.reason === 'user_not_found') throw Errors.groupUsersNotFound();
        if (err.reason === 'not_found') throw Errors.groupPermissionDenied();
      }
      throw err;
    }
    await this.postEvents(id, GroupChatEventCode.Add, await this.named(added));
    await this.notify(
      added.map((userId) => ({
        userId,
        subject: `You've been added to group ${group.name}`,
        content: { group_id: id, name: group.name },
        code: GroupNotificationCode.Added,
        senderId: callerId,
        persistent: true,
      })),
    );
  }

  kickUsers(callerId: string, groupId: string, userIds: readonly string[]): Promise<void> {
    return this.moderate('kick', callerId, groupId, userIds);
  }

  banUsers(callerId: string, groupId: string, userIds: readonly string[]): Promise<void> {
    return this.moderate('ban', callerId, groupId, userIds);
  }

  promoteUsers(callerId: string, groupId: string, userIds: readonly string[]): Promise<void> {
    return this.moderate('promote', callerId, groupId, userIds);
  }

  demoteUsers(callerId: string, groupId: string, userIds: readonly string[]): Promise<void> {
    return this.moderate('demote', callerId, groupId, userIds);
  }

  async listGroupUsers(groupId: string, limit: number, state: number | undefined, cursor: string): Promise<GroupUserList> {
    const id = checkGroupId(groupId);
    const after = this.edgeCursor(cursor, state);
    const edges = await this.deps.groups.listMembers(id, limit + 1, state, after);
    const page = edges.slice(0, limit);
    const users = new Map((await this.deps.accounts.getUsers({ ids: page.map((e) => e.userId) })).map((u) => [u.id, u]));
    const last = page.at(-1);
    return {
      groupUsers: page.flatMap((edge) => {
        const user = users.get(edge.userId);
        return user ? [{ user: userView(user, this.deps.isOnline(user.id)), state: edge.state }] : [];
      }),
      cursor: edges.length > limit && last ? encodeEdgeCursor({ state: last.state, position: last.position, id: last.userId }) : undefined,
    };
  }

  async listUserGroups(userId: string, limit: number, state: number | undefined, cursor: string): Promise<UserGroupList> {
    if (userId === '') throw Errors.groupUserIdRequired();
    // Nakama's text for a malformed user id here names the group.
    if (!isUuid(userId)) throw Errors.groupIdInvalid();
    const after = this.edgeCursor(cursor, state);
    const edges = await this.deps.groups.listUserGroups(userId.toLowerCase(), limit + 1, state, after);
    const page = edges.slice(0, limit);
    const groups = new Map((await this.deps.groups.get(page.map((e) => e.groupId))).map((g) => [g.id, g]));
    const last = page.at(-1);
    return {
      userGroups: page.flatMap((edge) => {
        const group = groups.get(edge.groupId);
        return group ? [{ group: groupView(group), state: edge.state }] : [];
      }),
      cursor: edges.length > limit && last ? encodeEdgeCursor({ state: last.state, position: last.position, id: last.groupId }) : undefined,
    };
  }

  /** A name pattern (SQL LIKE, leading `%` and spaces dropped) or any mix of the other filters. */
  async list(query: GroupListQuery, limit: number, cursor: string): Promise<GroupList> {
    let name = query.name ?? '';
    if (name !== '' && (query.langTag || query.open !== undefined || query.members !== undefined)) throw Errors.groupListNameCombined();
    name = name.replace(/^[% ]+/, '');
    let after: GroupListPosition | undefined;
    if (cursor !== '') {
      const value = decodeCursor(cursor);
      const [afterName, createTime, id] = value ?? [];
      if (value === null || typeof afterName !== 'string' || typeof createTime !== 'number' || typeof id !== 'string') throw Errors.groupListCursorMalformed();
      after = { name: afterName, createTime, id };
    }
    const filter: GroupFilter =
      name !== '' ? { name } : { langTag: query.langTag || undefined, open: query.open, maxMembers: query.members };
    const records = await this.deps.groups.list(filter, limit + 1, after);
    const page = records.slice(0, limit);
    const last = page.at(-1);
    return {
      groups: page.map(groupView),
      cursor: records.length > limit && last ? encodeCursor([last.name, last.createTime, last.id]) : undefined,
    };
  }

  /** Whether the user may chat in the group: a member of any rank, not a join request or a ban. */
  async isMember(groupId: string, userId: string): Promise<boolean> {
    if (!isUuid(groupId) || !isUuid(userId)) return false;
    const state = await this.deps.groups.stateOf(groupId.toLowerCase(), userId.toLowerCase());
    return state !== null && state <= GroupState.Member;
  }

  private async moderate(action: Moderation, callerId: string, groupId: string, userIds: readonly string[]): Promise<void> {
    const id = checkGroupId(groupId);
    if (userIds.length === 0) {
      if (action === 'demote') throw Errors.groupUserIdsRequired();
      return;
    }
    const targets = checkUserIds(userIds).filter((u) => u !== callerId);
    const rank = await this.callerRank(id, callerId);
    const now = this.now();
    const groups = this.deps.groups;
    let changed: string[];
    try {
      if (action === 'promote') changed = await groups.promote(id, rank, targets, now);
      else if (action === 'demote') changed = await groups.demote(id, rank, targets, now);
      else if (action === 'kick') changed = await groups.kick(id, rank, targets, now);
      else changed = await groups.ban(id, rank, targets, now, this.positions.next());
    } catch (err) {
      if (err instanceof GroupWriteRefused && err.reason === 'full') throw Errors.groupFull();
      throw err;
    }
    const codes = { kick: GroupChatEventCode.Kick, ban: GroupChatEventCode.Ban, promote: GroupChatEventCode.Promote, demote: GroupChatEventCode.Demote };
    // The removed still see the event about them, then leave the channel, as in Nakama.
    await this.postEvents(id, codes[action], await this.named(changed));
    if (action === 'kick' || action === 'ban') this.dropChatPresences(id, new Set(changed));
  }

  /** The caller's state when it is admin or better (the system user ranks as superadmin), else denied. */
  private async callerRank(groupId: string, callerId: string): Promise<number> {
    if (callerId === SYSTEM_USER_ID) return GroupState.Superadmin;
    const state = await this.deps.groups.stateOf(groupId, callerId);
    if (state === null || state > GroupState.Admin) throw Errors.groupPermissionDenied();
    return state;
  }

  private async hasRank(groupId: string, callerId: string, atLeast: number): Promise<boolean> {
    if (callerId === SYSTEM_USER_ID) return true;
    const state = await this.deps.groups.stateOf(groupId, callerId);
    return state !== null && state <= atLeast;
  }

  private edgeCursor(cursor: string, state: number | undefined) {
    if (cursor === '') return undefined;
    const after = decodeEdgeCursor(cursor);
    if (after === null || (state !== undefined && after.state !== state)) throw Errors.groupCursorInvalid();
    return after;
  }

  /** Removes the given users' (or everyone's, for null) presences from the group chat. */
  private dropChatPresences(groupId: string, userIds: ReadonlySet<string> | null): void {
    const stream = groupStream(groupId);
    for (const presence of this.deps.tracker.listByStream(stream, true)) {
      if (userIds === null || userIds.has(presence.userId)) this.deps.tracker.untrack(presence.id.sessionId, stream);
    }
  }

  private async named(userIds: readonly string[]): Promise<GroupCaller[]> {
    if (userIds.length === 0) return [];
    const users = await this.deps.accounts.getUsers({ ids: userIds });
    return users.map((u) => ({ userId: u.id, username: u.username }));
  }

  /** Membership events go out after the commit; a failure is logged and never undoes the change. */
  private async postEvents(groupId: string, code: number, users: readonly GroupCaller[]): Promise<void> {
    const events = this.deps.chatEvents;
    if (events === undefined) return;
    for (const user of users) {
      try {
        await events.post(groupId, code, user);
      } catch (err) {
        this.deps.logger.warn('group chat event failed', { err, groupId, code });
      }
    }
  }

  private async notify(notes: NotificationToSend[]): Promise<void> {
    if (notes.length === 0) return;
    try {
      await this.deps.notifications.send(notes);
    } catch (err) {
      this.deps.logger.warn('group notifications failed', { err });
    }
  }
}

function checkGroupId(groupId: string): string {
  if (groupId === '') throw Errors.groupIdRequired();
  if (!isUuid(groupId)) throw Errors.groupIdInvalid();
  return groupId.toLowerCase();
}

function checkUserIds(userIds: readonly string[]): string[] {
  return userIds.map((id) => {
    if (!isUuid(id) || id === SYSTEM_USER_ID) throw Errors.groupUserIdInvalid();
    return id.toLowerCase();
  });
}

export function groupView(g: GroupRecord): Group {
  return {
    id: g.id,
    creatorId: g.creatorId,
    name: g.name,
    description: g.description,
    langTag: g.langTag,
    metadata: g.metadata,
    avatarUrl: g.avatarUrl,
    open: g.open,
    edgeCount: g.edgeCount,
    maxCount: g.maxCount,
    createTime: wholeSeconds(g.createTime),
    updateTime: wholeSeconds(g.updateTime),
  };
}
