import { createHash } from 'node:crypto';
import { ApiError, Errors } from '../../common/errors.js';
import { isUuid, SYSTEM_USER_ID } from '../../common/ids.js';
import type { Logger } from '../../common/logger.js';
import type { StorageObject, StorageObjectAck, StorageObjectList } from '../../protocol/api-storage.js';
import {
  StorageRejectedError,
  type StorageAckRecord,
  type StorageObjectRecord,
  type StorageObjectRepository,
  type StorageWriteRecord,
} from '../../storage/repositories.js';
import { decodeStorageCursor, encodeStorageCursor } from './storage-cursor.js';
import { DEFAULT_PERMISSION_READ, DEFAULT_PERMISSION_WRITE, validateWrite } from './storage-validation.js';

/** One object to write. `userId` is the owner; '' (or absent) means the system user. */
export interface StorageWrite {
  collection: string;
  key: string;
  userId?: string;
  /** A JSON object as text; the version written is its md5 hex. */
  value: string;
  /** '' or absent writes unconditionally, '*' only creates, otherwise the stored version must match. */
  version?: string;
  permissionRead?: number;
  permissionWrite?: number;
}

/** One object to read; `userId` '' (or absent) means the system user. */
export interface StorageRead {
  collection: string;
  key: string;
  userId?: string;
}

/** One object to delete; `version` '' (or absent) deletes whatever version is stored. */
export interface StorageDelete {
  collection: string;
  key: string;
  userId?: string;
  version?: string;
}

/**
 * Storage objects: JSON documents keyed by (collection, key, owner) with optimistic versions and read/write
 * permissions. A `caller` of null is the server itself (runtime, console): it bypasses permissions and may
 * act for any owner. A user id as caller gets Nakama's client rules.
 */
export class StorageObjectService {
  constructor(
    private readonly repository: StorageObjectRepository,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Writes a batch in one transaction; nothing is kept if any write is refused. A client caller writes only
   * its own objects (each write's userId is replaced by the caller's) and cannot overwrite write-protected ones.
   */
  async write(caller: string | null, writes: readonly StorageWrite[]): Promise<StorageObjectAck[]> {
    if (writes.length === 0) return [];
    const records: StorageWriteRecord[] = writes.map((w) => {
      validateWrite(w);
      const userId = caller ?? ownerOf(w.userId);
      return {
        collection: w.collection,
        key: w.key,
        userId,
        value: w.value,
        version: md5Hex(w.value),
        read: w.permissionRead ?? DEFAULT_PERMISSION_READ,
        write: w.permissionWrite ?? DEFAULT_PERMISSION_WRITE,
        expectedVersion: w.version ?? '',
      };
    });
    try {
      const acks = await this.repository.write(records, caller === null, this.now());
      return acks.map(toAck);
    } catch (err) {
      if (err instanceof StorageRejectedError) {
        throw err.reason === 'permission' ? Errors.storageWriteRejectedPermission() : Errors.storageWriteRejectedVersion();
      }
      throw this.internal(Errors.storageWriteFailed(), err);
    }
  }

  /** The objects that exist among `reads`; a client caller sees only public ones and its own readable ones. */
  async read(caller: string | null, reads: readonly StorageRead[]): Promise<StorageObject[]> {
    if (reads.length === 0) return [];
    for (const r of reads) {
      if (!r.collection || !r.key) throw Errors.storageKeyMissing();
      // Nakama refuses an explicit nil user id from clients, yet '' reads the system user's objects.
      if (r.userId && (!isUuid(r.userId) || (caller !== null && r.userId === SYSTEM_USER_ID))) throw Errors.storageUserIdInvalid();
    }
    try {
      const keys = reads.map((r) => ({ collection: r.collection, key: r.key, userId: ownerOf(r.userId) }));
      const records = await this.repository.read(keys, caller ?? undefined);
      return records.map(toObject);
    } catch (err) {
      throw this.internal(Errors.storageReadFailed(), err);
    }
  }

  /** Deletes a batch in one transaction; a missing object or a version mismatch refuses all of it. */
  async delete(caller: string | null, deletes: readonly StorageDelete[]): Promise<void> {
    if (deletes.length === 0) return;
    for (const d of deletes) {
      if (!d.collection || !d.key) throw Errors.storageKeyMissing();
    }
    const records = deletes.map((d) => ({
      collection: d.collection,
      key: d.key,
      userId: caller ?? ownerOf(d.userId),
      version: d.version ?? '',
    }));
    try {
      await this.repository.delete(records, caller === null);
    } catch (err) {
      if (err instanceof StorageRejectedError) throw Errors.storageDeleteRejected();
      throw this.internal(Errors.storageDeleteFailed(), err);
    }
  }

  /**
   * One page of a collection. Without an owner: a client sees every owner's public objects, the server
   * everything. With an owner: the owner sees its readable objects, another client only public ones, the
   * server all. The cursor is absent after the last page.
   */
  async list(caller: string | null, owner: string | undefined, collection: string, limit: number, cursor: string): Promise<StorageObjectList> {
    if (owner !== undefined && !isUuid(owner)) throw Errors.storageUserIdInvalid();
    if (limit <= 0) return {};
    const after = cursor === '' ? undefined : decodeStorageCursor(cursor);
    if (after === null) throw Errors.storageCursorMalformed();
    const minRead = caller === null ? 0 : owner === undefined || owner.toLowerCase() !== caller ? 2 : 1;
    let records: StorageObjectRecord[];
    try {
      records = await this.repository.list({
        collection,
        userId: owner?.toLowerCase(),
        minRead,
        limit: limit + 1,
        after: after && { read: Math.max(after.read, minRead), key: after.key, userId: after.userId },
      });
    } catch (err) {
      throw this.internal(Errors.storageListFailed(), err);
    }
    const page = records.slice(0, limit);
    const last = page.at(-1);
    let next = records.length > limit && last ? encodeStorageCursor({ read: last.read, key: last.key, userId: last.userId }) : '';
    if (next === cursor) next = '';
    return { objects: page.map(toObject), cursor: next };
  }

  private internal(error: ApiError, cause: unknown): ApiError {
    this.logger.error(error.message, { err: cause });
    return error;
  }
}

/** Nakama's version: the md5 hex of the value exactly as it was written. */
export function md5Hex(value: string): string {
  return createHash('md5').update(value, 'utf8').digest('hex');
}

function ownerOf(userId: string | undefined): string {
  if (!userId) return SYSTEM_USER_ID;
  if (!isUuid(userId)) throw Errors.storageUserIdInvalid();
  return userId.toLowerCase();
}

function toAck(ack: StorageAckRecord): StorageObjectAck {
  return { ...ack };
}

/** Nakama reports stored objects' times in whole seconds. */
function toObject(record: StorageObjectRecord): StorageObject {
  return {
    collection: record.collection,
    key: record.key,
    userId: record.userId,
    value: record.value,
    version: record.version,
    permissionRead: record.read,
    permissionWrite: record.write,
    createTime: Math.floor(record.createTime / 1000) * 1000,
    updateTime: Math.floor(record.updateTime / 1000) * 1000,
  };
}
