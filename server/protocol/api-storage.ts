import { defineMessage } from './message.js';

/** nakama.api storage messages (`/v2/storage`), with api.proto's names and numbers. */

export interface StorageObject {
  collection: string;
  key: string;
  userId: string;
  /** A JSON object encoded as a string. */
  value: string;
  version: string;
  permissionRead: number;
  permissionWrite: number;
  /** Unix milliseconds; Nakama sends whole seconds for stored objects. */
  createTime: number;
  updateTime: number;
}
export const StorageObjectMsg = defineMessage<StorageObject>('StorageObject', [
  ['collection', 1, 'string'],
  ['key', 2, 'string'],
  ['user_id', 3, 'string'],
  ['value', 4, 'string'],
  ['version', 5, 'string'],
  ['permission_read', 6, 'int32'],
  ['permission_write', 7, 'int32'],
  ['create_time', 8, 'timestamp'],
  ['update_time', 9, 'timestamp'],
]);

export interface StorageObjectAck {
  collection: string;
  key: string;
  version: string;
  userId: string;
  createTime: number;
  updateTime: number;
}
export const StorageObjectAckMsg = defineMessage<StorageObjectAck>('StorageObjectAck', [
  ['collection', 1, 'string'],
  ['key', 2, 'string'],
  ['version', 3, 'string'],
  ['user_id', 4, 'string'],
  ['create_time', 5, 'timestamp'],
  ['update_time', 6, 'timestamp'],
]);

export interface StorageObjectAcks {
  acks?: StorageObjectAck[];
}
export const StorageObjectAcksMsg = defineMessage<StorageObjectAcks>('StorageObjectAcks', [
  ['acks', 1, 'message', { repeated: true, message: () => StorageObjectAckMsg }],
]);

export interface StorageObjects {
  objects?: StorageObject[];
}
export const StorageObjectsMsg = defineMessage<StorageObjects>('StorageObjects', [
  ['objects', 1, 'message', { repeated: true, message: () => StorageObjectMsg }],
]);

export interface StorageObjectList {
  objects?: StorageObject[];
  cursor?: string;
}
export const StorageObjectListMsg = defineMessage<StorageObjectList>('StorageObjectList', [
  ['objects', 1, 'message', { repeated: true, message: () => StorageObjectMsg }],
  ['cursor', 2, 'string'],
]);

export interface WriteStorageObject {
  collection?: string;
  key?: string;
  value?: string;
  /** '' writes unconditionally, '*' only creates, otherwise the stored version must match. */
  version?: string;
  permissionRead?: number;
  permissionWrite?: number;
}
export const WriteStorageObjectMsg = defineMessage<WriteStorageObject>('WriteStorageObject', [
  ['collection', 1, 'string'],
  ['key', 2, 'string'],
  ['value', 3, 'string'],
  ['version', 4, 'string'],
  ['permission_read', 5, 'Int32Value'],
  ['permission_write', 6, 'Int32Value'],
]);

export interface WriteStorageObjectsRequest {
  objects?: WriteStorageObject[];
}
export const WriteStorageObjectsRequestMsg = defineMessage<WriteStorageObjectsRequest>('WriteStorageObjectsRequest', [
  ['objects', 1, 'message', { repeated: true, message: () => WriteStorageObjectMsg }],
]);

export interface ReadStorageObjectId {
  collection?: string;
  key?: string;
  userId?: string;
}
export const ReadStorageObjectIdMsg = defineMessage<ReadStorageObjectId>('ReadStorageObjectId', [
  ['collection', 1, 'string'],
  ['key', 2, 'string'],
  ['user_id', 3, 'string'],
]);

export interface ReadStorageObjectsRequest {
  objectIds?: ReadStorageObjectId[];
}
export const ReadStorageObjectsRequestMsg = defineMessage<ReadStorageObjectsRequest>('ReadStorageObjectsRequest', [
  ['object_ids', 1, 'message', { repeated: true, message: () => ReadStorageObjectIdMsg }],
]);

export interface DeleteStorageObjectId {
  collection?: string;
  key?: string;
  version?: string;
}
export const DeleteStorageObjectIdMsg = defineMessage<DeleteStorageObjectId>('DeleteStorageObjectId', [
  ['collection', 1, 'string'],
  ['key', 2, 'string'],
  ['version', 3, 'string'],
]);

export interface DeleteStorageObjectsRequest {
  objectIds?: DeleteStorageObjectId[];
}
export const DeleteStorageObjectsRequestMsg = defineMessage<DeleteStorageObjectsRequest>('DeleteStorageObjectsRequest', [
  ['object_ids', 1, 'message', { repeated: true, message: () => DeleteStorageObjectIdMsg }],
]);

export interface ListStorageObjectsRequest {
  userId?: string;
  collection?: string;
  limit?: number;
  cursor?: string;
}
export const ListStorageObjectsRequestMsg = defineMessage<ListStorageObjectsRequest>('ListStorageObjectsRequest', [
  ['user_id', 1, 'string'],
  ['collection', 2, 'string'],
  ['limit', 3, 'Int32Value'],
  ['cursor', 4, 'string'],
]);
