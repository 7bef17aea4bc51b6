import type { SqlDatabase } from './sql.js';
/**
 * Repository interfaces: what core needs from a database, in domain words. One implementation runs over
 * any SqlDatabase (SQLite or PostgreSQL); core never sees SQL.
 * Times are unix milliseconds; 0 means "not set".
 */

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  avatarUrl: string;
  langTag: string;
  location: string;
  timezone: string;
  metadata: string;
  wallet: string;
  email: string | null;
  customId: string | null;
  facebookId: string | null;
  googleId: string | null;
  gamecenterId: string | null;
  steamId: string | null;
  appleId: string | null;
  facebookInstantGameId: string | null;
  edgeCount: number;
  createTime: number;
  updateTime: number;
  verifyTime: number;
  disableTime: number;
}

/** What authentication needs to decide on a login: identity, ban state and the password hash. */
export interface LoginRecord {
  id: string;
  username: string;
  disableTime: number;
  passwordHash: string | null;
}

/** A way in: at least one must remain on every account. */
export type IdentityKind = 'device' | 'custom' | 'email';

export interface NewUser {
  id: string;
  username: string;
  createTime: number;
  customId?: string;
  email?: string;
  passwordHash?: string;
  deviceId?: string;
}

/** Only the fields present are changed. */
export interface AccountPatch {
  username?: string;
  displayName?: string;
  avatarUrl?: string;
  langTag?: string;
  location?: string;
  timezone?: string;
}

/** Why a write was refused; core maps each to the client-facing error. */
export type AccountConflict = 'username' | 'device' | 'custom' | 'email';

export class AccountConflictError extends Error {
  constructor(readonly conflict: AccountConflict) {
    super(`account conflict on ${conflict}`);
    this.name = 'AccountConflictError';
  }
}

export interface AccountRepository {
  findLoginByDevice(deviceId: string): Promise<LoginRecord | null>;
  findLoginByCustomId(customId: string): Promise<LoginRecord | null>;
  findLoginByEmail(email: string): Promise<LoginRecord | null>;
  findLoginByUsername(username: string): Promise<LoginRecord | null>;
  findLoginById(userId: string): Promise<LoginRecord | null>;

  /** Inserts the user and, if given, its device in one transaction; throws AccountConflictError. */
  createUser(user: NewUser): Promise<void>;
  getUser(userId: string): Promise<UserRecord | null>;
  getUsers(query: { ids?: readonly string[]; usernames?: readonly string[]; facebookIds?: readonly string[] }): Promise<UserRecord[]>;
  listDeviceIds(userId: string): Promise<string[]>;
  /** The user and their device ids in one query (GetAccount's read, one round trip on PostgreSQL). */
  getUserWithDevices(userId: string): Promise<{ user: UserRecord; deviceIds: string[] } | null>;
  /** Returns false when the user does not exist; throws AccountConflictError on a taken username. */
  updateAccount(userId: string, patch: AccountPatch, now: number): Promise<boolean>;
  /** Deletes the user and everything that cascades from it; returns false when it did not exist. */
  deleteUser(userId: string): Promise<boolean>;

  /** Attaches an identity; linking one the user already has is a no-op. Throws AccountConflictError when another user holds it. */
  linkDevice(userId: string, deviceId: string, now: number): Promise<void>;
  linkCustom(userId: string, customId: string, now: number): Promise<void>;
  linkEmail(userId: string, email: string, passwordHash: string, now: number): Promise<void>;
  /**
   * Detaches an identity only if the user holds it and keeps at least one other way in, checked in the
   * same transaction as the change. Returns false when either condition fails.
   */
  unlink(userId: string, kind: IdentityKind, value: string, now: number): Promise<boolean>;
}

export interface RevocationSnapshot {
  /** Individually revoked token ids with the time after which the revocation can be forgotten. */
  tokens: { tid: string; expiresAt: number }[];
  /** Per user: every session whose token id was minted at or before this time is revoked. */
  users: { userId: string; revokedAt: number }[];
}

export interface SessionRepository {
  revokeToken(tid: string, userId: string, expiresAt: number): Promise<void>;
  revokeAllForUser(userId: string, revokedAt: number): Promise<void>;
  loadRevocations(now: number): Promise<RevocationSnapshot>;
  /** Forgets token revocations whose tokens have expired anyway. */
  pruneRevocations(now: number): Promise<number>;
}

