import type { LogEntry, LogLevel } from '../common/logger.js';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A log line as the console shows it: an id so the GUI can key rows and resume after the last one seen. */
export interface ConsoleLogEntry extends LogEntry {
  seq: number;
}

/**
 * The last `capacity` log entries of the server, for the console's log view; live subscribers get each
 * new entry as it is written.
 */
export class LogBuffer {
  private readonly entries: ConsoleLogEntry[] = [];
  private readonly listeners = new Set<(e: ConsoleLogEntry) => void>();
  private seq = 0;

  constructor(private readonly capacity: number) {}

  /** The logger's sink: keeps the entry and hands it to every subscriber. */
  readonly append = (entry: LogEntry): void => {
    const e: ConsoleLogEntry = { ...entry, seq: ++this.seq };
    this.entries.push(e);
    if (this.entries.length > this.capacity) this.entries.shift();
    for (const listener of this.listeners) listener(e);
  };

  /** Entries at or above `level` whose message or fields contain `search` (case-insensitive), oldest first. */
  query(filter: { level?: LogLevel; search?: string; limit: number }): ConsoleLogEntry[] {
    const min = ORDER[filter.level ?? 'debug'];
    const needle = filter.search?.toLowerCase() ?? '';
    const out: ConsoleLogEntry[] = [];
    for (let i = this.entries.length - 1; i >= 0 && out.length < filter.limit; i--) {
      const e = this.entries[i]!;
      if (ORDER[e.level] < min) continue;
      if (needle && !matches(e, needle)) continue;
      out.push(e);
    }
    return out.reverse();
  }

  subscribe(listener: (e: ConsoleLogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export function matches(e: LogEntry, needle: string): boolean {
  if (e.msg.toLowerCase().includes(needle)) return true;
  return JSON.stringify(e.fields).toLowerCase().includes(needle);
}
