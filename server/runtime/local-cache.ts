/**
 * nk.localcache*: one in-memory key/value cache shared by every worker on this node (it lives on the main
 * thread), with an optional time to live per key, as Nakama's runtime local cache.
 */
export class LocalCache {
  private readonly entries = new Map<string, { value: unknown; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  get(key: string): unknown {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== 0 && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** ttlSec 0 keeps the value until it is deleted or the server stops. */
  put(key: string, value: unknown, ttlSec: number): void {
    this.entries.set(key, { value, expiresAt: ttlSec > 0 ? this.now() + ttlSec * 1000 : 0 });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
