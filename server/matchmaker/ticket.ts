import type { Query } from '../query/query.js';
import type { QueryFields } from '../query/evaluate.js';

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
  /** Passes this ticket has searched in; it stops searching after `max_intervals`. */
  intervals: number;
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
