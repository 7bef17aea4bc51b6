/**
 * SqlDatabase over better-sqlite3: one connection, statements run synchronously, and a small lock keeps
 * statements from other requests out of a transaction that is awaiting between its own statements.
 * Inside a transaction callback use only its `tx`: calling the database itself (or opening a nested
 * transaction) there waits for the transaction to end, which never happens.
 */
import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { WalCheckpointer } from './wal-checkpointer.js';
import { rowFactory, type RowFactory } from '../row-factory.js';
import { UniqueViolation, type Dialect, type RunResult, type SqlDatabase, type SqlExecutor, type SqlValue } from '../sql.js';

export interface SqliteDatabaseOptions {
  /** Path of the database file; its directory is created when missing. ':memory:' works for throwaway use. */
  file: string;
  /** How long a write waits for another process holding the file lock before failing; default 5000. */
  busyTimeoutMs?: number;
  /**
   * 'normal' (default): in WAL mode every committed transaction survives a crash or kill -9 of this process;
   * only an OS crash or power loss can lose the last few commits (the file itself stays consistent).
   * 'full': fsync on every commit, so commits survive power loss too, at a cost in write latency.
   */
  synchronous?: 'normal' | 'full';
  /** Checkpoint the WAL from a worker thread (default) instead of inside commits on this thread. */
  backgroundCheckpoints?: boolean;
}

type Statement = BetterSqlite3.Statement<unknown[], unknown>;

/** A cached statement; one that returns rows runs in raw mode and `row` turns its arrays into objects. */
interface PreparedStatement {
  stmt: Statement;
  row: RowFactory | undefined;
}

/** Statements that return rows run in raw mode; see row-factory.ts for why. */
function rawRows(stmt: Statement): RowFactory {
  const names = stmt.columns().map((c) => c.name);
  stmt.raw(true);
  return rowFactory(names);
}

/** Most transactions one group commit takes, so a stream of writers cannot hold readers back for long. */
const MAX_GROUP_SIZE = 128;

interface GroupMember {
  fn: (tx: SqlExecutor) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/** Enough distinct SQL texts for every query the repositories build; beyond it the oldest are dropped. */
const MAX_CACHED_STATEMENTS = 1000;

export class SqliteDatabase implements SqlDatabase {
  readonly dialect: Dialect = 'sqlite';
  private readonly db: BetterSqlite3.Database;
  private readonly statements = new Map<string, PreparedStatement>();
  /** True while a transaction is open; plain statements and other transactions then wait in `waiting`. */
  private locked = false;
  private readonly waiting: Array<() => void> = [];
  /** Members of the group transaction now running, open for more to join until it commits. */
  private group: GroupMember[] | undefined;
  private closed = false;
  private readonly checkpointer: WalCheckpointer | undefined;
  /** Transaction control, prepared once: `exec` would parse the text again on every group. */
  private readonly control: Record<'begin' | 'savepoint' | 'release' | 'rollbackTo' | 'commit', Statement>;

