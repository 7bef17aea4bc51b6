import type { Clock } from '../../common/clock.js';
import type { Service } from '../../common/lifecycle.js';
import type { LeaderboardDefinition, LeaderboardRepository } from '../../storage/repositories.js';
import { isTournament, leaderboardExpiry, toBoard, tournamentWindow, type Board } from './board.js';
import type { RankCache } from './rank-cache.js';

/** Rows fetched per query when a period's ranks are rebuilt from the database. */
const RANK_SCAN_PAGE = 20_000;

/**
 * Every board's definition in memory (as Nakama's leaderboard cache), loaded at start, plus the rebuild
 * of each live period's ranks. Leaderboards and tournaments share it, and the scheduler reads it.
 */
export class BoardRegistry implements Service {
  readonly name = 'leaderboards';
  private readonly boards = new Map<string, Board>();
  private listeners: Array<() => void> = [];

  constructor(
    private readonly repository: LeaderboardRepository,
    readonly ranks: RankCache,
    private readonly clock: Clock,
  ) {}

  start(): Promise<void> {
    return this.load(this.clock.now());
  }

  async stop(): Promise<void> {}

  /** Loads every definition and rebuilds the ranks of each board's current period. */
  async load(now: number): Promise<void> {
    this.boards.clear();
    for (const definition of await this.repository.listLeaderboards()) {
      const board = toBoard(definition);
      this.boards.set(board.id, board);
      if (board.enableRanks) await this.rebuildRanks(board, now);
    }
    this.changed();
  }

  get(id: string): Board | undefined {
    return this.boards.get(id);
  }

  all(): Board[] {
    return [...this.boards.values()];
  }

  /** Stores a new definition; returns the board already there when the id is taken (creation is idempotent). */
  async create(definition: LeaderboardDefinition): Promise<{ board: Board; created: boolean }> {
    const existing = this.boards.get(definition.id);
    if (existing) return { board: existing, created: false };
    const board = toBoard(definition);
    if (!(await this.repository.insertLeaderboard(definition))) {
      // Another node created it meanwhile: adopt the stored one.
      const stored = (await this.repository.listLeaderboards()).find((d) => d.id === definition.id);
      if (!stored) throw new Error(`leaderboard ${definition.id} is taken but cannot be read`);
      const adopted = toBoard(stored);
      this.boards.set(adopted.id, adopted);
      return { board: adopted, created: false };
    }
    this.boards.set(board.id, board);
    this.changed();
    return { board, created: true };
  }

  async delete(id: string): Promise<boolean> {
    const had = this.boards.delete(id);
    this.ranks.deleteBoard(id);
    const deleted = await this.repository.deleteLeaderboard(id);
    if (had) this.changed();
    return had || deleted;
  }

  /** Called whenever the set of boards changes (the scheduler re-plans). */
  onChange(listener: () => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  private async rebuildRanks(board: Board, now: number): Promise<void> {
    let expiry: number;
    if (isTournament(board)) {
      expiry = tournamentWindow(board, now).expiry;
      if (expiry !== 0 && expiry <= now) return;
    } else {
      expiry = leaderboardExpiry(board, now);
    }
    const entries: { score: number; subscore: number; ownerId: string; generation: number }[] = [];
    let after: { score: number; subscore: number; ownerId: string } | undefined;
    for (;;) {
      const page = await this.repository.scanRanks(board.id, expiry, board.sortOrder, RANK_SCAN_PAGE, after);
      for (const r of page) entries.push({ score: r.score, subscore: r.subscore, ownerId: r.ownerId, generation: r.numScore });
      if (page.length < RANK_SCAN_PAGE) break;
      after = page[page.length - 1];
    }
    this.ranks.load(board.id, expiry, board.sortOrder, entries);
  }
}