/** A stored notification; `senderId` is '' when the system sent it, `content` a JSON object as text. */
export interface NotificationRecord {
  id: string;
  userId: string;
  subject: string;
  content: string;
  code: number;
  senderId: string;
  createTime: number;
}

/** A place in one user's notifications, which are ordered by (createTime, id). */
export interface NotificationPosition {
  createTime: number;
  id: string;
}

export interface NotificationRepository {
  /** Stores every notification in one transaction; a missing recipient fails them all. */
  insert(notifications: readonly NotificationRecord[]): Promise<void>;
  /** The user's notifications oldest first, only those strictly after `after` when it is given. */
  list(userId: string, limit: number, after?: NotificationPosition): Promise<NotificationRecord[]>;
  /** Deletes those of `ids` that belong to the user, ignoring the rest; returns how many went. */
  delete(userId: string, ids: readonly string[]): Promise<number>;
}

/** Where a chat message lives: its channel's presence stream (absent parts are ''). */
export interface MessageStream {
  mode: number;
  subject: string;
  subcontext: string;
  label: string;
}

/** A stored chat message; `content` is a JSON object as text. */
export interface MessageRecord {
  id: string;
  code: number;
  senderId: string;
  username: string;
  stream: MessageStream;
  content: string;
  createTime: number;
  updateTime: number;
}

/** A place in one channel's history, which is ordered by (createTime, id). */
export interface MessagePosition {
  createTime: number;
  id: string;
}

export interface MessageRepository {
  insert(message: MessageRecord): Promise<void>;
  /** Changes the sender's message; returns its create time, or null when the sender has no message with that id. */
  update(id: string, senderId: string, change: { content: string; username: string; updateTime: number }): Promise<number | null>;
  /** Deletes the sender's message; returns its times, or null when the sender has no message with that id. */
  remove(id: string, senderId: string): Promise<{ createTime: number; updateTime: number } | null>;
  /** One channel's messages oldest first (or newest first), only those strictly beyond `after` when it is given. */
  list(stream: MessageStream, limit: number, ascending: boolean, after?: MessagePosition): Promise<MessageRecord[]>;
}

/** A leaderboard or tournament as stored (a tournament has durationSec > 0). Times are unix ms, 0 = not set. */
export interface LeaderboardDefinition {
  id: string;
  authoritative: boolean;
  sortOrder: 'asc' | 'desc';
  operator: 'best' | 'set' | 'incr' | 'decr';
  /** Cron expression; '' when the board never resets. */
  resetSchedule: string;
  metadata: string;
  createTime: number;
  enableRanks: boolean;
  category: number;
  title: string;
  description: string;
  durationSec: number;
  startTime: number;
  endTime: number;
  /** Most participants per period; 2147483647 means no limit, as in Nakama. */
  maxSize: number;
  /** Most submissions per owner per period; 0 = unlimited. */
  maxNumScore: number;
  joinRequired: boolean;
}

/** One owner's record for one period of a board; `expiryTime` is 0 on boards that never reset. */
export interface LeaderboardRecordRow {
  leaderboardId: string;
  ownerId: string;
  username: string | null;
  score: number;
  subscore: number;
  numScore: number;
  maxNumScore: number;
  metadata: string;
  createTime: number;
  updateTime: number;
  expiryTime: number;
}

/** A place in a period's (score, subscore, owner id) order. */
export interface LeaderboardRecordKey {
  score: number;
  subscore: number;
  ownerId: string;
}

export interface LeaderboardRecordWrite {
  leaderboardId: string;
  ownerId: string;
  /** null keeps the stored username. */
  username: string | null;
  score: number;
  subscore: number;
  /** null keeps the stored metadata ('{}' on a new record). */
  metadata: string | null;
  expiryTime: number;
  operator: 'best' | 'set' | 'incr' | 'decr';
  sortOrder: 'asc' | 'desc';
  now: number;
}

export interface TournamentRecordWrite extends LeaderboardRecordWrite {
  maxNumScore: number;
  joinRequired: boolean;
  /** True when the tournament counts participants against a max size. */
  limitedSize: boolean;
}

