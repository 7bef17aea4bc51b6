import { RankTree, rankComparator, type RankEntry } from './rank-tree.js';

/**
 * Ranks of every live period of every ranked board, in memory: one order-statistic tree per
 * (board, expiry) plus each owner's current entry. Writes that race arrive out of order, so an entry only
 * replaces the owner's current one when its generation (the record's num_score) is newer, as Nakama does.
 */

export interface RankedEntry extends RankEntry {
  generation: number;
}

/** The tree holds the same objects the owner map points at, so a rebuild allocates once per record. */
interface Period {
  tree: RankTree<RankedEntry>;
  owners: Map<string, RankedEntry>;
}

export class RankCache {
  private readonly periods = new Map<string, Period>();

  private key(boardId: string, expiry: number): string {
    return `${expiry}\u0000${boardId}`;
  }

  private period(boardId: string, expiry: number, sortOrder: 'asc' | 'desc'): Period {
    const key = this.key(boardId, expiry);
    let period = this.periods.get(key);
    if (!period) {
      period = { tree: new RankTree(rankComparator(sortOrder)), owners: new Map() };
      this.periods.set(key, period);
    }
    return period;
  }

  /** Replaces a period's ranks with entries sorted best first (a rebuild from the database). */
  load(boardId: string, expiry: number, sortOrder: 'asc' | 'desc', sorted: readonly RankedEntry[]): void {
    const period = this.period(boardId, expiry, sortOrder);
    period.tree.loadSorted(sorted);
    period.owners.clear();
    for (const entry of sorted) period.owners.set(entry.ownerId, entry);
  }

  /** Records the owner's entry and returns its rank (1 = best). */
  insert(boardId: string, expiry: number, sortOrder: 'asc' | 'desc', entry: RankedEntry): number {
    const period = this.period(boardId, expiry, sortOrder);
    const current = period.owners.get(entry.ownerId);
    if (!current || entry.generation > current.generation) {
      const fresh: RankedEntry = { score: entry.score, subscore: entry.subscore, ownerId: entry.ownerId, generation: entry.generation };
      if (current) period.tree.delete(current);
      period.tree.insert(fresh);
      period.owners.set(entry.ownerId, fresh);
      return period.tree.rankOf(fresh);
    }
    return period.tree.rankOf(current);
  }

  /** The owner's rank, or 0 when the owner has no ranked record in this period. */
  rank(boardId: string, expiry: number, ownerId: string): number {
    const period = this.periods.get(this.key(boardId, expiry));
    const current = period?.owners.get(ownerId);
    return current ? period!.tree.rankOf(current) : 0;
  }

  /** How many records the period ranks. */
  count(boardId: string, expiry: number): number {
    return this.periods.get(this.key(boardId, expiry))?.tree.size ?? 0;
  }

  /** The entry at a rank (1 = best), if any. */
  at(boardId: string, expiry: number, rank: number): RankEntry | undefined {
    return this.periods.get(this.key(boardId, expiry))?.tree.at(rank);
  }

  delete(boardId: string, expiry: number, ownerId: string): boolean {
    const period = this.periods.get(this.key(boardId, expiry));
    const current = period?.owners.get(ownerId);
    if (!current) return false;
    period!.tree.delete(current);
    period!.owners.delete(ownerId);
    return true;
  }

  /** Forgets every period of a board (the board was deleted or its ranks disabled). */
  deleteBoard(boardId: string): void {
    for (const key of [...this.periods.keys()]) if (key.endsWith(`\u0000${boardId}`)) this.periods.delete(key);
  }

  /** Drops periods whose expiry has passed; their records stay in the database for `expiry` reads. */
  trimExpired(nowMs: number): void {
    for (const key of [...this.periods.keys()]) {
      const expiry = Number(key.slice(0, key.indexOf('\u0000')));
      if (expiry !== 0 && expiry <= nowMs) this.periods.delete(key);
    }
  }
}
