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
  migrateUp(): Promise<MigrationStatus[]>;
  migrationStatus(): Promise<MigrationStatus[]>;
  close(): Promise<void>;
}
