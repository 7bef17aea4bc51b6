import { Errors } from '../../common/errors.js';
import type { Clock } from '../../common/clock.js';
import type { LeaderboardRecord, LeaderboardRecordList } from '../../protocol/api-leaderboard.js';
import type { LeaderboardRepository } from '../../storage/repositories.js';
import { isTournament, leaderboardExpiry, previousReset, readExpiry, seconds, UNLIMITED_SIZE, type Board } from './board.js';
import type { BoardRegistry } from './board-registry.js';
import { CronExpression, CronSyntaxError } from './cron.js';
import { RecordListing, toApiRecord } from './record-listing.js';

export type SortOrder = 'asc' | 'desc';
export type Operator = 'best' | 'set' | 'incr' | 'decr';

/** api.Operator numbers: 0 keeps the board's operator. */
const OVERRIDES: Record<number, Operator> = { 1: 'best', 2: 'set', 3: 'incr', 4: 'decr' };
const OPERATOR_ENUM: Record<Operator, number> = { best: 1, set: 2, incr: 3, decr: 4 };

export interface LeaderboardConfig {
  id: string;
  /** True: only the server (the runtime, the console) may write or delete records. */
  authoritative?: boolean;
  /** Default 'desc' (higher is better). */
  sortOrder?: SortOrder;
  /** Default 'best'. */
  operator?: Operator;
  /** 5-field cron expression in UTC; each tick starts a new period. '' or absent: never resets. */
  resetSchedule?: string;
  /** A JSON object as text; default '{}'. */
  metadata?: string;
  /** Default true. */
  enableRanks?: boolean;
}

/** What a leaderboard looks like to the runtime and the console (Nakama's api.Leaderboard). */
export interface LeaderboardInfo {
  id: string;
  authoritative: boolean;
  sortOrder: SortOrder;
  operator: Operator;
  resetSchedule: string;
  metadata: string;
  createTime: number;
  enableRanks: boolean;
  /** Unix seconds, 0 without a schedule. */
  prevReset: number;
  nextReset: number;
}

export class LeaderboardConfigError extends Error {}

/** The caller of a write: a user id for clients, null for the server itself (which may write anywhere). */
export type Caller = string | null;

export interface RecordInput {
  ownerId: string;
  /** null keeps the stored username. */
  username: string | null;
  score: number;
  subscore: number;
  /** A JSON object as text; '' or absent keeps the stored metadata. */
  metadata?: string;
  /** api.Operator number; 0 or absent uses the board's operator. */
  operator?: number;
}

/**
 * Leaderboards: server-side creation and deletion, and the record operations clients and the runtime
 * call. Records are written with the operator in one upsert; ranks come from the in-memory rank cache.
 */
export class LeaderboardService {
  readonly listing: RecordListing;

  constructor(
    private readonly boards: BoardRegistry,
    private readonly repository: LeaderboardRepository,
    private readonly clock: Clock,
  ) {
    this.listing = new RecordListing(repository, boards.ranks);
  }

  /** Creates a leaderboard; creating one that exists returns it unchanged, as in Nakama. */
  async create(config: LeaderboardConfig): Promise<LeaderboardInfo> {
    if (config.id === '') throw new LeaderboardConfigError('leaderboard id is required');
    const schedule = config.resetSchedule ?? '';
    validateSchedule(schedule);
    const metadata = validateMetadata(config.metadata);
    const { board } = await this.boards.create({
      id: config.id,
      authoritative: config.authoritative ?? false,
      sortOrder: config.sortOrder ?? 'desc',
      operator: config.operator ?? 'best',
      resetSchedule: schedule,
      metadata,
      createTime: this.clock.now(),
      enableRanks: config.enableRanks ?? true,
      category: 0,
      title: '',
      description: '',
      durationSec: 0,
      startTime: 0,
      endTime: 0,
      maxSize: UNLIMITED_SIZE,
      maxNumScore: 0,
      joinRequired: false,
    });
    return this.info(board);
  }

  /** Deletes a leaderboard and its records; false when there was none. */
  async delete(id: string): Promise<boolean> {
    const board = this.boards.get(id);
    if (board && isTournament(board)) return false;
    return this.boards.delete(id);
  }

  get(id: string): LeaderboardInfo | undefined {
    const board = this.boards.get(id);
    return board && !isTournament(board) ? this.info(board) : undefined;
  }

  list(): LeaderboardInfo[] {
    return this.boards.all().filter((b) => !isTournament(b)).sort((a, b) => (a.id < b.id ? -1 : 1)).map((b) => this.info(b));
  }