export type TournamentWriteOutcome =
  | { kind: 'written'; record: LeaderboardRecordRow }
  | { kind: 'notJoined' }
  | { kind: 'maxNumScore' }
  | { kind: 'full' };

export interface LeaderboardRepository {
  /** Inserts a definition; false when the id is taken (creation is idempotent in core). */
  insertLeaderboard(definition: LeaderboardDefinition): Promise<boolean>;
  listLeaderboards(): Promise<LeaderboardDefinition[]>;
  /** Deletes the board and all its records; false when it did not exist. */
  deleteLeaderboard(id: string): Promise<boolean>;
  /** Applies the operator in one statement; `changed` is false when the write left the record as it was. */
  writeRecord(write: LeaderboardRecordWrite): Promise<{ record: LeaderboardRecordRow; changed: boolean }>;
  /** A tournament write with its join, submission-count and size rules, all in one transaction. */
  writeTournamentRecord(write: TournamentRecordWrite): Promise<TournamentWriteOutcome>;
  /** Creates an empty record for the owner; 'full' when a limited tournament has no room left. */
  joinTournament(join: { leaderboardId: string; ownerId: string; username: string; expiryTime: number; maxNumScore: number; limitedSize: boolean; now: number }): Promise<'joined' | 'already' | 'full'>;
  /** Deletes one owner's record of a period (freeing a tournament place when `limitedSize`); false when none. */
  deleteRecord(leaderboardId: string, ownerId: string, expiryTime: number, limitedSize: boolean): Promise<boolean>;
  getRecords(leaderboardId: string, expiryTime: number, ownerIds: readonly string[]): Promise<LeaderboardRecordRow[]>;
  /**
   * One period's records in (score, subscore, owner id) order, ascending or descending, only those strictly
   * beyond `after` when it is given.
   */
  listRecords(leaderboardId: string, expiryTime: number, direction: 'asc' | 'desc', limit: number, after?: LeaderboardRecordKey): Promise<LeaderboardRecordRow[]>;
  /** Like listRecords but only what ranks need, for rebuilding the rank cache. */
  scanRanks(leaderboardId: string, expiryTime: number, direction: 'asc' | 'desc', limit: number, after?: LeaderboardRecordKey): Promise<(LeaderboardRecordKey & { numScore: number })[]>;
  /** Current participant counts of tournaments by id. */
  tournamentSizes(ids: readonly string[]): Promise<Map<string, number>>;
  /** Empties a tournament's participant count when a new period opens. */
  resetTournamentSize(id: string): Promise<void>;
  /** Deletes every record of an owner (account deletion); returns which periods they were in. */
  deleteOwnerRecords(ownerId: string): Promise<{ leaderboardId: string; expiryTime: number }[]>;
}

/** Friend edge states, as Nakama numbers them. */
export const FriendState = { Friend: 0, InviteSent: 1, InviteReceived: 2, Blocked: 3 } as const;

/** One direction of a friendship: what `userId` (the owner) sees of `otherId`. */
export interface FriendEdgeRecord {
  otherId: string;
  state: number;
  position: number;
  updateTime: number;
  /** The owner's private notes on this friend, a JSON object as text. */
  metadata: string;
}

/** A place in one user's edges, which are ordered by (state, position, id). */
export interface EdgePosition {
  state: number;
  position: number;
  id: string;
}

/** What adding one user did: accepted their invite, sent ours, or nothing (blocked, missing, already there). */
export type FriendAddOutcome = 'accepted' | 'invited' | 'none';

export interface FriendRepository {
  /** Adds or accepts each friend in one transaction; `position` orders the new edges. */
  add(userId: string, friendIds: readonly string[], metadata: string, now: number, position: number): Promise<Map<string, FriendAddOutcome>>;
  /** Removes friendships, invites either way and own blocks in one transaction; returns whom a full friendship or invite was removed with. */
  delete(userId: string, friendIds: readonly string[], now: number): Promise<string[]>;
  /** Blocks each existing user in one transaction, dropping their edge towards the blocker unless it is a block. */
  block(userId: string, friendIds: readonly string[], now: number, position: number): Promise<void>;
  /** The user's edges by state, then position, only those strictly after `after`. */
  list(userId: string, limit: number, state: number | undefined, after?: EdgePosition): Promise<FriendEdgeRecord[]>;
  /** Friends (state 0) of the user's friends that are neither the user nor their friends, ordered by (referrer, id). */
  listFriendsOfFriends(userId: string, limit: number, after?: { referrer: string; id: string }): Promise<{ referrer: string; userId: string }[]>;
}

