/**
 * Throwaway databases for tests: a fresh SQLite file in a temp dir, or a fresh PostgreSQL database on the
 * server named by OUTPOST_TEST_DATABASE_URL. Every storage-touching test gets one and drops it afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import pg from 'pg';
import type { Storage } from '../../server/storage/repositories.js';
import { openPostgresStorage } from '../../server/storage/postgres/open-postgres-storage.js';
import { openSqliteStorage } from '../../server/storage/sqlite/open-sqlite-storage.js';

export const DIALECTS = ['sqlite', 'postgres'] as const;

export interface TestDatabase {
  dialect: 'sqlite' | 'postgres';
  /** PostgreSQL connection URL of the fresh database; '' for SQLite (the file lives in dataDir). */
  address: string;
  /** A fresh temp dir; for SQLite it holds `outpost.db`. */
  dataDir: string;
  /** A new, unmigrated Storage over this database; drop() closes any still open. */
  open(): Promise<Storage>;
  drop(): Promise<void>;
}

const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export async function createTestDatabase(dialect: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'outpost-test-'));
  const opened: Storage[] = [];
  const closeOpened = async (): Promise<void> => {
    for (const storage of opened.splice(0)) await storage.close().catch(() => undefined);
  };

  if (dialect === 'sqlite') {
    const file = join(dataDir, 'outpost.db');
    return {
      dialect,
      address: '',
      dataDir,
      async open() {
        const storage = await openSqliteStorage({ file });
        opened.push(storage);
        return storage;
      },
      async drop() {
        await closeOpened();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }

  const serverUrl = process.env.OUTPOST_TEST_DATABASE_URL ?? DEFAULT_POSTGRES_URL;
  const name = `outpost_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const address = withDatabase(serverUrl, name);
  return {
    dialect,
    address,
    dataDir,
    async open() {
      const storage = await openPostgresStorage({ url: address });
      opened.push(storage);
      return storage;
    },
    async drop() {
      await closeOpened();
      await withAdmin(serverUrl, async (admin) => {
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
          name,
        ]);
        await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function withAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The same server URL with its database path replaced; credentials, host and query stay as they were. */
function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Registers before/after hooks in the current suite: a fresh, migrated database of `dialect` for the
 * suite's tests, handed over through `use`, and dropped afterwards.
 */
export function useMigratedStorage(dialect: 'sqlite' | 'postgres', use: (storage: Storage, database: TestDatabase) => void): void {
  let database: TestDatabase | undefined;
  before(async () => {
    database = await createTestDatabase(dialect);
    const storage = await database.open();
    await storage.migrateUp();
    use(storage, database);
  });
  after(async () => {
    await database?.drop();
  });
}
