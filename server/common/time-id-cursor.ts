import { isUuid } from './ids.js';

/**
 * Cursors of listings ordered by (create time, id), such as notifications and wallet ledgers: an opaque,
 * URL-safe string holding the position of the last item a page showed.
 */
export interface TimeIdPosition {
  createTime: number;
  id: string;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function encodeTimeIdCursor(position: TimeIdPosition): string {
  return Buffer.from(JSON.stringify([position.createTime, position.id]), 'utf8').toString('base64url');
}

/**
 * The position a cursor holds, or null when it is not one this server made. `allowEmptyId` accepts the
 * "before everything" position (time 0, id '') that some listings hand out.
 */
export function decodeTimeIdCursor(cursor: string, allowEmptyId = false): TimeIdPosition | null {
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
  if (typeof id !== 'string' || !((allowEmptyId && id === '') || isUuid(id))) return null;
  return { createTime, id };
}
