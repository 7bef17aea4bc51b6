import { Errors } from '../../common/errors.js';

/**
 * The cursor of record listings: an opaque URL-safe string holding the direction, the board and period it
 * belongs to, the (score, subscore, owner) it resumes after and the rank there, as Nakama's does.
 * A cursor for another board, or for a period that has since reset, is refused.
 */
export interface RecordCursor {
  isNext: boolean;
  leaderboardId: string;
  expiry: number;
  score: number;
  subscore: number;
  ownerId: string;
  rank: number;
}

const BASE64URL = /^[A-Za-z0-9_=-]+$/;

export function encodeRecordCursor(c: RecordCursor): string {
  return Buffer.from(JSON.stringify([c.isNext ? 1 : 0, c.leaderboardId, c.expiry, c.score, c.subscore, c.ownerId, c.rank]), 'utf8').toString('base64url');
}

/** The cursor's content, or null for ''. Throws "Cursor is invalid or expired." for anything else unusable. */
export function decodeRecordCursor(cursor: string, leaderboardId: string, expiry: number): RecordCursor | null {
  if (cursor === '') return null;
  if (!BASE64URL.test(cursor)) throw Errors.leaderboardCursorInvalid();
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw Errors.leaderboardCursorInvalid();
  }
  if (!Array.isArray(v) || v.length !== 7) throw Errors.leaderboardCursorInvalid();
  const [isNext, board, exp, score, subscore, ownerId, rank] = v as unknown[];
  const ints = [exp, score, subscore, rank].every((n) => typeof n === 'number' && Number.isSafeInteger(n));
  if ((isNext !== 0 && isNext !== 1) || typeof board !== 'string' || typeof ownerId !== 'string' || !ints) throw Errors.leaderboardCursorInvalid();
  if (board !== leaderboardId || exp !== expiry) throw Errors.leaderboardCursorInvalid();
  return { isNext: isNext === 1, leaderboardId: board, expiry: exp as number, score: score as number, subscore: subscore as number, ownerId, rank: rank as number };
}
