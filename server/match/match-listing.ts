import { Errors, ErrorsWith } from '../common/errors.js';
import type { ListMatchesRequest } from '../protocol/api-match.js';

/** A validated ListMatches request; absent fields filter nothing. */
export interface MatchListFilter {
  limit: number;
  authoritative?: boolean;
  label?: string;
  minSize?: number;
  maxSize?: number;
  query?: string;
}

export const DEFAULT_MATCH_LIST_LIMIT = 10;
export const MAX_MATCH_LIST_LIMIT = 100;

/** Checks a ListMatches request in Nakama's order and with its messages. */
export function matchListFilter(req: ListMatchesRequest): MatchListFilter {
  let limit = DEFAULT_MATCH_LIST_LIMIT;
  if (req.limit !== undefined) {
    if (req.limit < 1 || req.limit > MAX_MATCH_LIST_LIMIT) throw ErrorsWith.invalidLimit(MAX_MATCH_LIST_LIMIT);
    limit = req.limit;
  }
  if (req.label !== undefined && req.authoritative === false) throw Errors.matchLabelFilterRelayed();
  if (req.query !== undefined && req.authoritative === false) throw Errors.matchQueryFilterRelayed();
  if (req.minSize !== undefined && req.minSize < 0) throw Errors.matchMinSizeNegative();
  if (req.maxSize !== undefined && req.maxSize < 0) throw Errors.matchMaxSizeNegative();
  if (req.minSize !== undefined && req.maxSize !== undefined && req.minSize > req.maxSize) throw Errors.matchSizeRange();
  return { limit, authoritative: req.authoritative, label: req.label, minSize: req.minSize, maxSize: req.maxSize, query: req.query };
}

/** Relayed matches have no label to filter or query, so Nakama lists them only when neither is asked for. */
export function includesRelayed(filter: MatchListFilter): boolean {
  return filter.authoritative !== true && filter.label === undefined && filter.query === undefined;
}

export function sizeAllowed(filter: MatchListFilter, size: number): boolean {
  return (filter.minSize === undefined || size >= filter.minSize) && (filter.maxSize === undefined || size <= filter.maxSize);
}
