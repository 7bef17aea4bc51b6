/**
 * Failed console logins, counted per username and per client address. Once either has `maxFailures`
 * failures within `windowMs`, it is locked for `lockoutMs`: guessing a password slowly from many
 * addresses, or many passwords from one address, both stall.
 */
export interface LockoutSettings {
  maxFailures: number;
  windowMs: number;
  lockoutMs: number;
}

interface Entry {
  failures: number[];
  lockedUntil: number;
}

export class LoginAttempts {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly settings: LockoutSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when neither the username nor the address is locked now. */
  allowed(username: string, address: string): boolean {
    const now = this.now();
    return [`u:${username}`, `a:${address}`].every((key) => (this.entries.get(key)?.lockedUntil ?? 0) <= now);
  }

  failed(username: string, address: string): void {
    const now = this.now();
    for (const key of [`u:${username}`, `a:${address}`]) {
      let entry = this.entries.get(key);
      if (!entry) this.entries.set(key, (entry = { failures: [], lockedUntil: 0 }));
      entry.failures = entry.failures.filter((t) => now - t < this.settings.windowMs);
      entry.failures.push(now);
      if (entry.failures.length >= this.settings.maxFailures) {
        entry.lockedUntil = now + this.settings.lockoutMs;
        entry.failures = [];
      }
    }
    this.prune(now);
  }

  /** A successful login clears the username's and the address's failures. */
  succeeded(username: string, address: string): void {
    this.entries.delete(`u:${username}`);
    this.entries.delete(`a:${address}`);
  }

  /** Keeps the map from growing with addresses that tried once long ago. */
  private prune(now: number): void {
    if (this.entries.size < 10_000) return;
    for (const [key, e] of this.entries) {
      if (e.lockedUntil <= now && e.failures.every((t) => now - t >= this.settings.windowMs)) this.entries.delete(key);
    }
  }
}
