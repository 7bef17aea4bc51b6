import { isUuid } from '../../common/ids.js';
import type { NotificationPosition } from '../../storage/repositories.js';

/**
 * The cacheable cursor of ListNotifications: an opaque, URL-safe string holding the (create time, id) of the
 * last notification a client has seen, so a later list with it returns only newer ones.
 */

/** Where a client that has seen nothing yet stands: before every notification. */
export const START_POSITION: NotificationPosition = { createTime: 0, id: '' };

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function encodeNotificationCursor(position: NotificationPosition): string {
  return Buffer.from(JSON.stringify([position.createTime, position.id]), 'utf8').toString('base64url');
}

/** The position a cursor holds, or null when it is not one this server made. */
export function decodeNotificationCursor(cursor: string): NotificationPosition | null {
  if (!BASE64URL.test(cursor)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [createTime, id] = value as unknown[];
  if (typeof createTime !== 'number' || !Number.isSafeInteger(createTime) || createTime < 0) return null;
  if (typeof id !== 'string' || (id !== '' && !isUuid(id))) return null;
  return { createTime, id };
}
