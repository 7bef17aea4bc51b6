import { isUuid } from '../../common/ids.js';
import type { EdgePosition } from '../../storage/repositories.js';

/**
 * Opaque, URL-safe cursors of the friend and group listings, and the positions that order edges. A cursor
 * holds the last item a page returned; the next page starts strictly after it.
 */

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** The values a cursor holds, or null when it is not one this server made. */
export function decodeCursor(cursor: string): unknown[] | null {
  if (!BASE64URL.test(cursor)) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

export function encodeEdgeCursor(position: EdgePosition): string {
  return encodeCursor([position.state, position.position, position.id]);
}

export function decodeEdgeCursor(cursor: string): EdgePosition | null {
  const value = decodeCursor(cursor);
  if (value === null || value.length !== 3) return null;
  const [state, position, id] = value;
  if (typeof state !== 'number' || !Number.isInteger(state) || state < 0 || state > 4) return null;
  if (typeof position !== 'number' || !Number.isSafeInteger(position) || position < 0) return null;
  if (typeof id !== 'string' || !isUuid(id)) return null;
  return { state, position, id };
}

/**
 * Positions order a user's (or group's) edges by when they were made: microseconds since the epoch, kept
 * strictly increasing within this process so edges made in the same millisecond keep their order.
 */
export class PositionClock {
  private last = 0;

  constructor(private readonly now: () => number = Date.now) {}

  next(): number {
    const candidate = this.now() * 1000;
    this.last = candidate > this.last ? candidate : this.last + 1;
    return this.last;
  }
}
