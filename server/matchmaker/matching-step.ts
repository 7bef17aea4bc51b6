import { evaluateQuery, maximumScore } from '../query/evaluate.js';
import { CandidateIndex } from './candidate-index.js';
import { trimToMultiple } from './count-multiple.js';
import type { MatchmakerEntry, MatchmakerTicket } from './ticket.js';

export interface MatchingOptions {
  /** matchmaker.max_intervals: passes a ticket searches in before it only waits to be found. */
  maxIntervals: number;
  /** matchmaker.rev_precision: a hit's own query must also match the searcher (and the rest of the combo). */
  revPrecision: boolean;
  /** Asked before each search; once true, the rest of the pass skips mutual checks (rev_threshold). */
  revExpired?: () => boolean;
}

export interface MatchingResult {
  /** Each formed match: the combined entries first, the searching ticket's own entries last. */
  matches: MatchmakerEntry[][];
  /** Tickets that searched for the last time in this pass; they stay in the pool but stop searching. */
  expired: MatchmakerTicket[];
}

/**
 * One matchmaking pass, as Nakama's processDefault does it, with no timers or sockets: every active ticket
 * (oldest first) searches the pool for tickets its query matches, whose min_count is at least its own and
 * whose max_count is at most its own, outside its own party; hits come best score first, then oldest. Hits
 * are gathered into combinations until one reaches the searcher's max_count, or, on its last interval, until
 * the hits run out with a combination between min and max. The result is trimmed to count_multiple and must
 * suit every member's min, max and multiple. Tickets that match are out of the rest of the pass.
 *
 * `tickets` is the whole pool and `active` the tickets still searching, both oldest first. The only
 * mutation is each searched ticket's `intervals` count, which is the pass's own bookkeeping.
 */
export function matchingStep(tickets: readonly MatchmakerTicket[], active: readonly MatchmakerTicket[], options: MatchingOptions): MatchingResult {
  const index = new CandidateIndex(tickets);
  const byId = new Map<string, MatchmakerTicket>();
  for (const ticket of tickets) byId.set(ticket.ticket, ticket);
  const ticketOf = (id: string) => byId.get(id);
  const matches: MatchmakerEntry[][] = [];
  const expired: MatchmakerTicket[] = [];
  let mutual = options.revPrecision;

  for (const searcher of active) {
    if (mutual && options.revExpired?.()) mutual = false;
    // Matched earlier in this pass, as someone else's hit.
    if (!index.has(searcher)) continue;
    searcher.intervals++;
    const lastInterval = searcher.intervals >= options.maxIntervals || searcher.minCount === searcher.maxCount;
    if (lastInterval) expired.push(searcher);

    const match = search(searcher, lastInterval, index, ticketOf, options.maxIntervals, mutual);
    if (!match) continue;
    matches.push(match);
    for (const entry of match) {
      const ticket = byId.get(entry.ticket);
      if (ticket) index.remove(ticket);
    }
  }
  return { matches, expired };
}

/** One ticket's search: the entries of the match it forms, or undefined. */
function search(
  searcher: MatchmakerTicket,
  lastInterval: boolean,
  index: CandidateIndex,
  ticketOf: (id: string) => MatchmakerTicket | undefined,
  maxIntervals: number,
  mutual: boolean,
): MatchmakerEntry[] | undefined {
  const combos: MatchmakerEntry[][] = [];
  const hits = orderedHits(searcher, index);
  let next = hits.next();
  while (!next.done) {
    const hit = next.value;
    next = hits.next();
    const isLastHit = next.done === true;

    if (mutual && !evaluateQuery(hit.query, searcher.fields).matched) continue;
    // This match would stay under the hit's own preferred max while it can still wait for more.
    if (searcher.maxCount < hit.maxCount && hit.intervals <= maxIntervals) continue;
    if (sharesSession(searcher, hit)) continue;

    let comboIndex = combos.findIndex((combo) => combo.length + hit.entries.length + searcher.count <= searcher.maxCount && fitsCombo(hit, combo, ticketOf, mutual));
    if (comboIndex >= 0) combos[comboIndex]!.push(...hit.entries);
    else comboIndex = combos.push([...hit.entries]) - 1;
    let combo = combos[comboIndex]!;

    let size = combo.length + searcher.count;
    const full = size === searcher.maxCount;
    const settle = lastInterval && size >= searcher.minCount && size <= searcher.maxCount && isLastHit;
    if (!full && !settle) continue;

    const excess = size % searcher.countMultiple;
    if (excess !== 0) {
      const trimmed = trimToMultiple(combo, excess, ticketOf);
      if (!trimmed) continue;
      combo = trimmed;
      size = combo.length + searcher.count;
      if (size % searcher.countMultiple !== 0) continue;
    }
    const unsuitable = combo.some((entry) => {
      const ticket = ticketOf(entry.ticket);
      return ticket !== undefined && (ticket.minCount > size || ticket.maxCount < size || size % ticket.countMultiple !== 0);
    });
    if (unsuitable) continue;

    combos.splice(comboIndex, 1);
    return [...combo, ...searcher.entries];
  }
  return undefined;
}

/**
 * The searcher's hits, best score first and oldest first among equals, produced lazily: a hit with the
 * query's highest possible score is handed out as soon as it is found (nothing can outrank it, and the
 * candidates come oldest first), lower-scored ones only once the candidates are exhausted. A search that
 * forms its match early therefore never evaluates the rest of the pool.
 */
function* orderedHits(searcher: MatchmakerTicket, index: CandidateIndex): Generator<MatchmakerTicket> {
  const best = maximumScore(searcher.query);
  const lower: Array<{ ticket: MatchmakerTicket; score: number }> = [];
  for (const candidate of index.candidates(searcher.query)) {
    if (candidate === searcher) continue;
    if (candidate.minCount < searcher.minCount || candidate.maxCount > searcher.maxCount) continue;
    if (searcher.partyId !== '' && candidate.partyId === searcher.partyId) continue;
    const { matched, score } = evaluateQuery(searcher.query, candidate.fields);
    if (!matched) continue;
    if (score >= best) yield candidate;
    else lower.push({ ticket: candidate, score });
  }
  // Stable sort: equal scores keep their oldest-first order.
  lower.sort((a, b) => b.score - a.score);
  for (const { ticket } of lower) yield ticket;
}

function sharesSession(a: MatchmakerTicket, b: MatchmakerTicket): boolean {
  for (const id of a.sessionIds) if (b.sessionIds.has(id)) return true;
  return false;
}

/** Whether a hit can join a combination: no shared session and, with mutual matching, queries both ways. */
function fitsCombo(hit: MatchmakerTicket, combo: readonly MatchmakerEntry[], ticketOf: (id: string) => MatchmakerTicket | undefined, mutual: boolean): boolean {
  for (const entry of combo) {
    if (hit.sessionIds.has(entry.presence.sessionId)) return false;
    if (!mutual) continue;
    const member = ticketOf(entry.ticket);
    if (!member) continue;
    if (!evaluateQuery(hit.query, member.fields).matched) return false;
    if (!evaluateQuery(member.query, hit.fields).matched) return false;
  }
  return true;
}
