import { ApiError, Errors, ErrorsWith } from '../../common/errors.js';
import { SYSTEM_USER_ID } from '../../common/ids.js';
import type { StorageObject } from '../../protocol/api-storage.js';
import type { StorageObjectRecord } from '../../storage/repositories.js';
import type { ConsoleDeps } from '../console-deps.js';
import type { ConsoleRoute } from '../route.js';
import { decodeConsoleCursor, encodeConsoleCursor, intField, intQuery, jsonObjectField, uuidParam } from './input.js';

/** A storage object as the console shows it: the value is the stored text, times in unix milliseconds. */
export interface ConsoleStorageObject {
  collection: string;
  key: string;
  userId: string;
  username: string;
  value: string;
  version: string;
  permissionRead: number;
  permissionWrite: number;
  createTime: number;
  updateTime: number;
}

const MAX_NAME = 128;

/**
 * Storage objects: collections with counts, a browser over any owner's objects (filter by owner and key
 * prefix), and reads, writes, permission changes and deletes through StorageObjectService as the server
 * (caller null). Writes carry the version the administrator loaded, so two admins cannot clobber each other.
 */
export function storageRoutes(deps: ConsoleDeps): ConsoleRoute[] {
  const service = deps.storageObjects;
  const usernames = async (ids: string[]): Promise<Map<string, string>> => {
    const unique = [...new Set(ids)].filter((id) => id !== SYSTEM_USER_ID);
    const users = unique.length ? await deps.storage.accounts.getUsers({ ids: unique }) : [];
    return new Map(users.map((u) => [u.id, u.username]));
  };
  const fromRecord = (r: StorageObjectRecord, names: Map<string, string>): ConsoleStorageObject => ({
    collection: r.collection,
    key: r.key,
    userId: r.userId,
    username: names.get(r.userId) ?? '',
    value: r.value,
    version: r.version,
    permissionRead: r.read,
    permissionWrite: r.write,
    createTime: r.createTime,
    updateTime: r.updateTime,
  });
  const fromObject = (o: StorageObject, names: Map<string, string>): ConsoleStorageObject => ({
    collection: o.collection,
    key: o.key,
    userId: o.userId ?? SYSTEM_USER_ID,
    username: names.get(o.userId ?? '') ?? '',
    value: o.value ?? '{}',
    version: o.version ?? '',
    permissionRead: o.permissionRead ?? 0,
    permissionWrite: o.permissionWrite ?? 0,
    createTime: o.createTime ?? 0,
    updateTime: o.updateTime ?? 0,
  });
  const nameParam = (value: string | undefined, name: string): string => {
    if (!value || value.length > MAX_NAME) throw ErrorsWith.badField(name, `a name of 1 to ${MAX_NAME} characters`);
    return value;
  };
  const address = (params: Record<string, string>) => ({
    collection: nameParam(params.collection, 'collection'),
    key: nameParam(params.key, 'key'),
    userId: uuidParam(params.userId, 'userId'),
  });
  const readOne = async (at: { collection: string; key: string; userId: string }): Promise<ConsoleStorageObject> => {
    const [found] = await service.read(null, [at]);
    if (!found) throw Errors.consoleStorageObjectNotFound();
    return fromObject(found, await usernames([at.userId]));
  };
  /** One page of any listing, the cursor being the last (collection, key, user_id) shown. */
  const page = async (filter: { collection?: string; userId?: string; keyPrefix?: string }, query: URLSearchParams) => {
    const limit = intQuery(query, 'limit', 25, 1, 100);
    const after = decodeConsoleCursor(query);
    if (after && (after.length !== 3 || !after.every((v) => typeof v === 'string'))) throw ErrorsWith.badField('cursor', 'a cursor from a previous page');
    const records = await deps.storage.console.listStorageObjects(
      filter,
      limit + 1,
      after && { collection: after[0] as string, key: after[1] as string, userId: after[2] as string },
    );
    const shown = records.slice(0, limit);
    const last = shown.at(-1);
    const names = await usernames(shown.map((r) => r.userId));
    return {
      objects: shown.map((r) => fromRecord(r, names)),
      nextCursor: records.length > limit && last ? encodeConsoleCursor([last.collection, last.key, last.userId]) : '',
    };
  };
  /** Maps the service's version refusal to the console's conflict message; other errors pass through. */
  const conflicts = async <T>(run: () => Promise<T>, createOnly = false): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      const refused = [Errors.storageWriteRejectedVersion().message, Errors.storageDeleteRejected().message];
      if (err instanceof ApiError && refused.includes(err.message)) throw createOnly ? Errors.consoleStorageExists() : Errors.consoleStorageConflict();
      throw err;
    }
  };
  const versionField = (body: Record<string, unknown>): string => {
    const v = body.version;
    // Absent would mean "write whatever is there": the console always says what it expects.
    if (typeof v !== 'string' || !(v === '*' || /^[0-9a-f]{32}$/.test(v))) {
      throw ErrorsWith.badField('version', "the version you loaded, or '*' to create a new object");
    }
    return v;
  };

  return [
    {
      method: 'GET',
      path: '/storage',
      async handle() {
        const collections = await deps.storage.console.listStorageCollections(1000);
        return { collections, totalCount: collections.reduce((n, c) => n + c.count, 0) };
      },
    },
    {
      method: 'GET',
      path: '/storage/{collection}',
      async handle(req) {
        const collection = nameParam(req.params.collection, 'collection');
        const userId = req.query.get('userId') ? uuidParam(req.query.get('userId') ?? '', 'userId') : undefined;
        const keyPrefix = req.query.get('keyPrefix') ?? '';
        if (keyPrefix.length > MAX_NAME) throw ErrorsWith.badField('keyPrefix', `at most ${MAX_NAME} characters`);
        return page({ collection, userId, keyPrefix }, req.query);
      },
    },
    {
      method: 'GET',
      path: '/account/{id}/storage',
      async handle(req) {
        const userId = uuidParam(req.params.id, 'id');
        if (!(await deps.storage.accounts.getUser(userId))) throw Errors.consoleAccountNotFound();
        return page({ userId }, req.query);
      },
    },
    {
      method: 'GET',
      path: '/storage/{collection}/{key}/{userId}',
      async handle(req) {
        return readOne(address(req.params));
      },
    },
    {
      method: 'PUT',
      path: '/storage/{collection}/{key}/{userId}',
      async handle(req) {
        const at = address(req.params);
        const value = jsonObjectField(req.body, 'value');
        const version = versionField(req.body);
        const permissionRead = intField(req.body, 'permissionRead', 0, 2, 1);
        const permissionWrite = intField(req.body, 'permissionWrite', 0, 1, 1);
        if (at.userId !== SYSTEM_USER_ID && !(await deps.storage.accounts.getUser(at.userId))) throw ErrorsWith.badField('userId', 'an existing user or the system user');
        await conflicts(() => service.write(null, [{ ...at, value, version, permissionRead, permissionWrite }]), version === '*');
        deps.logger.info('storage object written from the console', { ...at, admin: req.admin?.usn });
        return readOne(at);
      },
    },
    {
      method: 'PUT',
      path: '/storage/{collection}/{key}/{userId}/permission',
      async handle(req) {
        const at = address(req.params);
        const version = versionField(req.body);
        const permissionRead = intField(req.body, 'permissionRead', 0, 2);
        const permissionWrite = intField(req.body, 'permissionWrite', 0, 1);
        const current = await readOne(at);
        if (version !== current.version) throw Errors.consoleStorageConflict();
        // The same value written back under the version just read: a concurrent edit still wins the race.
        await conflicts(() => service.write(null, [{ ...at, value: current.value, version, permissionRead, permissionWrite }]));
        return readOne(at);
      },
    },
    {
      method: 'DELETE',
      path: '/storage/{collection}/{key}/{userId}',
      async handle(req) {
        const at = address(req.params);
        const version = req.query.get('version') ?? '';
        if (version !== '' && !/^[0-9a-f]{32}$/.test(version)) throw ErrorsWith.badField('version', 'the version you loaded');
        const current = await readOne(at);
        if (version !== '' && version !== current.version) throw Errors.consoleStorageConflict();
        await conflicts(() => service.delete(null, [{ ...at, version }]));
        deps.logger.info('storage object deleted from the console', { ...at, admin: req.admin?.usn });
        return {};
      },
    },
  ];
}
