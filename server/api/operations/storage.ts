import { ErrorsWith } from '../../common/errors.js';
import { EmptyMsg } from '../../protocol/api-messages.js';
import {
  DeleteStorageObjectsRequestMsg,
  ListStorageObjectsRequestMsg,
  ReadStorageObjectsRequestMsg,
  StorageObjectAcksMsg,
  StorageObjectListMsg,
  StorageObjectsMsg,
  WriteStorageObjectsRequestMsg,
} from '../../protocol/api-storage.js';
import { caller, defineOperation, type Operation } from '../operation.js';
import type { ApiServices } from './services.js';

/** Nakama lists one object when no limit is given, and at most this many. */
const DEFAULT_LIMIT = 1;
const MAX_LIMIT = 100;

export function storageOperations({ storageObjects }: ApiServices): Operation[] {
  return [
    defineOperation({
      name: 'ListStorageObjects',
      routes: [
        { method: 'GET', path: '/v2/storage/{collection}' },
        { method: 'GET', path: '/v2/storage/{collection}/{user_id}' },
      ],
      auth: 'bearer',
      request: ListStorageObjectsRequestMsg,
      response: StorageObjectListMsg,
      body: 'none',
      handle(req, ctx) {
        const limit = req.limit ?? DEFAULT_LIMIT;
        if (limit < 1 || limit > MAX_LIMIT) throw ErrorsWith.invalidLimit(MAX_LIMIT);
        return storageObjects.list(caller(ctx).userId, req.userId || undefined, req.collection ?? '', limit, req.cursor ?? '');
      },
    }),
    defineOperation({
      name: 'ReadStorageObjects',
      routes: [{ method: 'POST', path: '/v2/storage' }],
      auth: 'bearer',
      request: ReadStorageObjectsRequestMsg,
      response: StorageObjectsMsg,
      body: '*',
      async handle(req, ctx) {
        const ids = (req.objectIds ?? []).map((id) => ({ collection: id.collection ?? '', key: id.key ?? '', userId: id.userId ?? '' }));
        return { objects: await storageObjects.read(caller(ctx).userId, ids) };
      },
    }),
    defineOperation({
      name: 'WriteStorageObjects',
      routes: [{ method: 'PUT', path: '/v2/storage' }],
      auth: 'bearer',
      request: WriteStorageObjectsRequestMsg,
      response: StorageObjectAcksMsg,
      body: '*',
      async handle(req, ctx) {
        const writes = (req.objects ?? []).map((o) => ({ ...o, collection: o.collection ?? '', key: o.key ?? '', value: o.value ?? '' }));
        return { acks: await storageObjects.write(caller(ctx).userId, writes) };
      },
    }),
    defineOperation({
      name: 'DeleteStorageObjects',
      routes: [{ method: 'PUT', path: '/v2/storage/delete' }],
      auth: 'bearer',
      request: DeleteStorageObjectsRequestMsg,
      response: EmptyMsg,
      body: '*',
      async handle(req, ctx) {
        const ids = (req.objectIds ?? []).map((id) => ({ collection: id.collection ?? '', key: id.key ?? '', version: id.version ?? '' }));
        await storageObjects.delete(caller(ctx).userId, ids);
        return {};
      },
    }),
  ];
}
