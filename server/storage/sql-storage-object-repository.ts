/**
 * StorageObjectRepository over SqlExecutor: portable SQL (upserts with ON CONFLICT, RETURNING, row-value
 * comparisons) that SQLite and PostgreSQL both run. Optimistic versions are checked in the same statement
 * that writes, so concurrent writers of one version cannot both win.
 */
import {
  StorageRejectedError,
  type StorageAckRecord,
  type StorageDeleteRecord,
  type StorageListQuery,
  type StorageObjectKey,
  type StorageObjectRecord,
  type StorageObjectRepository,
  type StorageWriteRecord,
} from './repositories.js';
import type { SqlDatabase, SqlExecutor, SqlValue } from './sql.js';

const COLUMNS = 'collection, key, user_id, value, version, read, write, create_time, update_time';
const INSERT = `INSERT INTO storage (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const CREATE_ONLY = `${INSERT} ON CONFLICT (collection, key, user_id) DO NOTHING`;
const UPSERT_SET =
  ' ON CONFLICT (collection, key, user_id) DO UPDATE SET value = excluded.value, version = excluded.version, ' +
  'read = excluded.read, write = excluded.write, update_time = excluded.update_time';
const UPSERT_AUTHORITATIVE = `${INSERT}${UPSERT_SET} RETURNING create_time, update_time`;
const UPSERT_CLIENT = `${INSERT}${UPSERT_SET} WHERE storage.write = 1 RETURNING create_time, update_time`;
const UPDATE_MATCHING =
  'UPDATE storage SET value = ?, version = ?, read = ?, write = ?, update_time = ? ' +
  'WHERE collection = ? AND key = ? AND user_id = ? AND version = ?';
const WRITE_PERMISSION = 'SELECT write FROM storage WHERE collection = ? AND key = ? AND user_id = ?';
const KEY_MATCH = 'collection = ? AND key = ? AND user_id = ?';
/** What a client may read: public objects, and its own that are owner-readable. */
const READABLE = ' AND (read = 2 OR (read = 1 AND user_id = ?))';

/** Reads of many keys run in chunks, keeping parameter counts modest. */
const READ_CHUNK = 128;

interface StorageRow {
  collection: string;
  key: string;
  user_id: string;
  value: string;
  version: string;
  read: number;
  write: number;
  create_time: number | string;
  update_time: number | string;
}

interface TimesRow {
  create_time: number | string;
  update_time: number | string;
}

export class SqlStorageObjectRepository implements StorageObjectRepository {
  constructor(private readonly db: SqlDatabase) {}

  async write(writes: readonly StorageWriteRecord[], authoritative: boolean, now: number): Promise<StorageAckRecord[]> {
    if (writes.length === 0) return [];
    // One write is one statement, atomic by itself: no transaction round trips for the common case.
    if (writes.length === 1) return [await writeOne(this.db, writes[0]!, authoritative, now)];
    const order = writes.map((_, i) => i).sort((a, b) => compareKeys(writes[a]!, writes[b]!));
    return this.db.transaction(async (tx) => {
      const acks = new Array<StorageAckRecord>(writes.length);
      for (const i of order) acks[i] = await writeOne(tx, writes[i]!, authoritative, now);
      return acks;
    });
  }

  async read(keys: readonly StorageObjectKey[], caller?: string): Promise<StorageObjectRecord[]> {
    if (keys.length === 0) return [];
    const filter = caller === undefined ? '' : READABLE;
    if (keys.length === 1) {
      const k = keys[0]!;
      const params: SqlValue[] = [k.collection, k.key, k.userId];
      if (caller !== undefined) params.push(caller);
      const row = await this.db.get<StorageRow>(`SELECT ${COLUMNS} FROM storage WHERE ${KEY_MATCH}${filter}`, params);
      return row ? [toRecord(row)] : [];
    }
    const found = new Map<string, StorageObjectRecord>();
    const unique = [...new Map(keys.map((k) => [identity(k), k])).values()];
    for (let start = 0; start < unique.length; start += READ_CHUNK) {
      const chunk = unique.slice(start, start + READ_CHUNK);
      let size = 1;
      while (size < chunk.length) size *= 2;
      const params: SqlValue[] = [];
      for (let i = 0; i < size; i++) {
        // Padding repeats the first key, so the statement caches see few distinct SQL texts.
        const k = chunk[i] ?? chunk[0]!;
        params.push(k.collection, k.key, k.userId);
      }
      if (caller !== undefined) params.push(caller);
      const values = new Array<string>(size).fill('(?, ?, ?)').join(', ');
      const rows = await this.db.all<StorageRow>(
        `SELECT ${COLUMNS} FROM storage WHERE (collection, key, user_id) IN (VALUES ${values})${filter}`,
        params,
      );
      for (const row of rows) {
        const record = toRecord(row);
        found.set(identity(record), record);
      }
    }
    const out: StorageObjectRecord[] = [];
    for (const k of unique) {
      const record = found.get(identity(k));
      if (record) out.push(record);
    }
    return out;
  }

  async delete(deletes: readonly StorageDeleteRecord[], authoritative: boolean): Promise<void> {
    if (deletes.length === 0) return;
    const sorted = [...deletes].sort(compareKeys);
    const run = async (tx: SqlExecutor): Promise<void> => {
      for (const d of sorted) {
        let sql = `DELETE FROM storage WHERE ${KEY_MATCH}`;
        const params: SqlValue[] = [d.collection, d.key, d.userId];
        if (!authoritative) sql += ' AND write > 0';
        if (d.version !== '') {
          sql += ' AND version = ?';
          params.push(d.version);
        }
        const result = await tx.run(sql, params);
        // An authoritative delete without a version only fails when nothing was there: a harmless no-op.
        if (result.changes === 0 && !(authoritative && d.version === '')) throw new StorageRejectedError('delete');
      }
    };
    if (sorted.length === 1) await run(this.db);
    else await this.db.transaction(run);
  }

  async list(query: StorageListQuery): Promise<StorageObjectRecord[]> {
    const params: SqlValue[] = [query.collection];
    let sql = `SELECT ${COLUMNS} FROM storage WHERE collection = ?`;
    let order: string;
    if (query.userId !== undefined) {
      sql += ' AND user_id = ? AND read >= ?';
      params.push(query.userId, query.minRead);
      if (query.after) {
        sql += ' AND (read, key) > (?, ?)';
        params.push(query.after.read, query.after.key);
      }
      order = ' ORDER BY read, key';
    } else {
      sql += ' AND read >= ?';
      params.push(query.minRead);
      if (query.after) {
        sql += ' AND (read, key, user_id) > (?, ?, ?)';
        params.push(query.after.read, query.after.key, query.after.userId);
      }
      order = ' ORDER BY read, key, user_id';
    }
    params.push(query.limit);
    const rows = await this.db.all<StorageRow>(`${sql}${order} LIMIT ?`, params);
    return rows.map(toRecord);
  }
}

/** Writes one object as its expected version asks; throws StorageRejectedError when the check refuses it. */
async function writeOne(ex: SqlExecutor, w: StorageWriteRecord, authoritative: boolean, now: number): Promise<StorageAckRecord> {
  const ack = (times: TimesRow): StorageAckRecord => ({
    collection: w.collection,
    key: w.key,
    userId: w.userId,
    version: w.version,
    createTime: Number(times.create_time),
    updateTime: Number(times.update_time),
  });
  const row: SqlValue[] = [w.collection, w.key, w.userId, w.value, w.version, w.read, w.write, now, now];
  if (w.expectedVersion === '*') {
    const result = await ex.run(CREATE_ONLY, row);
    if (result.changes === 0) throw new StorageRejectedError('version');
    return ack({ create_time: now, update_time: now });
  }
  if (w.expectedVersion === '') {
    const times = await ex.get<TimesRow>(authoritative ? UPSERT_AUTHORITATIVE : UPSERT_CLIENT, row);
    if (!times) throw new StorageRejectedError('permission');
    return ack(times);
  }
  const sql = `${UPDATE_MATCHING}${authoritative ? '' : ' AND write = 1'} RETURNING create_time, update_time`;
  const times = await ex.get<TimesRow>(sql, [w.value, w.version, w.read, w.write, now, w.collection, w.key, w.userId, w.expectedVersion]);
  if (times) return ack(times);
  // Nakama's order: a write-protected object refuses a client for permission before its version is looked at.
  const existing = await ex.get<{ write: number }>(WRITE_PERMISSION, [w.collection, w.key, w.userId]);
  if (existing && !authoritative && Number(existing.write) !== 1) throw new StorageRejectedError('permission');
  throw new StorageRejectedError('version');
}

function compareKeys(a: StorageObjectKey, b: StorageObjectKey): number {
  if (a.collection !== b.collection) return a.collection < b.collection ? -1 : 1;
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  if (a.userId !== b.userId) return a.userId < b.userId ? -1 : 1;
  return 0;
}

function identity(k: StorageObjectKey): string {
  return JSON.stringify([k.collection, k.key, k.userId]);
}

function toRecord(row: StorageRow): StorageObjectRecord {
  return {
    collection: row.collection,
    key: row.key,
    userId: row.user_id,
    value: row.value,
    version: row.version,
    read: Number(row.read),
    write: Number(row.write),
    createTime: Number(row.create_time),
    updateTime: Number(row.update_time),
  };
}
