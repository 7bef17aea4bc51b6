/** Builds SQLite-backed Storage; it does not migrate (the caller runs migrateUp()). */
import type { Storage } from '../repositories.js';
import { SqlStorage, type SqlStorageOptions } from '../sql-storage.js';
import { SqliteDatabase } from './sqlite-database.js';

export interface OpenSqliteStorageOptions {
  file: string;
  busyTimeoutMs?: number;
  synchronous?: 'normal' | 'full';
}

export async function openSqliteStorage(options: OpenSqliteStorageOptions, storage: SqlStorageOptions = {}): Promise<Storage> {
  const db = new SqliteDatabase({
    file: options.file,
    busyTimeoutMs: options.busyTimeoutMs,
    synchronous: options.synchronous,
  });
  return new SqlStorage(db, storage);
}
