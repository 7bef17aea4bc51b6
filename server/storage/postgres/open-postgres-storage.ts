/** Builds PostgreSQL-backed Storage; it does not migrate (the caller runs migrateUp()). */
import type { Storage } from '../repositories.js';
import { SqlStorage, type SqlStorageOptions } from '../sql-storage.js';
import { PostgresDatabase } from './postgres-database.js';

export interface OpenPostgresStorageOptions {
  url: string;
  maxConnections?: number;
  connectTimeoutMs?: number;
}

export async function openPostgresStorage(
  options: OpenPostgresStorageOptions,
  storage: SqlStorageOptions = {},
): Promise<Storage> {
  const db = new PostgresDatabase({
    connectionString: options.url,
    maxConnections: options.maxConnections,
    connectTimeoutMs: options.connectTimeoutMs,
  });
  return new SqlStorage(db, storage);
}
