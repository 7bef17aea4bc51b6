import { parseQuery } from '../../server/query/parse.js';
import { createTicket, type MatchmakerTicket, type TicketRequest } from '../../server/matchmaker/ticket.js';

/** Options for a test ticket; the player count comes from `players` (1 = solo). */
export interface TicketSpec {
  query?: string;
  min?: number;
  max?: number;
  multiple?: number;
  players?: number;
  party?: string;
  strings?: Record<string, string>;
  numbers?: Record<string, number>;
  /** Session ids of the players; generated when absent. */
  sessions?: string[];
}

/**
 * Builds pool tickets the way LocalMatchmaker.add does, for the pure matching step: ids `t0`, `t1`, ...
 * in creation order, one millisecond apart.
 */
export class TicketFactory {
  private next = 0;

  make(spec: TicketSpec = {}): MatchmakerTicket {
    const n = this.next++;
    const ticket = `t${n}`;
    const players = spec.players ?? 1;
    const sessions = spec.sessions ?? Array.from({ length: players }, (_, i) => `s${n}-${i}`);
    const request: TicketRequest = {
      presences: sessions.map((sessionId, i) => ({ userId: `u${n}-${i}`, sessionId, username: `user${n}-${i}`, node: 'n' })),
      sessionId: spec.party ? '' : sessions[0]!,
      partyId: spec.party ?? '',
      query: spec.query ?? '*',
      minCount: spec.min ?? 2,
      maxCount: spec.max ?? 2,
      countMultiple: spec.multiple ?? 1,
      stringProperties: spec.strings ?? {},
      numericProperties: spec.numbers ?? {},
    };
    return createTicket(ticket, request, parseQuery(request.query), 1_000_000 + n, n);
  }
}

/** The ticket ids of each match, each list sorted, for order-free comparisons. */
export function ticketSets(matches: { ticket: string }[][]): string[][] {
  return matches.map((m) => [...new Set(m.map((e) => e.ticket))].sort());
}
