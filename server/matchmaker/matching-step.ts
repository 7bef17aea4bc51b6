import { scoreClauses, scoreQuery } from '../query/evaluate.js';
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
 * `tickets` is the whole pool and `active` the tickets still searching, both in creation order (ascending
 * `order`, as the pool keeps them; `active` may be the same array). The only mutation is each searched
 * ticket's `intervals` count, which is the pass's own bookkeeping.
 */
export function matchingStep(tickets: readonly MatchmakerTicket[], active: readonly MatchmakerTicket[], options: MatchingOptions): MatchingResult {
  const index = new CandidateIndex(tickets);
  // Positions of the tickets that have been a hit or a searcher, by id: entries name their ticket only by id.
  const seen = new Map<string, number>();
  const searches = new TicketSearch(index, seen, options.maxIntervals);
  const searchers = active;
  const searcherPositions = index.positionsOf(searchers);
  const matches: MatchmakerEntry[][] = [];
  const expired: MatchmakerTicket[] = [];
  let mutual = options.revPrecision;

  for (let k = 0; k < searchers.length; k++) {
    const searcher = searchers[k]!;
    if (mutual && options.revExpired?.()) mutual = false;
    const position = searcherPositions[k]!;
    // Not in the pool given, or matched earlier in this pass as someone else's hit.
    if (position < 0 || !index.isAlive(position)) continue;
    seen.set(searcher.ticket, position);
    searcher.intervals++;
    const lastInterval = searcher.intervals >= options.maxIntervals || searcher.minCount === searcher.maxCount;
    if (lastInterval) expired.push(searcher);

    const match = searches.run(searcher, lastInterval, mutual);
    if (!match) continue;
    matches.push(match);
    for (const entry of match) {
      const at = seen.get(entry.ticket);
      if (at !== undefined) index.removeAt(at);
    }
  }
  return { matches, expired };
}

/**
 * One ticket's search at a time, as Nakama's per-ticket loop does it. One instance serves a whole pass and
 * keeps its per-search state in fields, so 100,000 searches allocate little beyond the matches they form.
 */
class TicketSearch {
  private searcher!: MatchmakerTicket;
  private lastInterval = false;
  private mutual = false;
  private best = 0;
  private readonly combos: MatchmakerEntry[][] = [];
  private readonly lower: Array<{ ticket: MatchmakerTicket; position: number; score: number }> = [];
  /** The previous hit, considered once the next one is known: each hit must know whether it is the last. */
  private pending: MatchmakerTicket | undefined;
  private pendingPosition = -1;
  private formed: MatchmakerEntry[] | undefined;
  private readonly ticketOf = (id: string) => {
    const at = this.seen.get(id);
    return at === undefined ? undefined : this.index.ticketAt(at);
  };
  private readonly visit = (candidate: MatchmakerTicket, position: number) => this.onCandidate(candidate, position);

  constructor(
    private readonly index: CandidateIndex,
    /** Positions of the tickets that have been a hit or a searcher, by id (entries name tickets by id). */
    private readonly seen: Map<string, number>,
    private readonly maxIntervals: number,
  ) {}

  /** The entries of the match this ticket forms, or undefined. */
  run(searcher: MatchmakerTicket, lastInterval: boolean, mutual: boolean): MatchmakerEntry[] | undefined {
    this.searcher = searcher;
    this.lastInterval = lastInterval;
    this.mutual = mutual;
    this.best = searcher.search.bestScore;
    this.combos.length = 0;
    this.lower.length = 0;
    this.pending = undefined;
    this.formed = undefined;

    // Best score first, then oldest: a hit with the query's highest possible score goes straight on (nothing
    // can outrank it and candidates come oldest first); lower scores wait until the candidates run out. A
    // search that forms its match early therefore never evaluates the rest of the pool.
    this.index.forEachCandidate(searcher.search, this.visit);
    if (this.formed) return this.formed;
    // Stable sort: equal scores keep their oldest-first order.
    const lower = this.lower;
    if (lower.length > 1) lower.sort((x, y) => y.score - x.score);
    for (const { ticket, position } of lower) if (!this.offer(ticket, position)) return this.formed;
    if (this.pending !== undefined) this.consider(this.pending, this.pendingPosition, true);
    return this.formed;
  }

  private onCandidate(candidate: MatchmakerTicket, position: number): boolean {
    const searcher = this.searcher;
    if (candidate === searcher) return true;
    if (candidate.minCount < searcher.minCount || candidate.maxCount > searcher.maxCount) return true;
    if (searcher.partyId !== '' && candidate.partyId === searcher.partyId) return true;
    const plan = searcher.search;
    const rest = scoreClauses(plan.residual, candidate.fields, plan.terms.length);
    if (rest < 0) return true;
    const score = plan.terms.length === 0 && plan.residual.must.length === 0 && plan.residual.should.length === 0 ? 1 : rest + plan.termScore;
    if (score >= this.best) return this.offer(candidate, position);
    this.lower.push({ ticket: candidate, position, score });
    return true;
  }

  /** Considers the previous hit (not the last) and holds this one; false once a match has formed. */
  private offer(hit: MatchmakerTicket, position: number): boolean {
    if (this.pending !== undefined && this.consider(this.pending, this.pendingPosition, false)) return false;
    this.pending = hit;
    this.pendingPosition = position;
    return true;
  }

  /** Nakama's per-hit step: join or start a combination, and settle it when it is complete. */
  private consider(hit: MatchmakerTicket, position: number, isLastHit: boolean): boolean {
    const searcher = this.searcher;
    this.seen.set(hit.ticket, position);
    if (this.mutual && scoreQuery(hit.query, searcher.fields) < 0) return false;
    // This match would stay under the hit's own preferred max while it can still wait for more.
    if (searcher.maxCount < hit.maxCount && hit.intervals <= this.maxIntervals) return false;
    if (sharesSession(searcher, hit)) return false;

    const combos = this.combos;
    let comboIndex = -1;
    for (let i = 0; i < combos.length; i++) {
      const combo = combos[i]!;
      if (combo.length + hit.entries.length + searcher.count <= searcher.maxCount && fitsCombo(hit, combo, this.ticketOf, this.mutual)) {
        combo.push(...hit.entries);
        comboIndex = i;
        break;
      }
    }
    if (comboIndex < 0) comboIndex = combos.push([...hit.entries]) - 1;
    let combo = combos[comboIndex]!;

    let size = combo.length + searcher.count;
    const full = size === searcher.maxCount;
    const settle = this.lastInterval && size >= searcher.minCount && size <= searcher.maxCount && isLastHit;
    if (!full && !settle) return false;

    const excess = size % searcher.countMultiple;
    if (excess !== 0) {
      const trimmed = trimToMultiple(combo, excess, this.ticketOf);
      if (!trimmed) return false;
      combo = trimmed;
      size = combo.length + searcher.count;
      if (size % searcher.countMultiple !== 0) return false;
    }
    for (const entry of combo) {
      const ticket = this.ticketOf(entry.ticket);
      if (ticket !== undefined && (ticket.minCount > size || ticket.maxCount < size || size % ticket.countMultiple !== 0)) return false;
    }
    this.formed = [...combo, ...searcher.entries];
    return true;
  }
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
    if (scoreQuery(hit.query, member.fields) < 0) return false;
    if (scoreQuery(member.query, hit.fields) < 0) return false;
  }
  return true;
}
