import type { Query } from '../query/query.js';
import type { MatchmakerTicket } from './ticket.js';

const EMPTY: ReadonlySet<MatchmakerTicket> = new Set();

function postingKey(field: string, value: string): string {
  return `${field}\u0000${value}`;
}

/**
 * An inverted index over the tickets of one pass: for each (field, string value) the tickets holding it,
 * oldest first. A search starts from the smallest list named by one of its query's required exact terms
 * (`+properties.region:eu`) instead of the whole pool, so one pass does not compare every pair. Every list
 * keeps creation order, which is the tie-break order of equal-score hits. Matched tickets are removed at
 * once so later searches in the pass never walk past them.
 */
export class CandidateIndex {
  private readonly all = new Set<MatchmakerTicket>();
  private readonly postings = new Map<string, Set<MatchmakerTicket>>();

  /** `tickets` must come oldest first. */
  constructor(tickets: Iterable<MatchmakerTicket>) {
    for (const ticket of tickets) this.add(ticket);
  }

  get size(): number {
    return this.all.size;
  }

  has(ticket: MatchmakerTicket): boolean {
    return this.all.has(ticket);
  }

  remove(ticket: MatchmakerTicket): void {
    if (!this.all.delete(ticket)) return;
    for (const [field, value] of ticket.fields) {
      if (typeof value !== 'string' || field === 'ticket') continue;
      const key = postingKey(field, value);
      const list = this.postings.get(key);
      list?.delete(ticket);
      if (list?.size === 0) this.postings.delete(key);
    }
  }

  /**
   * The tickets a query can possibly match, oldest first: the shortest posting list of its required exact
   * string terms, or every ticket when it has none. Callers still evaluate the full query on each.
   */
  candidates(query: Query): ReadonlySet<MatchmakerTicket> {
    let best: ReadonlySet<MatchmakerTicket> = this.all;
    for (const clause of query.must) {
      const leaf = clause.leaf;
      if (leaf.kind === 'phrase' || (leaf.kind === 'term' && leaf.numeric === null)) {
        if (leaf.field === null) continue;
        const list = this.postings.get(postingKey(leaf.field, leaf.value)) ?? EMPTY;
        if (list.size < best.size) best = list;
      }
    }
    return best;
  }

  private add(ticket: MatchmakerTicket): void {
    this.all.add(ticket);
    for (const [field, value] of ticket.fields) {
      // Ticket ids are unique: a list per ticket would cost more than a rare `ticket:` query saves.
      if (typeof value !== 'string' || field === 'ticket') continue;
      const key = postingKey(field, value);
      let list = this.postings.get(key);
      if (!list) this.postings.set(key, (list = new Set()));
      list.add(ticket);
    }
  }
}
