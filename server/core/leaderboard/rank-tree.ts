/**
 * An order-statistic list: entries kept sorted in small leaf arrays, with a Fenwick tree over the leaf
 * sizes, so insert, delete and "rank of this entry" cost O(log n + leaf size) and no rank ever needs a
 * scan of the whole board. Leaves split when they grow past LEAF_MAX and vanish when empty; either
 * rebuilds the Fenwick tree, which is O(leaves) and rare.
 */

export interface RankEntry {
  score: number;
  subscore: number;
  ownerId: string;
}

/** Negative when `a` ranks before (better than) `b`. */
export type RankComparator = (a: RankEntry, b: RankEntry) => number;

const LEAF_MAX = 512;
const LEAF_BULK = 256;

export class RankTree<E extends RankEntry = RankEntry> {
  private leaves: E[][] = [];
  /** Fenwick tree (1-based) over leaf sizes. */
  private fenwick: number[] = [0];
  private count = 0;

  constructor(private readonly compare: RankComparator) {}

  get size(): number {
    return this.count;
  }

  /** Replaces the contents with entries already sorted by the comparator (a rebuild from the database). */
  loadSorted(entries: readonly E[]): void {
    this.leaves = [];
    for (let i = 0; i < entries.length; i += LEAF_BULK) this.leaves.push(entries.slice(i, i + LEAF_BULK));
    this.count = entries.length;
    this.rebuildFenwick();
  }

  insert(entry: E): void {
    if (this.leaves.length === 0) {
      this.leaves.push([entry]);
      this.count = 1;
      this.rebuildFenwick();
      return;
    }
    const li = this.leafFor(entry);
    const leaf = this.leaves[li]!;
    leaf.splice(this.lowerBound(leaf, entry), 0, entry);
    this.count++;
    if (leaf.length > LEAF_MAX) {
      this.leaves.splice(li + 1, 0, leaf.splice(leaf.length >> 1));
      this.rebuildFenwick();
    } else {
      this.add(li, 1);
    }
  }

  /** Removes the entry equal (by the comparator) to `entry`; false when there is none. */
  delete(entry: RankEntry): boolean {
    if (this.leaves.length === 0) return false;
    const li = this.leafFor(entry);
    const leaf = this.leaves[li]!;
    const i = this.lowerBound(leaf, entry);
    if (i >= leaf.length || this.compare(leaf[i]!, entry) !== 0) return false;
    leaf.splice(i, 1);
    this.count--;
    if (leaf.length === 0) {
      this.leaves.splice(li, 1);
      this.rebuildFenwick();
    } else {
      this.add(li, -1);
    }
    return true;
  }

  /** 1-based rank of the entry equal to `entry`, or 0 when absent. */
  rankOf(entry: RankEntry): number {
    if (this.leaves.length === 0) return 0;
    const li = this.leafFor(entry);
    const leaf = this.leaves[li]!;
    const i = this.lowerBound(leaf, entry);
    if (i >= leaf.length || this.compare(leaf[i]!, entry) !== 0) return 0;
    return this.prefix(li) + i + 1;
  }

  /** The entry at 1-based `rank`, or undefined when out of range. */
  at(rank: number): E | undefined {
    if (rank < 1 || rank > this.count) return undefined;
    // Fenwick descent: find the leaf holding the rank-th entry.
    let pos = 0;
    let remaining = rank;
    let bit = 1;
    while (bit * 2 <= this.leaves.length) bit *= 2;
    for (; bit > 0; bit >>= 1) {
      const next = pos + bit;
      if (next <= this.leaves.length && this.fenwick[next]! < remaining) {
        pos = next;
        remaining -= this.fenwick[next]!;
      }
    }
    return this.leaves[pos]![remaining - 1];
  }

  /** All entries in rank order (tests and diagnostics). */
  *entries(): IterableIterator<E> {
    for (const leaf of this.leaves) yield* leaf;
  }

  /** Index of the leaf an entry belongs in: the first whose last entry is not before it (or the last leaf). */
  private leafFor(entry: RankEntry): number {
    let lo = 0;
    let hi = this.leaves.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const leaf = this.leaves[mid]!;
      if (this.compare(leaf[leaf.length - 1]!, entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private lowerBound(leaf: readonly E[], entry: RankEntry): number {
    let lo = 0;
    let hi = leaf.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.compare(leaf[mid]!, entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Entries in leaves before leaf `li`. */
  private prefix(li: number): number {
    let sum = 0;
    for (let i = li; i > 0; i -= i & -i) sum += this.fenwick[i]!;
    return sum;
  }

  private add(li: number, delta: number): void {
    for (let i = li + 1; i < this.fenwick.length; i += i & -i) this.fenwick[i]! += delta;
  }

  private rebuildFenwick(): void {
    const n = this.leaves.length;
    const tree = new Array<number>(n + 1).fill(0);
    for (let i = 1; i <= n; i++) {
      tree[i]! += this.leaves[i - 1]!.length;
      const parent = i + (i & -i);
      if (parent <= n) tree[parent]! += tree[i]!;
    }
    this.fenwick = tree;
  }
}

/** Rank order of a board: best first. Descending boards rank higher scores first, ties by owner descending. */
export function rankComparator(sortOrder: 'asc' | 'desc'): RankComparator {
  if (sortOrder === 'asc') {
    return (a, b) => a.score - b.score || a.subscore - b.subscore || (a.ownerId < b.ownerId ? -1 : a.ownerId > b.ownerId ? 1 : 0);
  }
  return (a, b) => b.score - a.score || b.subscore - a.subscore || (a.ownerId < b.ownerId ? 1 : a.ownerId > b.ownerId ? -1 : 0);
}
