import { Errors } from '../../common/errors.js';
import { UNLIMITED_SIZE } from '../../core/leaderboard/board.js';
import type { LeaderboardRecord } from '../../protocol/api-leaderboard.js';
import type { ConsoleDeps } from '../console-deps.js';
import type { ConsoleRoute } from '../route.js';
import { intQuery, uuidParam } from './input.js';

/** A board as the Leaderboards page lists it: leaderboards and tournaments side by side. */
export interface ConsoleBoard {
  id: string;
  tournament: boolean;
  title: string;
  sortOrder: 'asc' | 'desc';
  operator: string;
  resetSchedule: string;
  authoritative: boolean;
  enableRanks: boolean;
  /** Tournaments only: participants now and the limit (0: none). */
  size: number;
  maxSize: number;
  /** Unix milliseconds; tournaments' window (0: open-ended). */
  createTime: number;
  startTime: number;
  endTime: number;
  nextReset: number;
}

const OPERATORS = ['', 'best', 'set', 'incr', 'decr'];

/**
 * Leaderboards: every leaderboard and running or future tournament, a board's records by rank with paging,
 * and deleting one owner's record (as the server, so authoritative boards too).
 */
export function leaderboardRoutes(deps: ConsoleDeps): ConsoleRoute[] {
  const boards = async (): Promise<ConsoleBoard[]> => {
    const leaderboards: ConsoleBoard[] = deps.leaderboards.list().map((b) => ({
      id: b.id,
      tournament: false,
      title: '',
      sortOrder: b.sortOrder,
      operator: b.operator,
      resetSchedule: b.resetSchedule,
      authoritative: b.authoritative,
      enableRanks: b.enableRanks,
      size: 0,
      maxSize: 0,
      createTime: b.createTime,
      startTime: 0,
      endTime: 0,
      nextReset: b.nextReset * 1000,
    }));
    const tournaments: ConsoleBoard[] = [];
    let cursor = '';
    // Ended tournaments are left out (Nakama's listing offers no "all"); the page shows what can still change.
    for (let pages = 0; pages < 100; pages++) {
      const list = await deps.tournaments.list({ categoryStart: 0, categoryEnd: 127, startTime: -1, endTime: -1, limit: 100, cursor });
      for (const t of list.tournaments ?? []) {
        tournaments.push({
          id: t.id,
          tournament: true,
          title: t.title,
          sortOrder: t.sortOrder === 0 ? 'asc' : 'desc',
          operator: OPERATORS[t.operator] ?? String(t.operator),
          resetSchedule: '',
          authoritative: t.authoritative,
          enableRanks: true,
          size: t.size,
          maxSize: t.maxSize >= UNLIMITED_SIZE ? 0 : t.maxSize,
          createTime: t.createTime,
          startTime: t.startTime,
          endTime: t.endTime ?? 0,
          nextReset: t.nextReset * 1000,
        });
      }
      if (!list.cursor) break;
      cursor = list.cursor;
    }
    return [...leaderboards, ...tournaments].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  };
  const boardOf = async (id: string): Promise<ConsoleBoard> => {
    const board = (await boards()).find((b) => b.id === id);
    if (!board) throw Errors.leaderboardNotFound();
    return board;
  };
  const service = (board: ConsoleBoard) => (board.tournament ? deps.tournaments : deps.leaderboards);
  const row = (r: LeaderboardRecord) => ({
    ownerId: r.ownerId,
    username: r.username ?? '',
    score: r.score,
    subscore: r.subscore,
    numScore: r.numScore,
    rank: r.rank,
    metadata: r.metadata,
    createTime: r.createTime,
    updateTime: r.updateTime,
    expiryTime: r.expiryTime ?? 0,
  });

  return [
    {
      method: 'GET',
      path: '/leaderboard',
      async handle() {
        return { leaderboards: await boards() };
      },
    },
    {
      method: 'GET',
      path: '/leaderboard/{id}',
      async handle(req) {
        return boardOf(req.params.id ?? '');
      },
    },
    {
      method: 'GET',
      path: '/leaderboard/{id}/record',
      async handle(req) {
        const board = await boardOf(req.params.id ?? '');
        const limit = intQuery(req.query, 'limit', 25, 1, 100);
        const cursor = req.query.get('cursor') ?? '';
        const list = await service(board).listRecords(board.id, limit, cursor, []);
        return { records: (list.records ?? []).map(row), nextCursor: list.nextCursor ?? '', prevCursor: list.prevCursor ?? '', rankCount: list.rankCount ?? 0 };
      },
    },
    {
      method: 'DELETE',
      path: '/leaderboard/{id}/record/{ownerId}',
      async handle(req) {
        const board = await boardOf(req.params.id ?? '');
        const ownerId = uuidParam(req.params.ownerId, 'ownerId');
        const found = await service(board).listRecords(board.id, 1, '', [ownerId]);
        if (!(found.ownerRecords ?? []).some((r) => r.ownerId === ownerId)) throw Errors.consoleLeaderboardRecordNotFound();
        await service(board).deleteRecord(null, board.id, ownerId);
        deps.logger.info('leaderboard record deleted from the console', { leaderboardId: board.id, ownerId, admin: req.admin?.usn });
        return {};
      },
    },
  ];
}
