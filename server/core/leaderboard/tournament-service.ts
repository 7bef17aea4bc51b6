import { Errors } from '../../common/errors.js';
import type { Clock } from '../../common/clock.js';
import type { LeaderboardRecord, LeaderboardRecordList, Tournament, TournamentList } from '../../protocol/api-leaderboard.js';
import type { LeaderboardRepository } from '../../storage/repositories.js';
import { hasMaxSize, isTournament, previousReset, readExpiry, seconds, tournamentWindow, UNLIMITED_SIZE, type Board } from './board.js';
import type { BoardRegistry } from './board-registry.js';
import {
  LeaderboardConfigError,
  operatorEnum,
  resolveOperator,
  validateMetadata,
  validateSchedule,
  type Caller,
  type Operator,
  type RecordInput,
  type SortOrder,
} from './leaderboard-service.js';
import { RecordListing, toApiRecord } from './record-listing.js';
import { CronExpression } from './cron.js';

export interface TournamentConfig {
  id: string;
  authoritative?: boolean;
  sortOrder?: SortOrder;
  operator?: Operator;
  /** 5-field cron expression in UTC; each tick opens a new period. */
  resetSchedule?: string;
  metadata?: string;
  title?: string;
  description?: string;
  /** 0-127. */
  category?: number;
  /** Unix seconds; 0 or absent: now. */
  startTime?: number;
  /** Unix seconds; 0 or absent: never ends. */
  endTime?: number;
  /** Seconds each period accepts scores; required, > 0. */
  duration: number;
  /** Most participants; 0 or absent: no limit. */
  maxSize?: number;
  /** Most submissions per participant per period; 0 or absent: no limit. */
  maxNumScore?: number;
  joinRequired?: boolean;
  enableRanks?: boolean;
}

export interface TournamentFilter {
  categoryStart: number;
  categoryEnd: number;
  /** Unix seconds; -1 for no filter. */
  startTime: number;
  /** Unix seconds; -1: active or future ones only; 0: only those that never end. */
  endTime: number;
  limit: number;
  cursor: string;
}

/**
 * Tournaments: leaderboards with a duration, open for scores in windows set by start/end time and reset
 * schedule, with joining, a participant limit and a per-period submission limit.
 */
export class TournamentService {
  readonly listing: RecordListing;

  constructor(
    private readonly boards: BoardRegistry,
    private readonly repository: LeaderboardRepository,
    private readonly clock: Clock,
  ) {
    this.listing = new RecordListing(repository, boards.ranks);
  }

  /** Creates a tournament; creating one that exists returns it unchanged, as in Nakama. */
  async create(config: TournamentConfig): Promise<Tournament> {
    if (config.id === '') throw new LeaderboardConfigError('tournament id is required');
    const now = this.clock.now();
    const startTime = config.startTime ?? 0;
    const endTime = config.endTime ?? 0;
    const maxSize = config.maxSize ?? 0;
    const maxNumScore = config.maxNumScore ?? 0;
    const category = config.category ?? 0;
    if (startTime < 0) throw new LeaderboardConfigError('tournament start time must be a unix UTC time in the future');
    if (!(config.duration > 0)) throw new LeaderboardConfigError('tournament duration must be greater than zero');
    if (maxSize < 0) throw new LeaderboardConfigError('tournament max must be greater than zero');
    if (maxNumScore < 0) throw new LeaderboardConfigError('tournament m num score must be greater than zero');
    if (category < 0 || category > 127) throw new LeaderboardConfigError('tournament category must be 0-127');
    if (endTime > 0 && endTime < startTime) throw new LeaderboardConfigError('tournament end time cannot be before start time');
    const schedule = config.resetSchedule ?? '';
    validateSchedule(schedule);
    const start = startTime > 0 ? startTime * 1000 : Math.floor(now / 1000) * 1000;
    if (schedule !== '' && endTime > 0 && endTime * 1000 <= CronExpression.parse(schedule).next(start)) {
      throw new LeaderboardConfigError('tournament end time cannot be before first reset schedule - either increase end time or change/disable reset schedule');
    }
    const existing = this.boards.get(config.id);
    if (existing && !isTournament(existing)) throw new LeaderboardConfigError('cannot create tournament as leaderboard is already in use');
    const { board } = await this.boards.create({
      id: config.id,
      authoritative: config.authoritative ?? false,
      sortOrder: config.sortOrder ?? 'desc',
      operator: config.operator ?? 'best',
      resetSchedule: schedule,
      metadata: validateMetadata(config.metadata),
      createTime: now,
      enableRanks: config.enableRanks ?? true,
      category,
      title: config.title ?? '',
      description: config.description ?? '',
      durationSec: config.duration,
      startTime: start,
      endTime: endTime * 1000,
      maxSize: maxSize === 0 ? UNLIMITED_SIZE : maxSize,
      maxNumScore,
      joinRequired: config.joinRequired ?? false,
    });
    const [shown] = await this.describe([board]);
    return shown!;
  }

