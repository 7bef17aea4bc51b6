import { isUuid, SYSTEM_USER_ID } from '../../common/ids.js';
import type { StorageDelete, StorageRead, StorageWrite } from '../../core/storage/storage-object-service.js';
import type { StorageObject } from '../../protocol/api-storage.js';
import { given, goJson, isPlainObject, jsonObject, jsString, optInt, optString, wrapped } from './js-values.js';
import type { NkArea } from './table.js';

/** Nakama's runtime storage object: value as an object, times in unix seconds. */
function jsObject(o: StorageObject): Record<string, unknown> {
  return {
    key: o.key,
    collection: o.collection,
    userId: o.userId || null,
    version: o.version,
    permissionRead: o.permissionRead ?? 0,
    permissionWrite: o.permissionWrite ?? 0,
    createTime: Math.floor((o.createTime ?? 0) / 1000),
    updateTime: Math.floor((o.updateTime ?? 0) / 1000),
    value: jsonObject(o.value),
  };
}

/** exportToSlice[[]map[string]any]: an array of plain objects. */
function objectArray(v: unknown, message: string): Record<string, unknown>[] {
  if (!Array.isArray(v) || !v.every(isPlainObject)) throw new TypeError(message);
  return v;
}

/** The optional 'collection'/'key'/'userId' fields of a read or delete, checked as Nakama does. */
function field(o: Record<string, unknown>, name: string, empty?: string): string | undefined {
  if (!(name in o) || o[name] === undefined) return undefined;
  const v = o[name];
  if (typeof v !== 'string') throw new TypeError(`expects '${name}' value to be a string`);
  if (empty !== undefined && v === '') throw new TypeError(empty);
  return v;
}

function ownerField(o: Record<string, unknown>): string | undefined {
  const v = field(o, 'userId');
  if (v !== undefined && !isUuid(v)) throw new TypeError(`expects 'userId' value to be a valid id`);
  return v;
}

function toWrite(o: Record<string, unknown>): StorageWrite {
  const collection = field(o, 'collection', `expects 'collection' value to be non-empty`) ?? '';
  if (typeof o.key !== 'string') throw new TypeError(`expects 'key' value to be a string`);
  if (o.key === '') throw new TypeError(`expects 'key' value to be non-empty`);
  let userId = SYSTEM_USER_ID;
  if (given(o.userId)) {
    if (typeof o.userId !== 'string') throw new TypeError(`expects 'userId' value to be a string`);
    if (!isUuid(o.userId)) throw new TypeError(`expects 'userId' value to be a valid id`);
    userId = o.userId;
  }
  if (!isPlainObject(o.value)) throw new TypeError(`expects 'value' value to be an object`);
  let version: string | undefined;
  if (given(o.version)) {
    if (typeof o.version !== 'string') throw new TypeError(`expects 'version' value to be a string`);
    if (o.version === '') throw new TypeError(`expects 'version' value to be a non-empty string`);
    version = o.version;
  }
  const permission = (name: 'permissionRead' | 'permissionWrite'): number => {
    if (!(name in o) || o[name] === undefined) return 1;
    const v = o[name];
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`expects '${name}' value to be a number`);
    return v;
  };
  const write = { collection, key: o.key, userId, value: goJson(o.value), version, permissionRead: permission('permissionRead'), permissionWrite: permission('permissionWrite') };
  if (write.collection === '') throw new TypeError('expects collection to be supplied');
  return write;
}

/** storageRead, storageWrite, storageDelete, storageList: the server's own access, which bypasses permissions. */
export const storageArea: NkArea = (table, { storageObjects }) => {
  table.register('storageRead', async ([keys]) => {
    if (!given(keys)) throw new TypeError('expects an array of keys');
    const reads: StorageRead[] = objectArray(keys, 'expects an array of keys').map((o) => ({
      collection: field(o, 'collection', `expects 'collection' value to be a non empty string`) ?? '',
      key: field(o, 'key') ?? '',
      userId: ownerField(o) || SYSTEM_USER_ID,
    }));
    if (reads.length === 0) return [];
    const objects = await wrapped('failed to read storage objects', () => storageObjects.read(null, reads));
    return objects.map(jsObject);
  });

  table.register('storageWrite', async ([data]) => {
    if (!given(data)) throw new TypeError('expects a valid array of data');
    const writes = objectArray(data, 'expects an array of storage write objects').map(toWrite);
    const acks = await wrapped('failed to write storage objects', () => storageObjects.write(null, writes));
    return acks.map((a) => ({ key: a.key, collection: a.collection, userId: a.userId, version: a.version }));
  });

  table.register('storageDelete', async ([keys]) => {
    if (!given(keys)) throw new TypeError('expects an array of keys');
    const deletes: StorageDelete[] = objectArray(keys, 'expects an array of keys').map((o) => ({
      collection: field(o, 'collection', `expects 'collection' value to be non-empty`) ?? '',
      key: field(o, 'key', `expects 'key' value to be non-empty`) ?? '',
      userId: ownerField(o) || SYSTEM_USER_ID,
      version: field(o, 'version', `expects 'version' value to be a non-empty string`),
    }));
    await wrapped('failed to delete storage objects', () => storageObjects.delete(null, deletes));
    return null;
  });

  table.register('storageList', async ([userId, collection, limit, cursor, callerId]) => {
    let owner: string | undefined;
    // Nakama documents "" as "every owner"; only a non-empty id must parse.
    if (given(userId) && jsString(userId) !== '') {
      if (!isUuid(userId as string)) throw new TypeError('expects empty or valid user id');
      owner = userId as string;
    }
    const coll = optString(collection);
    const max = optInt(limit, 100);
    if (max < 0) throw new TypeError('limit must not be negative');
    const after = optString(cursor);
    let caller: string | null = null;
    if (given(callerId)) {
      const id = jsString(callerId);
      if (!isUuid(id)) throw new TypeError('expects caller id to be valid identifier');
      // The nil id is the server itself, as in Nakama.
      caller = id === SYSTEM_USER_ID ? null : id.toLowerCase();
    }
    const list = await wrapped('failed to list storage objects', () => storageObjects.list(caller, owner, coll, max, after));
    return { objects: (list.objects ?? []).map(jsObject), cursor: list.cursor || null };
  });
};