/** Group member states, as Nakama numbers them. */
export const GroupState = { Superadmin: 0, Admin: 1, Member: 2, JoinRequest: 3, Banned: 4 } as const;

export interface GroupRecord {
  id: string;
  creatorId: string;
  name: string;
  description: string;
  avatarUrl: string;
  langTag: string;
  metadata: string;
  open: boolean;
  edgeCount: number;
  maxCount: number;
  createTime: number;
  updateTime: number;
}

/** Only the fields present are changed; metadata and maxCount are for the runtime and the console. */
export interface GroupPatch {
  name?: string;
  description?: string;
  avatarUrl?: string;
  langTag?: string;
  open?: boolean;
  metadata?: string;
  maxCount?: number;
}

/** A user's place in a group, seen from either side. */
export interface GroupEdgeRecord {
  groupId: string;
  userId: string;
  state: number;
  position: number;
}

/** ListGroups filters; a name pattern (SQL LIKE, case-insensitive) is never combined with the others. */
export interface GroupFilter {
  name?: string;
  langTag?: string;
  open?: boolean;
  /** Groups with at most this many members. */
  maxMembers?: number;
}

/** A place in a group listing: by name when filtering by name, else by (create_time, id). */
export interface GroupListPosition {
  name: string;
  createTime: number;
  id: string;
}

/** Why a group write was refused as a whole; core maps each to the client-facing error. */
export type GroupRefusal = 'name_in_use' | 'not_found' | 'full' | 'user_not_found' | 'last_superadmin';

export class GroupWriteRefused extends Error {
  constructor(readonly reason: GroupRefusal) {
    super(`group write refused: ${reason}`);
    this.name = 'GroupWriteRefused';
  }
}

/** What a join did: became a member, filed a join request, or nothing (already in, or banned). */
export type GroupJoinOutcome = 'joined' | 'requested' | 'none';
/** What a leave did; 'deleted' when the last member, a superadmin, left and the group went with them. */
export type GroupLeaveOutcome = 'left' | 'deleted' | 'none';

/**
 * Groups and their members. Every write that changes membership runs in one transaction that first locks
 * the group row, and member counts move only through a conditional UPDATE (edge_count < max_count), so
 * concurrent joins can never push a group past its max_count on either database.
 */
export interface GroupRepository {
  /** Inserts the group with its creator as superadmin; throws GroupWriteRefused('name_in_use'). */
  create(group: GroupRecord, position: number): Promise<void>;
  /** Live (not disabled) groups among `ids`. */
  get(ids: readonly string[]): Promise<GroupRecord[]>;
  /** Returns false when the group does not exist; throws GroupWriteRefused('name_in_use'). */
  update(groupId: string, patch: GroupPatch, now: number): Promise<boolean>;
  /** Deletes the group and every edge of it; returns false when it did not exist. */
  delete(groupId: string): Promise<boolean>;
  /** The user's state in the group, or null when they have no edge there. */
  stateOf(groupId: string, userId: string): Promise<number | null>;
  /** Member (open group) or join request (closed); throws GroupWriteRefused('full' or 'not_found'). */
  join(groupId: string, userId: string, open: boolean, now: number, position: number): Promise<GroupJoinOutcome>;
  /** Throws GroupWriteRefused('last_superadmin') when the caller is the last superadmin and others remain. */
  leave(groupId: string, userId: string, now: number): Promise<GroupLeaveOutcome>;
  /** Adds users as members or accepts their join requests, all or none; returns who became a member. Throws GroupWriteRefused. */
  add(groupId: string, userIds: readonly string[], now: number, position: number): Promise<string[]>;
  /** Removes users whose state is above `callerState` (any but the last superadmin for a superadmin); returns who was a member. */
  kick(groupId: string, callerState: number, userIds: readonly string[], now: number): Promise<string[]>;
  /** Like kick, but leaves a banned edge behind; returns who was a member. */
  ban(groupId: string, callerState: number, userIds: readonly string[], now: number, position: number): Promise<string[]>;
  /** Moves users one state up (join request to member counts against max_count); returns who moved. */
  promote(groupId: string, callerState: number, userIds: readonly string[], now: number): Promise<string[]>;
  /** Moves admins and superadmins one state down, never the last superadmin; returns who moved. */
  demote(groupId: string, callerState: number, userIds: readonly string[], now: number): Promise<string[]>;
  /** The group's edges by state, then position (banned users only when asked for state 4). */
  listMembers(groupId: string, limit: number, state: number | undefined, after?: EdgePosition): Promise<GroupEdgeRecord[]>;
  /** The user's group edges by state, then position (bans only when asked for state 4). */
  listUserGroups(userId: string, limit: number, state: number | undefined, after?: EdgePosition): Promise<GroupEdgeRecord[]>;
  /** Ids of the group's superadmins and admins. */
  adminIds(groupId: string): Promise<string[]>;
  list(filter: GroupFilter, limit: number, after?: GroupListPosition): Promise<GroupRecord[]>;
}

