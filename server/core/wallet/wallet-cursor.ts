import { isUuid } from '../../common/ids.js';
import type { WalletLedgerPosition } from '../../storage/repositories.js';

/**
 * The cursor of a wallet ledger listing: an opaque, URL-safe string holding the (create time, id) of the last
 * entry of a page, so the next page continues with older entries.
 */

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function encodeLedgerCursor(position: WalletLedgerPosition): string {
  return Buffer.from(JSON.stringify([position.createTime, position.id]), 'utf8').toString('base64url');
}

/** The position a cursor holds, or null when it is not one this server made. */
export function decodeLedgerCursor(cursor: string): WalletLedgerPosition | null {
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
  if (typeof id !== 'string' || !isUuid(id)) return null;
  return { createTime, id };
}
