import { Errors } from '../../common/errors.js';

/** Checks shared by client and server-side storage writes, with Nakama's texts (api_storage.go). */

/** Nakama's defaults: owner-readable and owner-writable. */
export const DEFAULT_PERMISSION_READ = 1;
export const DEFAULT_PERMISSION_WRITE = 1;

export interface WriteInput {
  collection?: string;
  key?: string;
  value?: string;
  permissionRead?: number;
  permissionWrite?: number;
}

/** Throws the first error Nakama would report for this object, in Nakama's order of checks. */
export function validateWrite(object: WriteInput): void {
  if (!object.collection || !object.key || !object.value) throw Errors.storageKeyMissing();
  if (object.permissionRead !== undefined && (object.permissionRead < 0 || object.permissionRead > 2)) {
    throw Errors.storageReadPermissionInvalid();
  }
  if (object.permissionWrite !== undefined && (object.permissionWrite < 0 || object.permissionWrite > 1)) {
    throw Errors.storageWritePermissionInvalid();
  }
  if (!isJsonObjectText(object.value)) throw Errors.storageValueNotObject();
}

/** Valid JSON whose first non-space character opens an object, as Nakama checks it. */
export function isJsonObjectText(text: string): boolean {
  if (text.trimStart()[0] !== '{') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