/** A stored storage object; `value` is a JSON object as text, `version` the md5 hex of that text. */
export interface StorageObjectRecord {
  collection: string;
  key: string;
  userId: string;
  value: string;
  version: string;
  read: number;
  write: number;
  createTime: number;
  updateTime: number;
}

/** Identifies one object; the system user's id for objects no user owns. */
export interface StorageObjectKey {
  collection: string;
  key: string;
  userId: string;
}

/** One write of a batch. `expectedVersion`: '' writes whatever is there, '*' only creates, else the stored version must match. */
export interface StorageWriteRecord extends StorageObjectKey {
  value: string;
  version: string;
  read: number;
  write: number;
  expectedVersion: string;
}

/** The result of one write: what the object looks like now. */
export interface StorageAckRecord extends StorageObjectKey {
  version: string;
  createTime: number;
  updateTime: number;
}

/** One delete of a batch; `version` '' deletes whatever version is stored. */
export interface StorageDeleteRecord extends StorageObjectKey {
  version: string;
}

/** Why a write or delete batch was refused; nothing of the batch was kept. */
export type StorageRejection = 'version' | 'permission' | 'delete';

export class StorageRejectedError extends Error {
  constructor(readonly reason: StorageRejection) {
    super(`storage batch rejected: ${reason}`);
    this.name = 'StorageRejectedError';
  }
}

/** A place in a listing, which is ordered by (read, key, user_id); with an owner the user id is fixed. */
export interface StoragePosition {
  read: number;
  key: string;
  userId: string;
}

export interface StorageListQuery {
  collection: string;
  /** Only this owner's objects (ordered by read, key), or every owner's (ordered by read, key, user_id). */
  userId?: string;
  /** Only objects whose read permission is at least this. */
  minRead: number;
  limit: number;
  after?: StoragePosition;
}

export interface StorageObjectRepository {
  /**
   * Applies every write in one transaction, in a fixed (collection, key, user_id) order so concurrent batches
   * cannot deadlock; acks come back in the order given. Unless `authoritative`, an existing object whose
   * write permission is not 1 refuses the write. Throws StorageRejectedError('version' | 'permission').
   */
  write(writes: readonly StorageWriteRecord[], authoritative: boolean, now: number): Promise<StorageAckRecord[]>;
  /** The objects that exist among `keys`, in the order asked; with a `caller`, only public ones and the caller's own readable ones. */
  read(keys: readonly StorageObjectKey[], caller?: string): Promise<StorageObjectRecord[]>;
  /**
   * Deletes every object in one transaction; a missing object, a version mismatch or (unless `authoritative`)
   * write permission 0 refuses the whole batch with StorageRejectedError('delete'). An authoritative delete
   * without a version of a missing object is a no-op.
   */
  delete(deletes: readonly StorageDeleteRecord[], authoritative: boolean): Promise<void>;
  list(query: StorageListQuery): Promise<StorageObjectRecord[]>;
}

/** A wallet ledger entry; changeset and metadata are JSON objects as text. */
export interface WalletLedgerRecord {
  id: string;
  userId: string;
  changeset: string;
  metadata: string;
  createTime: number;
  updateTime: number;
}

/** A place in one user's ledger, which is listed newest first by (create_time, id). */
export interface WalletLedgerPosition {
  createTime: number;
  id: string;
}

