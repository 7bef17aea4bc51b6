import type { LeaderboardRecord, LeaderboardRecordList } from '../../protocol/api-leaderboard.js';
import type { LeaderboardRecordRow, LeaderboardRepository } from '../../storage/repositories.js';
import type { Board } from './board.js';
import type { RankCache } from './rank-cache.js';
import { rankComparator } from './rank-tree.js';
import { decodeRecordCursor, encodeRecordCursor, type RecordCursor } from './record-cursor.js';

/**
 * Record reads shared by leaderboards and tournaments: cursor pages (ranks counted from the cursor, as
 * Nakama does), owner records and haystacks (ranks from the rank cache). Pages scan the database's
 * (score, subscore, owner) index from a key, so no read counts or skips rows; a haystack on a ranked board
 * picks its owners from the rank cache and reads just those records.
 */
export class RecordListing {
  constructor(
    private readonly repository: LeaderboardRepository,
    private readonly ranks: RankCache,
  ) {}

  async list(board: Board, expiry: number, limit: number | undefined, cursor: string, ownerIds: readonly string[]): Promise<LeaderboardRecordList> {
    let records: LeaderboardRecord[] = [];
    let nextCursor: RecordCursor | undefined;
    let prevCursor: RecordCursor | undefined;
    if (limit !== undefined) {
      const incoming = decodeRecordCursor(cursor, board.id, expiry);
      const ascending = board.sortOrder === 'asc';
      // Walking "up" a page runs the index the other way and flips the result afterwards.
      const direction = incoming === null ? board.sortOrder : ascending === incoming.isNext ? 'asc' : 'desc';
      const rows = await this.repository.listRecords(board.id, expiry, direction, limit + 1, incoming ?? undefined);
      const backwards = incoming !== null && !incoming.isNext;
      let rank = incoming?.rank ?? 0;
      for (const row of rows) {
        if (records.length >= limit) {
          // The cursor resumes after the last record shown (the extra row only says there is more).
          nextCursor = cursorAt(board.id, expiry, true, records[records.length - 1]!, rank);
          break;
        }
        rank += backwards ? -1 : 1;
        records.push(toApiRecord(row, rank));
        if (incoming !== null && prevCursor === undefined) prevCursor = cursorAt(board.id, expiry, false, row, rank);
      }
      if (backwards) {
        [nextCursor, prevCursor] = [prevCursor, nextCursor];
        if (nextCursor) nextCursor.isNext = true;
        if (prevCursor) prevCursor.isNext = false;
        records = records.reverse();
      }
    }

    let ownerRecords: LeaderboardRecord[] = [];
    if (ownerIds.length > 0) {
      const rows = await this.repository.getRecords(board.id, expiry, ownerIds);
      const order = rankComparator(board.sortOrder);
      rows.sort(order);
      ownerRecords = rows.map((row) => toApiRecord(row, this.rankOf(board, expiry, row.ownerId)));
    }
    return {
      records,
      ownerRecords,
      nextCursor: nextCursor ? encodeRecordCursor(nextCursor) : undefined,
      prevCursor: prevCursor ? encodeRecordCursor(prevCursor) : undefined,
      rankCount: this.rankCount(board, expiry),
    };
  }

  /** A page centred on the owner (Nakama's haystack); with a cursor it is an ordinary page. */
  async aroundOwner(board: Board, expiry: number, ownerId: string, limit: number, cursor: string): Promise<LeaderboardRecordList> {
    if (cursor !== '') return this.list(board, expiry, limit, cursor, []);
    const fromRanks = board.enableRanks ? await this.aroundOwnerByRank(board, expiry, ownerId, limit) : null;
    if (fromRanks) return fromRanks;
    const [owner] = await this.repository.getRecords(board.id, expiry, [ownerId]);
    if (!owner) return { records: [] };
    // "Better" is the direction of rank 1: higher keys on a descending board, lower on an ascending one.
    const towardBest = board.sortOrder === 'desc' ? 'asc' : 'desc';
    const towardWorst = board.sortOrder === 'desc' ? 'desc' : 'asc';
    let better = await this.repository.listRecords(board.id, expiry, towardBest, limit + 1, owner);
    let hasPrev = false;
    if (better.length > limit) {
      hasPrev = true;
      better = better.slice(0, limit);
    }
    better.reverse();
    let secondLimit = Math.floor(limit / 2);
    if (better.length < secondLimit) secondLimit = limit - better.length;
    let worse = await this.repository.listRecords(board.id, expiry, towardWorst, secondLimit + 1, owner);
    let hasNext = false;
    if (worse.length > secondLimit) {
      hasNext = true;
      worse = worse.slice(0, secondLimit);
    }
    let rows = [...better, owner, ...worse];
    let start = rows.length - limit;
    if (start < 0 || better.length < secondLimit) start = 0;
    if (start > 0) hasPrev = true;
    rows = rows.slice(start, Math.min(start + limit, rows.length));
    const records = rows.map((row) => toApiRecord(row, this.rankOf(board, expiry, row.ownerId)));
    const first = records[0]!;
    const last = records[records.length - 1]!;
    return {
      records,
      prevCursor: hasPrev ? encodeRecordCursor(cursorAt(board.id, expiry, false, first, first.rank)) : undefined,
      nextCursor: hasNext ? encodeRecordCursor(cursorAt(board.id, expiry, true, last, last.rank)) : undefined,
      rankCount: this.rankCount(board, expiry),
    };
  }

