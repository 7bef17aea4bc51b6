/**
 * The small SQL seam both database drivers implement. Repositories are written once against it with `?`
 * placeholders; the PostgreSQL driver numbers them, the SQLite driver runs them as they are.
 */
export type SqlValue = string | number | bigint | boolean | null | Buffer;

export interface RunResult {
  changes: number;
}

export interface SqlExecutor {
  all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult>;
  /** Runs a multi-statement script without parameters (migrations run one inside their transaction). */
  exec(script: string): Promise<void>;
}

export type Dialect = 'sqlite' | 'postgres';

export interface SqlDatabase extends SqlExecutor {
  readonly dialect: Dialect;
  /** Runs `fn` in one transaction; it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Online copy of the whole database into a file; only drivers of embedded databases have it. */
  backup?(destination: string): Promise<{ bytes: number }>;
}

/** Thrown by drivers when a unique constraint rejects a write; `target` names the index or columns. */
export class UniqueViolation extends Error {
  constructor(readonly target: string) {
    super(`unique constraint violated: ${target}`);
    this.name = 'UniqueViolation';
  }
}
