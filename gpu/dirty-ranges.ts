/**
 * Tracks which pages of a record array changed since the last upload, so the
 * GPU backend writes only the touched spans instead of whole buffers.
 */
export class DirtyRanges {
  private pages: Uint8Array;
  private any = false;

  /** @param records number of records, @param pageSize records per page */
  constructor(
    private records: number,
    private readonly pageSize = 64,
  ) {
    this.pages = new Uint8Array(Math.max(1, Math.ceil(records / pageSize)));
  }

  resize(records: number): void {
    this.records = records;
    const pages = new Uint8Array(Math.max(1, Math.ceil(records / this.pageSize)));
    pages.set(this.pages.subarray(0, Math.min(pages.length, this.pages.length)));
    this.pages = pages;
  }

  mark(record: number, count = 1): void {
    if (count <= 0) return;
    const first = Math.floor(record / this.pageSize);
    const last = Math.floor((record + count - 1) / this.pageSize);
    for (let p = first; p <= last && p < this.pages.length; p++) this.pages[p] = 1;
    this.any = true;
  }

  markAll(): void {
    this.pages.fill(1);
    this.any = true;
  }

  get isDirty(): boolean {
    return this.any;
  }

  /** Yields merged [start, end) record spans and clears the tracker. */
  take(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    if (!this.any) return out;
    let runStart = -1;
    for (let p = 0; p <= this.pages.length; p++) {
      const dirty = p < this.pages.length && this.pages[p] === 1;
      if (dirty && runStart < 0) runStart = p;
      if (!dirty && runStart >= 0) {
        out.push([runStart * this.pageSize, Math.min(p * this.pageSize, this.records)]);
        runStart = -1;
      }
    }
    this.pages.fill(0);
    this.any = false;
    return out;
  }
}