  /**
   * The same window Nakama's haystack picks, chosen by rank in the rank cache, so the database is asked only
   * for the records on the page (one keyed read). Null when the owner is not ranked here, or when the cache and
   * the database disagree for a moment; the caller then walks the index instead.
   */
  private async aroundOwnerByRank(board: Board, expiry: number, ownerId: string, limit: number): Promise<LeaderboardRecordList | null> {
    const rank = this.ranks.rank(board.id, expiry, ownerId);
    if (rank === 0) return null;
    const count = this.ranks.count(board.id, expiry);
    const better = Math.min(limit, rank - 1);
    let hasPrev = rank - 1 > limit;
    let secondLimit = Math.floor(limit / 2);
    if (better < secondLimit) secondLimit = limit - better;
    const worse = Math.min(secondLimit, count - rank);
    const hasNext = count - rank > secondLimit;
    let start = better + 1 + worse - limit;
    if (start < 0 || better < secondLimit) start = 0;
    if (start > 0) hasPrev = true;
    const firstRank = rank - better + start;
    const lastRank = Math.min(firstRank + limit - 1, rank + worse);
    const ids: string[] = [];
    for (let r = firstRank; r <= lastRank; r++) {
      const entry = this.ranks.at(board.id, expiry, r);
      if (!entry) return null;
      ids.push(entry.ownerId);
    }
    const rows = await this.repository.getRecords(board.id, expiry, ids);
    if (rows.length !== ids.length) return null;
    const byOwner = new Map(rows.map((row) => [row.ownerId, row]));
    const records = ids.map((id, i) => toApiRecord(byOwner.get(id)!, firstRank + i));
    const first = records[0]!;
    const last = records[records.length - 1]!;
    return {
      records,
      prevCursor: hasPrev ? encodeRecordCursor(cursorAt(board.id, expiry, false, first, first.rank)) : undefined,
      nextCursor: hasNext ? encodeRecordCursor(cursorAt(board.id, expiry, true, last, last.rank)) : undefined,
      rankCount: count,
    };
  }

  private rankOf(board: Board, expiry: number, ownerId: string): number {
    return board.enableRanks ? this.ranks.rank(board.id, expiry, ownerId) : 0;
  }

  private rankCount(board: Board, expiry: number): number {
    return board.enableRanks ? this.ranks.count(board.id, expiry) : 0;
  }
}

function cursorAt(leaderboardId: string, expiry: number, isNext: boolean, key: { score: number; subscore: number; ownerId: string }, rank: number): RecordCursor {
  return { isNext, leaderboardId, expiry, score: key.score, subscore: key.subscore, ownerId: key.ownerId, rank };
}

/** The wire record; times go out in whole seconds, as Nakama stores them. */
export function toApiRecord(row: LeaderboardRecordRow, rank: number): LeaderboardRecord {
  return {
    leaderboardId: row.leaderboardId,
    ownerId: row.ownerId,
    username: row.username ?? undefined,
    score: row.score,
    subscore: row.subscore,
    numScore: row.numScore,
    metadata: row.metadata,
    createTime: wholeSeconds(row.createTime),
    updateTime: wholeSeconds(row.updateTime),
    expiryTime: row.expiryTime === 0 ? undefined : wholeSeconds(row.expiryTime),
    rank,
    maxNumScore: row.maxNumScore,
  };
}

function wholeSeconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
