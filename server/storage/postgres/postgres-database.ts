/**
 * SqlDatabase over a pg.Pool. Repositories write `?` placeholders; they are numbered once per SQL text and
 * each text runs as a named prepared statement, so PostgreSQL parses and plans it once per connection.
 */
import { createHash } from 'node:crypto';
import { rewriteSqlCode } from '../sql-text.js';
import { rowFactory, type RowFactory } from '../row-factory.js';
import pg from 'pg';
import { UniqueViolation, type Dialect, type RunResult, type SqlDatabase, type SqlExecutor, type SqlValue } from '../sql.js';

export interface PostgresDatabaseOptions {
  /** postgres://user:password@host:port/database */
  connectionString: string;
  /** Pool size; default 10. */
  maxConnections?: number;
  /** How long to wait for a connection before failing; default 10000 ms. */
  connectTimeoutMs?: number;
}

interface PreparedText {
  name: string | undefined;
  text: string;
  /** Built from the first result's columns; a statement's columns never change. */
  row?: RowFactory;
}

/** Caps how many distinct statements each connection keeps prepared; texts past it run unnamed. */
const MAX_NAMED_STATEMENTS = 1000;

const INT8_OID = 20;

/** Our BIGINT values are millisecond times and counts, far below 2^53, so they parse as plain numbers. */
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && (format === undefined || format === 'text')) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

type Queryable = pg.Pool | pg.PoolClient;

export class PostgresDatabase implements SqlDatabase {
  readonly dialect: Dialect = 'postgres';
  private readonly pool: pg.Pool;
  private readonly texts = new Map<string, PreparedText>();
  private closed = false;

  constructor(options: PostgresDatabaseOptions) {
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      types: typeParsers,
    });
    // An idle connection that drops (server restart) is discarded by the pool; without a listener the
    // 'error' event would crash the process instead.
    this.pool.on('error', () => undefined);
  }

  all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.query(this.pool, sql, params).then((r) => r.rows as T[]);
  }

  get<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.query(this.pool, sql, params).then((r) => r.rows[0] as T | undefined);
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult> {
    return this.query(this.pool, sql, params).then((r) => ({ changes: r.rowCount ?? 0 }));
  }

  /** Simple-protocol query, so several statements may be sent at once; a failed connection is discarded. */
  async exec(script: string): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query(script);
    } catch (error) {
      client.release(error as Error);
      throw translate(error);
    }
    client.release();
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    const tx = new PostgresTransaction(this, client);
    try {
      await client.query('BEGIN');
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError as Error;
      }
      throw translate(error);
    } finally {
      tx.finish();
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /** Runs one statement on the pool or on a transaction's client, translating unique violations. */
  query(target: Queryable, sql: string, params: readonly SqlValue[] | undefined): Promise<pg.QueryResult> {
    const prepared = this.prepared(sql);
    // Rows come back as arrays and become objects through the statement's generated factory (row-factory.ts).
    const config: pg.QueryArrayConfig = { text: prepared.text, values: params === undefined ? [] : bind(params), rowMode: 'array' };
    if (prepared.name !== undefined) config.name = prepared.name;
    return target.query(config).then(
      (result) => {
        if (result.rows.length > 0) {
          prepared.row ??= rowFactory(result.fields.map((f) => f.name));
          (result as unknown as pg.QueryResult).rows = result.rows.map(prepared.row);
        }
        return result as unknown as pg.QueryResult;
      },
      (error: unknown) => {
        throw translate(error);
      },
    );
  }

  private prepared(sql: string): PreparedText {
    let prepared = this.texts.get(sql);
    if (prepared === undefined) {
      const named = this.texts.size < MAX_NAMED_STATEMENTS;
      prepared = {
        name: named ? 'o_' + createHash('sha1').update(sql).digest('hex').slice(0, 20) : undefined,
        text: numberPlaceholders(sql),
      };
      if (named) this.texts.set(sql, prepared);
    }
    return prepared;
  }
}

/** The executor handed to a transaction's callback: every statement goes to the transaction's client. */
class PostgresTransaction implements SqlExecutor {
  private active = true;

  constructor(
    private readonly owner: PostgresDatabase,
    private readonly client: pg.PoolClient,
  ) {}

  finish(): void {
    this.active = false;
  }

  all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.query(sql, params).then((r) => r.rows as T[]);
  }

  get<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.query(sql, params).then((r) => r.rows[0] as T | undefined);
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult> {
    return this.query(sql, params).then((r) => ({ changes: r.rowCount ?? 0 }));
  }

  async exec(script: string): Promise<void> {
    this.check();
    try {
      await this.client.query(script);
    } catch (error) {
      throw translate(error);
    }
  }

  private query(sql: string, params: readonly SqlValue[] | undefined): Promise<pg.QueryResult> {
    try {
      this.check();
    } catch (error) {
      return Promise.reject(error);
    }
    return this.owner.query(this.client, sql, params);
  }

  private check(): void {
    if (!this.active) throw new Error('transaction executor used after its transaction ended');
  }
}

/**
 * Turns `?` into `$1..$n`, leaving quoted strings, quoted identifiers and comments alone. A literal `?`
 * operator (jsonb) cannot be written through this seam; use the jsonb_exists() function instead.
 */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return rewriteSqlCode(sql, (code) => code.replace(/\?/g, () => '$' + ++n));
}

/** pg would send a bigint through JSON.stringify, which throws; send its decimal text instead. */
function bind(params: readonly SqlValue[]): unknown[] {
  for (let i = 0; i < params.length; i++) {
    if (typeof params[i] === 'bigint') return params.map((v) => (typeof v === 'bigint' ? v.toString() : v));
  }
  return params as unknown[];
}

/** SQLSTATE 23505 (unique_violation) becomes UniqueViolation named after the violated constraint or index. */
function translate(error: unknown): unknown {
  if (error instanceof UniqueViolation) return error;
  const e = error as { code?: unknown; constraint?: unknown } | null;
  if (e !== null && typeof e === 'object' && e.code === '23505') {
    const violation = new UniqueViolation(typeof e.constraint === 'string' ? e.constraint : 'unknown');
    (violation as Error).cause = error;
    return violation;
  }
  return error;
}
