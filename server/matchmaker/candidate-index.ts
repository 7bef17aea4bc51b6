import type { MatchmakerTicket, SearchPlan } from './ticket.js';

/** Tickets holding one set of exact terms, oldest first, with a cursor past those already matched. */
class Posting {
  /** Everything before `head` is known to be matched already. */
  head = 0;
  /** Positions in the pass's ticket array, ascending (= oldest first). */
  constructor(readonly positions: number[] = []) {}
}

const EMPTY = new Posting();

/**
 * An inverted index over the tickets of one pass: for each (field, string value) the tickets holding it,
 * oldest first. A search walks the list of the tickets holding all of its query's required exact terms
 * (`+properties.region:eu +properties.mode:duel`) instead of the whole pool, so one pass does not compare
 * every pair. Lists keep creation order, which is the tie-break order of equal-score hits. Lists are built
 * lazily: a field's when a query first names it, a set of terms' (the intersection of its fields' lists)
 * when a query first asks for that set.
 *
 * Matched tickets are only flagged; each list's cursor moves past the flagged tickets at its front, so the
 * long run of matched tickets that builds up at the old end of a list is walked once, not once per search.
 */
export class CandidateIndex {
  private readonly tickets: readonly MatchmakerTicket[];
  private readonly alive: Uint8Array;
  private readonly everyone: Posting;
  /** field -> value -> posting. */
  private readonly byField = new Map<string, Map<string, Posting>>();
  /** SearchPlan.key -> posting of all its terms together. */
  private readonly byTerms = new Map<string, Posting>();
  private remaining: number;

  /** `tickets` must be in creation order (ascending `order`), which is how the pool keeps them. */
  constructor(tickets: readonly MatchmakerTicket[]) {
    this.tickets = tickets;
    this.alive = new Uint8Array(tickets.length).fill(1);
    this.remaining = tickets.length;
    this.everyone = new Posting(Array.from({ length: tickets.length }, (_, i) => i));
  }

  get size(): number {
    return this.remaining;
  }

  /** The ticket at a position of the pass's list. */
  ticketAt(position: number): MatchmakerTicket {
    return this.tickets[position]!;
  }

  isAlive(position: number): boolean {
    return this.alive[position] === 1;
  }

  /** Takes a matched ticket out of the rest of the pass. */
  removeAt(position: number): void {
    if (this.alive[position] === 0) return;
    this.alive[position] = 0;
    this.remaining--;
  }

  /**
   * The positions of some of the pass's tickets, given in creation order too (the active ones): one merge
   * walk by creation order, -1 for a ticket that is not in the pass.
   */
  positionsOf(some: readonly MatchmakerTicket[]): number[] {
    const tickets = this.tickets;
    // Every ticket searching (a first pass): nothing to look up.
    if (some === tickets) return Array.from({ length: tickets.length }, (_, i) => i);
    const out: number[] = [];
    let i = 0;
    for (const ticket of some) {
      while (i < tickets.length && tickets[i]!.order < ticket.order) i++;
      out.push(i < tickets.length && tickets[i] === ticket ? i : -1);
    }
    return out;
  }

  /**
   * Calls `visit` with each unmatched ticket holding all of the plan's exact terms (every ticket when it has
   * none), oldest first, until `visit` returns false. Callers still evaluate the full query on each.
   */
  forEachCandidate(plan: SearchPlan, visit: (ticket: MatchmakerTicket, position: number) => boolean): void {
    const posting = this.postingFor(plan);
    const { positions } = posting;
    const alive = this.alive;
    while (posting.head < positions.length && alive[positions[posting.head]!] === 0) posting.head++;
    for (let k = posting.head; k < positions.length; k++) {
      const i = positions[k]!;
      if (alive[i] === 0) continue;
      if (!visit(this.tickets[i]!, i)) return;
    }
  }

  private postingFor(plan: SearchPlan): Posting {
    const { terms } = plan;
    if (terms.length === 0) return this.everyone;
    if (terms.length === 1) return this.byValue(terms[0]!.field).get(terms[0]!.value) ?? EMPTY;
    let posting = this.byTerms.get(plan.key);
    if (posting) return posting;
    let positions: number[] | undefined;
    for (const term of terms) {
      const list = (this.byValue(term.field).get(term.value) ?? EMPTY).positions;
      positions = positions === undefined ? list : intersect(positions, list);
    }
    posting = new Posting(positions);
    this.byTerms.set(plan.key, posting);
    return posting;
  }

  /** The postings of one field, grouping every ticket by its string value there. */
  private byValue(field: string): Map<string, Posting> {
    let byValue = this.byField.get(field);
    if (byValue) return byValue;
    byValue = new Map();
    this.byField.set(field, byValue);
    const add = (value: unknown, i: number) => {
      if (typeof value !== 'string') return;
      let posting = byValue.get(value);
      if (!posting) byValue.set(value, (posting = new Posting()));
      // An array field can hold the same value twice; the ticket goes in once.
      if (posting.positions[posting.positions.length - 1] !== i) posting.positions.push(i);
    };
    const tickets = this.tickets;
    for (let i = 0; i < tickets.length; i++) {
      const fields = tickets[i]!.fields;
      const value = fields.get(field);
      if (value !== undefined) {
        add(value, i);
        continue;
      }
      // Array elements are stored as `field[0]`, `field[1]`, ... (see flattenFields).
      for (let k = 0; ; k++) {
        const element = fields.get(`${field}[${k}]`);
        if (element === undefined) break;
        add(element, i);
      }
    }
    return byValue;
  }
}

/** The common elements of two ascending lists, ascending. */
function intersect(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}
