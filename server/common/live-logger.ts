import type { LogEntry, LogFields, Logger, LogLevel } from './logger.js';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * What a live logger consults on every entry: the level can change while the server runs (the console
 * edits logger.level), and every entry that passes it also goes to the sink (the console's log tail).
 */
export interface LogControl {
  level: LogLevel;
  sink?: (entry: LogEntry) => void;
}

/**
 * Wraps a logger so that its effective level is read from `control` at each call and each passing entry
 * is copied to the sink; the inner logger still applies its own level to what it writes.
 */
export function createLiveLogger(inner: Logger, control: LogControl, base: LogFields = {}): Logger {
  const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (ORDER[level] < ORDER[control.level]) return;
    inner[level](msg, fields);
    if (control.sink) {
      const all: LogFields = { ...base, ...fields };
      for (const [k, v] of Object.entries(all)) if (v instanceof Error) all[k] = v.stack ?? v.message;
      control.sink({ time: Date.now(), level, msg, fields: all });
    }
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLiveLogger(inner.child(fields), control, { ...base, ...fields }),
  };
}
