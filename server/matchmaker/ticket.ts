import type { Leaf, PhraseLeaf, Query, TermLeaf } from '../query/query.js';
import { maximumScore, type QueryFields } from '../query/evaluate.js';

/** One player in a ticket: who they are and where their socket lives. */
export interface MatchmakerPresence {
  userId: string;
  sessionId: string;
  username: string;
  /** The node holding the session, so a clustered router can deliver the result. */
  node: string;
}

/** One player of a ticket as the match result describes them (Nakama's MatchmakerEntry). */
export interface MatchmakerEntry {
  ticket: string;
  presence: MatchmakerPresence;
  /** The party the player was matched with, or "" for a solo ticket. */
  partyId: string;
  /** When the ticket was made, epoch milliseconds. */
  createTime: number;
  stringProperties: Record<string, string>;
  numericProperties: Record<string, number>;
}

/**
 * A ticket in the pool (Nakama's MatchmakerIndex): what it asks for, what it offers, and how many passes
 * it has searched in. `fields` is the document other tickets' queries run against: `properties.<name>` for
 * each property, plus `ticket`, `min_count`, `max_count`, `party_id` and `created_at` as Nakama indexes them.
 */
export interface MatchmakerTicket {
  readonly ticket: string;
  readonly queryText: string;
  readonly query: Query;
  readonly minCount: number;
  readonly maxCount: number;
  readonly countMultiple: number;
  /** Number of players in the ticket: 1 for a solo ticket, the party size for a party's. */
  readonly count: number;
  /** "" for a solo ticket. */
  readonly partyId: string;
  /** The owning session of a solo ticket; "" for a party's. */
  readonly sessionId: string;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  /** Creation order: breaks ties between tickets made in the same millisecond. */
  readonly order: number;
  readonly sessionIds: ReadonlySet<string>;
  readonly fields: QueryFields;
  readonly entries: readonly MatchmakerEntry[];
  /** What the candidate index needs from the query, worked out once when the ticket is made. */
  readonly search: SearchPlan;
  /** Passes this ticket has searched in; it stops searching after `max_intervals`. */
  intervals: number;
}

/** A required clause that names one exact string value of one field: what an inverted index can answer. */
export type ExactTerm = (TermLeaf | PhraseLeaf) & { field: string };

export function isExactTerm(leaf: Leaf): leaf is ExactTerm {
  return (leaf.kind === 'phrase' || (leaf.kind === 'term' && leaf.numeric === null)) && leaf.field !== null;
}

/**
 * A ticket's query as the pass uses it. The candidate index hands out only tickets that hold every required
 * exact term, so those need no testing: the rest of the query (`residual`) is what each candidate is tested
 * against, and the terms' boosts (`termScore`) are added to its score.
 */
export interface SearchPlan {
  readonly terms: readonly ExactTerm[];
  /** The terms in clause order as one string, so tickets asking for the same terms share a candidate list. */
  readonly key: string;
  readonly residual: Query;
  readonly termScore: number;
  readonly bestScore: number;
}

export function searchPlan(query: Query): SearchPlan {
  const terms = query.must.map((clause) => clause.leaf).filter(isExactTerm);
  const key = terms.map((t) => `${t.field}\u0000${t.value}`).join('\u0001');
  const residual: Query = { ...query, must: query.must.filter((clause) => !isExactTerm(clause.leaf)) };
  const termScore = terms.reduce((sum, t) => sum + t.boost, 0);
  return { terms, key, residual, termScore, bestScore: maximumScore(query) };
}

/** What a caller asks the matchmaker for (Nakama's MatchmakerAdd, for a session or a party). */
export interface TicketRequest {
  presences: MatchmakerPresence[];
  /** The owning session of a solo ticket, or "" for a party ticket. */
  sessionId: string;
  /** The party's id for a party ticket, or "". */
  partyId: string;
  /** Bleve query string; "" means "*". */
  query: string;
  minCount: number;
  maxCount: number;
  countMultiple: number;
  stringProperties: Record<string, string>;
  numericProperties: Record<string, number>;
}

/** Builds the searchable document of a ticket; numeric properties win a name clash, as in Nakama's merge. */
export function ticketFields(ticket: string, request: TicketRequest, createdAt: number): QueryFields {
  const fields: QueryFields = new Map();
  for (const [name, value] of Object.entries(request.stringProperties)) fields.set(`properties.${name}`, value);
  for (const [name, value] of Object.entries(request.numericProperties)) fields.set(`properties.${name}`, value);
  fields.set('ticket', ticket);
  fields.set('min_count', request.minCount);
  fields.set('max_count', request.maxCount);
  if (request.partyId !== '') fields.set('party_id', request.partyId);
  fields.set('created_at', createdAt);
  return fields;
}

/**
 * Makes a pool ticket from a request: the one place tickets are built, so the matchmaker, its tests and its
 * benchmark all search the same shape. `order` must grow with every ticket made.
 */
export function createTicket(ticket: string, request: TicketRequest, query: Query, createdAt: number, order: number): MatchmakerTicket {
  const stringProperties = { ...request.stringProperties };
  const numericProperties = { ...request.numericProperties };
  const entries: MatchmakerEntry[] = request.presences.map((presence) => ({
    ticket,
    presence: { ...presence },
    partyId: request.partyId,
    createTime: createdAt,
    stringProperties,
    numericProperties,
  }));
  return {
    ticket,
    queryText: request.query === '' ? '*' : request.query,
    query,
    minCount: request.minCount,
    maxCount: request.maxCount,
    countMultiple: request.countMultiple,
    count: entries.length,
    partyId: request.partyId,
    sessionId: request.sessionId,
    createdAt,
    order,
    sessionIds: new Set(request.presences.map((p) => p.sessionId)),
    fields: ticketFields(ticket, request, createdAt),
    entries,
    search: searchPlan(query),
    intervals: 0,
  };
}