  constructor(private readonly options: SqliteDatabaseOptions) {
    if (options.file !== ':memory:' && options.file !== '') mkdirSync(dirname(options.file), { recursive: true });
    this.db = new BetterSqlite3(options.file, { timeout: options.busyTimeoutMs ?? 5000 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    this.db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    this.control = {
      begin: this.db.prepare('BEGIN IMMEDIATE'),
      savepoint: this.db.prepare('SAVEPOINT outpost_member'),
      release: this.db.prepare('RELEASE outpost_member'),
      rollbackTo: this.db.prepare('ROLLBACK TO outpost_member'),
      commit: this.db.prepare('COMMIT'),
    };
    const onDisk = options.file !== ':memory:' && options.file !== '';
    if (onDisk && options.backgroundCheckpoints !== false) {
      this.db.pragma('wal_autocheckpoint = 0');
      this.checkpointer = new WalCheckpointer({ file: options.file, busyTimeoutMs: options.busyTimeoutMs });
    }
  }

  all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    if (this.locked) return this.later(() => this.allNow<T>(sql, params));
    try {
      return Promise.resolve(this.allNow<T>(sql, params));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  get<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    if (this.locked) return this.later(() => this.getNow<T>(sql, params));
    try {
      return Promise.resolve(this.getNow<T>(sql, params));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult> {
    if (this.locked) return this.later(() => this.runNow(sql, params));
    try {
      return Promise.resolve(this.runNow(sql, params));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  exec(script: string): Promise<void> {
    if (this.locked) return this.later(() => this.execNow(script, true));
    try {
      return Promise.resolve(this.execNow(script, true));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Group commit: a transaction that arrives while another group is running (and no plain statement is
   * waiting) joins that group. Each member runs alone inside its own SAVEPOINT, so a failing member rolls
   * back only itself; all members' promises settle after the one COMMIT, so nothing is acknowledged
   * before it is durable. One commit per group instead of one per request is what makes concurrent
   * sign-ups cheap.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const member: GroupMember = { fn: fn as GroupMember['fn'], resolve: resolve as GroupMember['resolve'], reject };
      if (this.group && this.group.length < MAX_GROUP_SIZE && this.waiting.length === 0) this.group.push(member);
      else if (this.locked) this.waiting.push(() => void this.runGroup(member));
      else void this.runGroup(member);
    });
  }

  /**
   * Online backup through SQLite's backup API on a second, read-only connection: it sees only committed
   * data and never takes this connection's lock, so requests keep flowing. All pages go in one step, so
   * writes landing meanwhile cannot make it restart. The copy appears under its name only when complete.
   */
  async backup(destination: string): Promise<{ bytes: number }> {
    const file = this.options.file;
    if (file === ':memory:' || file === '') throw new Error('an in-memory database cannot be backed up');
    mkdirSync(dirname(destination), { recursive: true });
    const partial = `${destination}.partial`;
    rmSync(partial, { force: true });
    const source = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    try {
      await source.backup(partial, { progress: () => 0x7fffffff });
    } catch (error) {
      rmSync(partial, { force: true });
      throw error;
    } finally {
      source.close();
    }
    renameSync(partial, destination);
    return { bytes: statSync(destination).size };
  }

  /** Waits for an open transaction to finish, then closes the file; calling it again does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.locked) await this.later(() => undefined);
    if (this.closed) return;
    this.closed = true;
    this.statements.clear();
    await this.checkpointer?.stop();
    this.db.close();
  }

  /** Must set `locked` and `group` before its first await so that statements issued meanwhile queue or join. */
  private async runGroup(first: GroupMember): Promise<void> {
    this.locked = true;
    const members = [first];
    this.group = members;
    // Start at the end of this event-loop turn, not at once: transactions from requests read off other
    // sockets in the same turn join the group and share its one commit (better-sqlite3 never yields, so
    // otherwise every group would hold one member). SQLite's write lock is taken only after the wait.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const committed: { member: GroupMember; result: unknown }[] = [];
    try {
      this.control.begin.run();
    } catch (error) {
      this.group = undefined;
      for (const m of members) m.reject(translate(error));
      this.release();
      return;
    }
    // `members` grows while earlier members run; each runs to completion before the next starts.
    for (let i = 0; i < members.length; i++) await this.runMember(members[i]!, committed);
    this.group = undefined;
    try {
      this.control.commit.run();
      for (const { member, result } of committed) member.resolve(result);
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      for (const { member } of committed) member.reject(translate(error));
    } finally {
      this.release();
    }
  }

  /** Runs one member inside its own savepoint, so its failure rolls back only its own statements. */
  private async runMember(member: GroupMember, committed: { member: GroupMember; result: unknown }[]): Promise<void> {
    const tx = new SqliteTransaction(this);
    try {
      this.control.savepoint.run();
      const result = await member.fn(tx);
      this.control.release.run();
      committed.push({ member, result });
    } catch (error) {
      if (this.db.inTransaction) {
        try {
          this.control.rollbackTo.run();
          this.control.release.run();
        } catch {
          // The outer transaction is gone; the COMMIT reports it to everyone.
        }
      }
      member.reject(translate(error));
    } finally {
      tx.finish();
    }
  }

  /** Hands the connection to waiters in order until one of them opens a transaction again. */
  private release(): void {
    this.locked = false;
    while (!this.locked && this.waiting.length > 0) this.waiting.shift()!();
  }

  private later<R>(work: () => R): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push(() => {
        try {
          resolve(work());
        } catch (error) {
          reject(error);
        }
      });
    });
  }

  /** The *Now methods run at once on the connection; the transaction executor calls them directly. */
  allNow<T>(sql: string, params: readonly SqlValue[] | undefined): T[] {
    try {
      const { stmt, row } = this.prepare(sql);
      const rows = (params === undefined || params.length === 0 ? stmt.all() : stmt.all(bind(params))) as unknown[][];
      return (row === undefined ? rows : rows.map(row)) as T[];
    } catch (error) {
      throw translate(error);
    }
  }

  getNow<T>(sql: string, params: readonly SqlValue[] | undefined): T | undefined {
    try {
      const { stmt, row } = this.prepare(sql);
      const values = (params === undefined || params.length === 0 ? stmt.get() : stmt.get(bind(params))) as unknown[] | undefined;
      return (values === undefined || row === undefined ? values : row(values)) as T | undefined;
    } catch (error) {
      throw translate(error);
    }
  }

  runNow(sql: string, params: readonly SqlValue[] | undefined): RunResult {
    try {
      const { stmt } = this.prepare(sql);
      const info = params === undefined || params.length === 0 ? stmt.run() : stmt.run(bind(params));
      return { changes: info.changes };
    } catch (error) {
      throw translate(error);
    }
  }

  /** `standalone`: outside a transaction, a script that opened one of its own is rolled back on failure. */
  execNow(script: string, standalone: boolean): void {
    try {
      this.db.exec(script);
    } catch (error) {
      if (standalone && this.db.inTransaction) this.db.exec('ROLLBACK');
      throw translate(error);
    }
  }

  private prepare(sql: string): PreparedStatement {
    let prepared = this.statements.get(sql);
    if (prepared === undefined) {
      const stmt = this.db.prepare<unknown[], unknown>(sql);
      prepared = { stmt, row: stmt.reader ? rawRows(stmt) : undefined };
      if (this.statements.size >= MAX_CACHED_STATEMENTS) {
        this.statements.delete(this.statements.keys().next().value as string);
      }
      this.statements.set(sql, prepared);
    }
    return prepared;
  }
}

/** The executor handed to a transaction's callback; it refuses use after the transaction has ended. */
class SqliteTransaction implements SqlExecutor {
  private active = true;

  constructor(private readonly owner: SqliteDatabase) {}

  finish(): void {
    this.active = false;
  }

  all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    try {
      this.check();
      return Promise.resolve(this.owner.allNow<T>(sql, params));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  get<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    try {
      this.check();
      return Promise.resolve(this.owner.getNow<T>(sql, params));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult> {
    try {
      this.check();
      return Promise.resolve(this.owner.runNow(sql, params));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  exec(script: string): Promise<void> {
    try {
      this.check();
      return Promise.resolve(this.owner.execNow(script, false));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private check(): void {
    if (!this.active) throw new Error('transaction executor used after its transaction ended');
  }
}

/** SQLite has no boolean type; everything else binds as it is. Copies only when a boolean is present. */
function bind(params: readonly SqlValue[]): unknown[] {
  for (let i = 0; i < params.length; i++) {
    if (typeof params[i] === 'boolean') return params.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
  }
  return params as unknown[];
}

/** "UNIQUE constraint failed: users.username" becomes UniqueViolation('users.username'). */
function translate(error: unknown): unknown {
  if (error instanceof UniqueViolation) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const message = (error as Error).message;
    const at = message.indexOf('failed: ');
    const violation = new UniqueViolation(at >= 0 ? message.slice(at + 'failed: '.length).trim() : message);
    (violation as Error).cause = error;
    return violation;
  }
  return error;
}