  async delete(id: string): Promise<boolean> {
    const board = this.boards.get(id);
    if (!board || !isTournament(board)) return false;
    return this.boards.delete(id);
  }

  async get(ids: readonly string[]): Promise<Tournament[]> {
    return this.describe(ids.map((id) => this.boards.get(id)).filter((b): b is Board => b !== undefined && isTournament(b)));
  }

  /** Tournaments in Nakama's order (start time, then later end, category, id) matching the filter. */
  async list(filter: TournamentFilter): Promise<TournamentList> {
    const now = seconds(this.clock.now());
    const all = this.boards
      .all()
      .filter(isTournament)
      .sort((a, b) => a.startTime - b.startTime || b.endTime - a.endTime || a.category - b.category || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    let skip = filter.cursor !== '';
    const cursorId = filter.cursor === '' ? '' : decodeListCursor(filter.cursor);
    const page: Board[] = [];
    let next: string | undefined;
    for (const t of all) {
      if (skip) {
        if (t.id === cursorId) skip = false;
        continue;
      }
      if (t.category < filter.categoryStart || t.category > filter.categoryEnd) continue;
      if (seconds(t.startTime) < filter.startTime) continue;
      const end = seconds(t.endTime);
      const e = filter.endTime;
      if ((e === 0 && end !== 0) || (e === -1 && end !== 0 && end < now) || (e > 0 && (end === 0 || end > e))) continue;
      if (page.length >= filter.limit) {
        next = page[page.length - 1]!.id;
        break;
      }
      page.push(t);
    }
    return { tournaments: await this.describe(page), cursor: next === undefined ? undefined : Buffer.from(next, 'utf8').toString('base64url') };
  }

  async join(userId: string, username: string, tournamentId: string): Promise<void> {
    const board = this.boards.get(tournamentId);
    if (!board || !isTournament(board)) throw Errors.tournamentNotFound();
    if (!board.joinRequired) return;
    const now = this.clock.now();
    const window = tournamentWindow(board, now);
    if (window.endActive <= now) throw Errors.tournamentJoinInactive();
    const joined = await this.repository.joinTournament({
      leaderboardId: board.id,
      ownerId: userId,
      username,
      expiryTime: window.expiry,
      maxNumScore: board.maxNumScore,
      limitedSize: hasMaxSize(board),
      now,
    });
    if (joined === 'full') throw Errors.tournamentJoinFull();
    if (joined === 'joined' && board.enableRanks) {
      this.boards.ranks.insert(board.id, window.expiry, board.sortOrder, { score: 0, subscore: 0, ownerId: userId, generation: 0 });
    }
  }

  async writeRecord(caller: Caller, tournamentId: string, input: RecordInput): Promise<LeaderboardRecord> {
    const board = this.boards.get(tournamentId);
    if (!board || !isTournament(board)) throw Errors.tournamentNotFound();
    const now = this.clock.now();
    if (board.endTime > 0 && board.endTime <= now) throw Errors.tournamentNotFoundOrEnded();
    if (board.authoritative && caller !== null) throw Errors.tournamentWriteAuthoritative();
    const window = tournamentWindow(board, now);
    if (window.startActive > now || window.endActive <= now) throw Errors.tournamentWriteInactive();
    const outcome = await this.repository.writeTournamentRecord({
      leaderboardId: board.id,
      ownerId: input.ownerId,
      username: input.username === '' ? null : input.username,
      score: input.score,
      subscore: input.subscore,
      metadata: input.metadata ? input.metadata : null,
      expiryTime: window.expiry,
      operator: resolveOperator(board, input.operator),
      sortOrder: board.sortOrder,
      now,
      maxNumScore: board.maxNumScore,
      joinRequired: board.joinRequired,
      limitedSize: hasMaxSize(board),
    });
    switch (outcome.kind) {
      case 'notJoined':
        throw Errors.tournamentWriteJoinRequired();
      case 'maxNumScore':
        throw Errors.tournamentWriteMaxNumScore();
      case 'full':
        throw Errors.tournamentWriteFull();
    }
    const { record } = outcome;
    const rank = board.enableRanks
      ? this.boards.ranks.insert(board.id, window.expiry, board.sortOrder, { score: record.score, subscore: record.subscore, ownerId: record.ownerId, generation: record.numScore })
      : 0;
    return toApiRecord(record, rank);
  }

  async deleteRecord(caller: Caller, tournamentId: string, ownerId: string): Promise<void> {
    const board = this.boards.get(tournamentId);
    if (!board || !isTournament(board)) throw Errors.tournamentNotFound();
    if (board.authoritative && caller !== null) throw Errors.tournamentDeleteAuthoritative();
    const { expiry } = tournamentWindow(board, this.clock.now());
    await this.repository.deleteRecord(board.id, ownerId, expiry, hasMaxSize(board));
    this.boards.ranks.delete(board.id, expiry, ownerId);
  }

  async listRecords(tournamentId: string, limit: number | undefined, cursor: string, ownerIds: readonly string[], expirySec = 0): Promise<LeaderboardRecordList> {
    const board = this.boards.get(tournamentId);
    if (!board || !isTournament(board)) throw Errors.tournamentNotFound();
    const now = this.clock.now();
    if (expirySec === 0 && board.endTime > 0 && board.endTime <= now) throw Errors.tournamentEnded();
    const { expiry, possible } = readExpiry(board, expirySec * 1000, now);
    if (!possible) return {};
    return this.listing.list(board, expiry, limit, cursor, ownerIds);
  }

  async listRecordsAroundOwner(tournamentId: string, ownerId: string, limit: number, cursor: string, expirySec = 0): Promise<LeaderboardRecordList> {
    const board = this.boards.get(tournamentId);
    if (!board || !isTournament(board)) throw Errors.tournamentNotFound();
    const { expiry, possible } = readExpiry(board, expirySec * 1000, this.clock.now());
    if (!possible) return { records: [] };
    return this.listing.aroundOwner(board, expiry, ownerId, limit, cursor);
  }

  /** The wire view of tournaments, with current participant counts for those that have a max size. */
  private async describe(boards: readonly Board[]): Promise<Tournament[]> {
    const limited = boards.filter(hasMaxSize).map((b) => b.id);
    const sizes = limited.length > 0 ? await this.repository.tournamentSizes(limited) : new Map<string, number>();
    const nowMs = this.clock.now();
    const now = seconds(nowMs);
    return boards.map((t) => {
      const window = tournamentWindow(t, nowMs);
      const size = sizes.get(t.id) ?? 0;
      const startActive = seconds(window.startActive);
      const endActive = seconds(window.endActive);
      const canEnter = !(startActive > now || endActive < now) && size < t.maxSize;
      return {
        id: t.id,
        title: t.title,
        description: t.description,
        category: t.category,
        sortOrder: t.sortOrder === 'asc' ? 0 : 1,
        size,
        maxSize: t.maxSize,
        maxNumScore: t.maxNumScore,
        canEnter,
        endActive,
        nextReset: seconds(window.expiry),
        metadata: t.metadata,
        createTime: Math.floor(t.createTime / 1000) * 1000,
        startTime: t.startTime,
        endTime: t.endTime > 0 ? t.endTime : undefined,
        duration: t.durationSec,
        startActive,
        prevReset: seconds(previousReset(t, t.startTime, nowMs)),
        operator: operatorEnum(t.operator),
        authoritative: t.authoritative,
        joinRequired: t.joinRequired,
      };
    });
  }
}

function decodeListCursor(cursor: string): string {
  if (!/^[A-Za-z0-9_=-]+$/.test(cursor)) throw Errors.leaderboardCursorInvalid();
  return Buffer.from(cursor, 'base64url').toString('utf8');
}