/** What a wallet change computes from the wallets it read: the new wallets and the ledger entries to add. */
export interface WalletWrites {
  wallets: Map<string, string>;
  ledger: WalletLedgerRecord[];
}

export interface WalletRepository {
  /**
   * Locks the wallets of `userIds` (users that do not exist are left out of the map), lets `apply` compute
   * the new wallets from them, and stores those and the ledger entries in the same transaction. If
   * `apply` throws, nothing changes and the error is rethrown.
   */
  updateWallets<T>(userIds: readonly string[], apply: (current: Map<string, string>) => WalletWrites & { result: T }, now: number): Promise<T>;
  /** The user's ledger newest first, only entries strictly before `before` when given. */
  listLedger(userId: string, limit: number, before?: WalletLedgerPosition): Promise<WalletLedgerRecord[]>;
  /** Merges `metadata` (a JSON object as text) into the entry's metadata at the top level; null when there is no such entry. */
  updateLedgerMetadata(id: string, metadata: string, now: number): Promise<WalletLedgerRecord | null>;
  /** Deletes one of the user's entries; false when the user has no entry with that id. */
  deleteLedger(userId: string, id: string): Promise<boolean>;
}

export interface MigrationStatus {
  version: number;
  name: string;
  appliedAt: number | null;
}

/** Everything storage offers the rest of the server; main.ts picks the implementation. */
export interface Storage {
  readonly dialect: 'sqlite' | 'postgres';
  readonly accounts: AccountRepository;
  readonly sessions: SessionRepository;
  readonly notifications: NotificationRepository;
  readonly messages: MessageRepository;
  readonly leaderboards: LeaderboardRepository;
  readonly storageObjects: StorageObjectRepository;
  readonly wallets: WalletRepository;
  readonly friends: FriendRepository;
  readonly groups: GroupRepository;
  readonly console: ConsoleRepository;
  /** Copies the live database to a file (SQLite only; PostgreSQL rejects it: use pg_dump). */
  backup(destination: string): Promise<{ bytes: number }>;
  /** The database itself, for the runtime's nk.sqlQuery/sqlExec (module SQL, not repository SQL). */
  readonly sql: SqlDatabase;
  migrateUp(): Promise<MigrationStatus[]>;
  migrationStatus(): Promise<MigrationStatus[]>;
  close(): Promise<void>;
}

/** A chat channel that has stored history, as the console lists them. */
export interface ChannelSummary {
  stream: MessageStream;
  messageCount: number;
  lastMessageTime: number;
}

/**
 * What the admin console needs beyond the client API: finding accounts, banning them, browsing chat by
 * channel and removing any message. Kept apart so client-facing repositories stay small.
 */
export interface ConsoleRepository {
  /**
   * Accounts ordered by username, only those after `afterUsername` when given. An empty query lists all;
   * otherwise an account matches by exact id, device id, custom id or email, or by username prefix
   * (case-insensitive). The system user is never listed.
   */
  searchAccounts(query: string, limit: number, afterUsername?: string): Promise<UserRecord[]>;
  countAccounts(): Promise<number>;
  /** Sets the ban time (0 lifts the ban); returns false when the user does not exist. */
  setDisableTime(userId: string, disableTime: number): Promise<boolean>;
  /** Channels with stored messages, the most recently active first. */
  listChannels(limit: number): Promise<ChannelSummary[]>;
  /** Deletes any message by id, whoever sent it; returns it, or null when there was none. */
  deleteMessage(id: string): Promise<MessageRecord | null>;
  /** Storage collections by name, each with how many objects it holds. */
  listStorageCollections(limit: number): Promise<{ collection: string; count: number }[]>;
  /** Storage objects of any owner and permission, ordered by (collection, key, user_id), only those after `after`. */
  listStorageObjects(filter: ConsoleStorageFilter, limit: number, after?: StorageObjectKey): Promise<StorageObjectRecord[]>;
  /** Sets a group's max_count unless it has more members than that. */
  setGroupMaxCount(groupId: string, maxCount: number, now: number): Promise<'ok' | 'not_found' | 'below_members'>;
}

/** What the console's storage browser narrows a listing by; each is optional. */
export interface ConsoleStorageFilter {
  collection?: string;
  userId?: string;
  keyPrefix?: string;
}
