/**
 * First-fit allocator of contiguous index ranges inside a growable pool
 * (body slots, grid cells, boxes, contact slots). Free ranges are kept sorted
 * and coalesced so long-running servers do not fragment into unusable slivers.
 */
export class RangeAllocator {
  private free: Array<{ start: number; len: number }> = [];
  private cap: number;

  constructor(capacity: number) {
    this.cap = capacity;
    if (capacity > 0) this.free.push({ start: 0, len: capacity });
  }

  get capacity(): number {
    return this.cap;
  }

  /** Highest index in use + 1 (what must be dispatched or uploaded). */
  get highWater(): number {
    const last = this.free[this.free.length - 1];
    if (last && last.start + last.len === this.cap) return last.start;
    return this.cap;
  }

  /** Returns the start of a free range of `len`, or -1 if none fits. */
  alloc(len: number): number {
    if (len === 0) return 0;
    for (let k = 0; k < this.free.length; k++) {
      const r = this.free[k]!;
      if (r.len < len) continue;
      const start = r.start;
      r.start += len;
      r.len -= len;
      if (r.len === 0) this.free.splice(k, 1);
      return start;
    }
    return -1;
  }

  release(start: number, len: number): void {
    if (len === 0) return;
    let k = 0;
    while (k < this.free.length && this.free[k]!.start < start) k++;
    this.free.splice(k, 0, { start, len });
    // Coalesce with the right neighbour, then the left one.
    const cur = this.free[k]!;
    const next = this.free[k + 1];
    if (next && cur.start + cur.len === next.start) {
      cur.len += next.len;
      this.free.splice(k + 1, 1);
    }
    const prev = this.free[k - 1];
    if (prev && prev.start + prev.len === cur.start) {
      prev.len += cur.len;
      this.free.splice(k, 1);
    }
  }

  /** Extends the pool; the new tail becomes free space. */
  grow(newCapacity: number): void {
    if (newCapacity <= this.cap) return;
    const added = newCapacity - this.cap;
    const start = this.cap;
    this.cap = newCapacity;
    this.release(start, added);
  }
}

/** LIFO pool of small integer ids (world ids, observer slots, local body ids). */
export class IdPool {
  private stack: number[] = [];
  private next = 0;

  get issued(): number {
    return this.next;
  }

  take(): number {
    return this.stack.length > 0 ? this.stack.pop()! : this.next++;
  }

  give(id: number): void {
    this.stack.push(id);
  }

  get inUse(): number {
    return this.next - this.stack.length;
  }
}
