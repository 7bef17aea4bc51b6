import { isUuid } from '../../common/ids.js';
import type { StoragePosition } from '../../storage/repositories.js';

/**
 * The cursor of ListStorageObjects: an opaque, URL-safe string holding the (read, key, user_id) of the last
 * object of a page, so the next page starts right after it. Nakama's is a Go gob; clients treat both as opaque.
 */

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function encodeStorageCursor(position: StoragePosition): string {
  return Buffer.from(JSON.stringify([position.read, position.key, position.userId]), 'utf8').toString('base64url');
}

/** The position a cursor holds, or null when it is not one this server made. */
export function decodeStorageCursor(cursor: string): StoragePosition | null {
  if (!BASE64URL.test(cursor)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 3) return null;
  const [read, key, userId] = value as unknown[];
  if (typeof read !== 'number' || !Number.isInteger(read) || read < 0) return null;
  if (typeof key !== 'string' || typeof userId !== 'string' || !isUuid(userId)) return null;
  return { read, key, userId };
}
