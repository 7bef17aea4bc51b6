import { Errors } from '../../common/errors.js';
import type { ApiMatch } from '../../protocol/api-match.js';
import { evaluateQuery, type QueryFields } from '../../query/evaluate.js';
import { flattenFields } from '../../query/flatten.js';
import { parseQuery } from '../../query/parse.js';
import { sizeAllowed, type MatchListFilter } from '../match-listing.js';

/** What the index knows of one match: enough to filter and list it without asking the match. */
export interface IndexedMatch {
  matchId: string;
  label: string;
  tickRate: number;
  handlerName: string;
  node: string;
  createTime: number;
  size(): number;
}

interface Entry {
  match: IndexedMatch;
  fields: QueryFields;
}

/**
 * The searchable view of running authoritative matches (Nakama keeps a Bluge index of labels). A label
 * that parses as a JSON object is flattened under `label.` for queries; any label can be matched exactly.
 */
export class MatchIndex {
  private readonly entries = new Map<string, Entry>();

  put(match: IndexedMatch): void {
    this.entries.set(match.matchId, { match, fields: documentOf(match) });
  }

  remove(matchId: string): void {
    this.entries.delete(matchId);
  }

  /**
   * Authoritative matches for a listing, in Nakama's order: by query score, then newest first. Throws the
   * catalogue's "Error listing matches." for a query that does not parse, as Nakama does.
   */
  list(filter: MatchListFilter): ApiMatch[] {
    if (filter.authoritative === false) return [];
    const query = filter.query !== undefined && filter.query.trim() !== '' ? parseOrFail(filter.query) : undefined;
    const hits: Array<{ entry: Entry; score: number }> = [];
    for (const entry of this.entries.values()) {
      if (filter.query === undefined && filter.label !== undefined && entry.match.label !== filter.label) continue;
      let score = 0;
      if (query) {
        const r = evaluateQuery(query, entry.fields);
        if (!r.matched) continue;
        score = r.score;
      }
      hits.push({ entry, score });
    }
    hits.sort((a, b) => b.score - a.score || b.entry.match.createTime - a.entry.match.createTime);
    const out: ApiMatch[] = [];
    for (const { entry } of hits) {
      const m = entry.match;
      const size = m.size();
      if (!sizeAllowed(filter, size)) continue;
      out.push({ matchId: m.matchId, authoritative: true, label: m.label, size, tickRate: m.tickRate, handlerName: m.handlerName });
      if (out.length >= filter.limit) break;
    }
    return out;
  }
}

function parseOrFail(text: string) {
  try {
    return parseQuery(text);
  } catch (err) {
    throw Object.assign(Errors.matchListFailed(), { cause: err });
  }
}

function documentOf(match: IndexedMatch): QueryFields {
  let parsed: unknown;
  try {
    parsed = JSON.parse(match.label);
  } catch {
    // Not JSON: the label can still be listed by exact text, just not queried by field.
  }
  const fields = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? flattenFields('label', parsed) : new Map<string, string | number | boolean>();
  fields.set('label_string', match.label);
  fields.set('tick_rate', match.tickRate);
  fields.set('handler_name', match.handlerName);
  fields.set('node', match.node);
  fields.set('create_time', match.createTime);
  return fields;
}
