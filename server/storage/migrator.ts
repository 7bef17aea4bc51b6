/**
 * Applies `migrations/<dialect>/NNNN_name.sql` in version order. Each file runs in one transaction together
 * with its row in `outpost_migrations`, so a failed migration leaves no trace and can simply be retried.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MigrationStatus } from './repositories.js';
import type { SqlDatabase, SqlExecutor } from './sql.js';

export interface MigratorOptions {
  /** Folder holding one sub-folder per dialect; default: the repository's `migrations/`. */
  directory?: string;
  /** Clock for `applied_at`; default Date.now. */
  now?: () => number;
}

export interface MigrationFile {
  version: number;
  name: string;
  path: string;
}

/** Refuses to run an older build against a schema a newer build has already changed. */
export class SchemaTooNewError extends Error {
  constructor(
    readonly databaseVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `database schema is at version ${databaseVersion} but this Outpost build knows migrations up to ` +
        `${knownVersion}; upgrade Outpost or point database.address at another database`,
    );
    this.name = 'SchemaTooNewError';
  }
}

const FILE_PATTERN = /^(\d{4})_([A-Za-z0-9_-]+)\.sql$/;

/** Arbitrary constant shared by every Outpost server, so concurrent starts on one database take turns. */
const POSTGRES_LOCK_KEY = 7_350_001_734;

const DEFAULT_DIRECTORY = fileURLToPath(new URL('../../migrations/', import.meta.url));

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS outpost_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at BIGINT NOT NULL
)`;

interface AppliedRow {
  version: number;
  name: string;
  applied_at: number;
}

export class Migrator {
  private readonly directory: string;
  private readonly now: () => number;

  constructor(
    private readonly db: SqlDatabase,
    options: MigratorOptions = {},
  ) {
    this.directory = join(options.directory ?? DEFAULT_DIRECTORY, db.dialect);
    this.now = options.now ?? Date.now;
  }

  /** Applies every missing migration; throws SchemaTooNewError before touching a newer schema. */
  async up(): Promise<MigrationStatus[]> {
    const files = await this.files();
    await this.db.transaction(async (tx) => {
      await this.lock(tx);
      await tx.exec(CREATE_TABLE);
    });
    this.refuseNewer(files, await this.applied(this.db));
    for (const file of files) {
      const script = await readFile(file.path, 'utf8');
      await this.db.transaction(async (tx) => {
        await this.lock(tx);
        const applied = await this.applied(tx);
        // Checked again under the lock: another server may have moved the schema on meanwhile.
        this.refuseNewer(files, applied);
        if (applied.some((row) => row.version === file.version)) return;
        await tx.exec(script);
        await tx.run('INSERT INTO outpost_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
          file.version,
          file.name,
          this.now(),
        ]);
      });
    }
    return this.status();
  }

  /** Every known migration with its applied time (null when pending), plus any unknown applied ones. */
  async status(): Promise<MigrationStatus[]> {
    const files = await this.files();
    const applied = (await this.tableExists()) ? await this.applied(this.db) : [];
    const byVersion = new Map<number, MigrationStatus>();
    for (const file of files) byVersion.set(file.version, { version: file.version, name: file.name, appliedAt: null });
    for (const row of applied) {
      const known = byVersion.get(row.version);
      if (known !== undefined) known.appliedAt = Number(row.applied_at);
      else byVersion.set(row.version, { version: row.version, name: row.name, appliedAt: Number(row.applied_at) });
    }
    return [...byVersion.values()].sort((a, b) => a.version - b.version);
  }

  /** The migration files for this dialect in version order; duplicate versions are an error. */
  async files(): Promise<MigrationFile[]> {
    const names = await readdir(this.directory);
    const files: MigrationFile[] = [];
    for (const entry of names) {
      const match = FILE_PATTERN.exec(entry);
      if (match === null) continue;
      files.push({ version: Number(match[1]), name: match[2]!, path: join(this.directory, entry) });
    }
    files.sort((a, b) => a.version - b.version);
    for (let i = 1; i < files.length; i++) {
      if (files[i]!.version === files[i - 1]!.version) {
        throw new Error(`two migrations share version ${files[i]!.version} in ${this.directory}`);
      }
    }
    return files;
  }

  private refuseNewer(files: MigrationFile[], applied: AppliedRow[]): void {
    const known = files.length === 0 ? 0 : files[files.length - 1]!.version;
    const highest = applied.reduce((max, row) => Math.max(max, Number(row.version)), 0);
    if (highest > known) throw new SchemaTooNewError(highest, known);
  }

  private async applied(executor: SqlExecutor): Promise<AppliedRow[]> {
    const rows = await executor.all<AppliedRow>(
      'SELECT version, name, applied_at FROM outpost_migrations ORDER BY version',
    );
    return rows.map((row) => ({ version: Number(row.version), name: row.name, applied_at: Number(row.applied_at) }));
  }

  private async tableExists(): Promise<boolean> {
    const sql =
      this.db.dialect === 'postgres'
        ? "SELECT 1 AS found FROM pg_catalog.pg_tables WHERE tablename = 'outpost_migrations' AND schemaname = current_schema()"
        : "SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'outpost_migrations'";
    return (await this.db.get(sql)) !== undefined;
  }

  /** PostgreSQL: serialise migrating servers until this transaction ends. SQLite's BEGIN IMMEDIATE already does. */
  private async lock(tx: SqlExecutor): Promise<void> {
    if (this.db.dialect === 'postgres') await tx.get(`SELECT pg_advisory_xact_lock(${POSTGRES_LOCK_KEY})`);
  }
}