  async writeRecord(caller: Caller, leaderboardId: string, input: RecordInput): Promise<LeaderboardRecord> {
    const board = this.board(leaderboardId);
    if (board.authoritative && caller !== null) throw Errors.leaderboardWriteAuthoritative();
    const operator = resolveOperator(board, input.operator);
    const now = this.clock.now();
    const expiry = leaderboardExpiry(board, now);
    const { record, changed } = await this.repository.writeRecord({
      leaderboardId,
      ownerId: input.ownerId,
      username: input.username === '' ? null : input.username,
      score: input.score,
      subscore: input.subscore,
      metadata: input.metadata ? input.metadata : null,
      expiryTime: expiry,
      operator,
      sortOrder: board.sortOrder,
      now,
    });
    let rank = 0;
    if (board.enableRanks) {
      rank = changed
        ? this.boards.ranks.insert(leaderboardId, expiry, board.sortOrder, { score: record.score, subscore: record.subscore, ownerId: record.ownerId, generation: record.numScore })
        : this.boards.ranks.rank(leaderboardId, expiry, record.ownerId);
    }
    return toApiRecord(record, rank);
  }

  async deleteRecord(caller: Caller, leaderboardId: string, ownerId: string): Promise<void> {
    const board = this.board(leaderboardId);
    if (board.authoritative && caller !== null) throw Errors.leaderboardDeleteAuthoritative();
    const expiry = leaderboardExpiry(board, this.clock.now());
    await this.repository.deleteRecord(leaderboardId, ownerId, expiry, false);
    this.boards.ranks.delete(leaderboardId, expiry, ownerId);
  }

  /**
   * Removes every leaderboard and tournament record of an owner and their ranks; what account deletion calls
   * (Nakama's LeaderboardRecordsDeleteAll).
   */
  async deleteOwnerRecords(ownerId: string): Promise<number> {
    const removed = await this.repository.deleteOwnerRecords(ownerId);
    for (const { leaderboardId, expiryTime } of removed) this.boards.ranks.delete(leaderboardId, expiryTime, ownerId);
    return removed.length;
  }

  /** A page of records (limit undefined: none, only owner records), plus the records of `ownerIds`. */
  async listRecords(leaderboardId: string, limit: number | undefined, cursor: string, ownerIds: readonly string[], expirySec = 0): Promise<LeaderboardRecordList> {
    const board = this.boards.get(leaderboardId);
    if (!board) throw Errors.leaderboardNotFound();
    const { expiry, possible } = readExpiry(board, expirySec * 1000, this.clock.now());
    if (!possible) return {};
    return this.listing.list(board, expiry, limit, cursor, ownerIds);
  }

  async listRecordsAroundOwner(leaderboardId: string, ownerId: string, limit: number, cursor: string, expirySec = 0): Promise<LeaderboardRecordList> {
    const board = this.boards.get(leaderboardId);
    if (!board) throw Errors.leaderboardNotFound();
    const { expiry, possible } = readExpiry(board, expirySec * 1000, this.clock.now());
    if (!possible) return { records: [] };
    return this.listing.aroundOwner(board, expiry, ownerId, limit, cursor);
  }

  private board(id: string): Board {
    const board = this.boards.get(id);
    if (!board || isTournament(board)) throw Errors.leaderboardNotFound();
    return board;
  }

  private info(board: Board): LeaderboardInfo {
    const now = this.clock.now();
    return {
      id: board.id,
      authoritative: board.authoritative,
      sortOrder: board.sortOrder,
      operator: board.operator,
      resetSchedule: board.resetSchedule,
      metadata: board.metadata,
      createTime: board.createTime,
      enableRanks: board.enableRanks,
      prevReset: seconds(previousReset(board, board.createTime, now)),
      nextReset: board.cron ? seconds(board.cron.next(now)) : 0,
    };
  }
}

/** The operator a write uses: the override when given, else the board's. */
export function resolveOperator(board: Board, override: number | undefined): Operator {
  if (override === undefined || override === 0) return board.operator;
  const operator = OVERRIDES[override];
  if (!operator) throw Errors.leaderboardOperatorInvalid();
  return operator;
}

export function operatorEnum(operator: Operator): number {
  return OPERATOR_ENUM[operator];
}

export function validateSchedule(schedule: string): void {
  if (schedule === '') return;
  try {
    CronExpression.parse(schedule);
  } catch (err) {
    if (err instanceof CronSyntaxError) throw new LeaderboardConfigError(`could not parse reset schedule: ${err.message}`);
    throw err;
  }
}

export function validateMetadata(metadata: string | undefined): string {
  if (metadata === undefined || metadata === '') return '{}';
  if (!isJsonObject(metadata)) throw new LeaderboardConfigError('metadata must be a JSON object');
  return metadata;
}

/** Nakama's check for record and board metadata: valid JSON that starts with `{`. */
export function isJsonObject(text: string): boolean {
  if (!text.trimStart().startsWith('{')) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
