import { Errors, ErrorsWith } from '../common/errors.js';
import type { ListPartiesRequest } from '../protocol/api-party.js';

/** A validated ListParties request: where to start, how many, and which parties qualify. */
export interface PartyListFilter {
  limit: number;
  open?: boolean;
  query: string;
  offset: number;
}

export const DEFAULT_PARTY_LIST_LIMIT = 10;
export const MAX_PARTY_LIST_LIMIT = 100;

/** What a cursor remembers; a cursor only continues the listing it came from, as in Nakama. */
interface PartyListCursor {
  query: string;
  open?: boolean;
  offset: number;
  limit: number;
}

/**
 * Checks a ListParties request in Nakama's order and with its messages. Label queries need Nakama's
 * query language, which is not built yet: only the match-all query is accepted.
 */
export function partyListFilter(req: ListPartiesRequest): PartyListFilter {
  let limit = DEFAULT_PARTY_LIST_LIMIT;
  if (req.limit !== undefined) {
    if (req.limit < 1 || req.limit > MAX_PARTY_LIST_LIMIT) throw ErrorsWith.invalidLimit(MAX_PARTY_LIST_LIMIT);
    limit = req.limit;
  }
  const query = req.query === undefined || req.query.trim() === '' ? '*' : req.query.trim();
  let offset = 0;
  if (req.cursor !== undefined && req.cursor !== '') {
    const cursor = decodeCursor(req.cursor);
    // Nakama refuses a cursor from another listing as a listing failure (code 13), not as bad input.
    if (!cursor || cursor.query !== query || cursor.limit !== limit || cursor.open !== req.open) throw Errors.partyListFailed();
    offset = cursor.offset;
  }
  if (query !== '*') throw Errors.partyQueryUnsupported();
  return { limit, open: req.open, query, offset };
}

/** The cursor for the page after this one. */
export function nextPartyCursor(filter: PartyListFilter): string {
  const cursor: PartyListCursor = { query: filter.query, open: filter.open, offset: filter.offset + filter.limit, limit: filter.limit };
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string): PartyListCursor | undefined {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<PartyListCursor>;
    if (typeof c.query !== 'string' || !Number.isSafeInteger(c.offset) || c.offset! < 0 || !Number.isSafeInteger(c.limit)) return undefined;
    if (c.open !== undefined && typeof c.open !== 'boolean') return undefined;
    return { query: c.query, open: c.open, offset: c.offset!, limit: c.limit! };
  } catch {
    return undefined;
  }
}
