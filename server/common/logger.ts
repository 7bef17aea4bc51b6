/** A small structured logger: one JSON (or plain text) line per entry, filtered by level. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

export interface LogEntry {
  time: number;
  level: LogLevel;
  msg: string;
  fields: LogFields;
}

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  level: LogLevel;
  format: 'json' | 'text';
  write?: (line: string) => void;
  /** Extra consumer of every entry that passes the level filter (the console's live log tail). */
  sink?: (entry: LogEntry) => void;
}

export function createLogger(options: LoggerOptions, base: LogFields = {}): Logger {
  const min = ORDER[options.level];
  const write = options.write ?? ((line: string) => process.stdout.write(line + '\n'));
  const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (ORDER[level] < min) return;
    const all = { ...base, ...fields };
    const time = Date.now();
    for (const [k, v] of Object.entries(all)) if (v instanceof Error) all[k] = v.stack ?? v.message;
    options.sink?.({ time, level, msg, fields: all });
    if (options.format === 'json') {
      write(JSON.stringify({ level, ts: new Date(time).toISOString(), msg, ...all }));
    } else {
      const extra = Object.keys(all).length ? ' ' + JSON.stringify(all) : '';
      write(`${new Date(time).toISOString()} ${level.toUpperCase().padEnd(5)} ${msg}${extra}`);
    }
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger(options, { ...base, ...fields }),
  };
}
