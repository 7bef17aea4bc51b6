import type { MatchmakerEntry, MatchmakerTicket } from './ticket.js';

interface TicketGroup {
  tickets: MatchmakerTicket[];
  averageCreatedAt: number;
}

/** Every set of tickets whose player counts add up to exactly `required` (Nakama's groupIndexes). */
function groupsSumming(tickets: readonly MatchmakerTicket[], required: number, from = 0): TicketGroup[] {
  if (from >= tickets.length || required <= 0) return [];
  const current = tickets[from]!;
  const results: TicketGroup[] = [];
  if (current.count === required) {
    results.push({ tickets: [current], averageCreatedAt: current.createdAt });
  } else if (current.count < required) {
    for (const fill of groupsSumming(tickets, required - current.count, from + 1)) {
      const n = fill.tickets.length;
      results.push({ tickets: [...fill.tickets, current], averageCreatedAt: (fill.averageCreatedAt * n + current.createdAt) / (n + 1) });
    }
  }
  results.push(...groupsSumming(tickets, required, from + 1));
  return results;
}

/**
 * Makes a candidate combination fit `count_multiple` by removing one group of whole tickets whose sizes add up
 * to the excess. As in Nakama, the group with the lowest average creation time goes, though its comment says
 * it means to keep the longest-waiting tickets. Returns the trimmed entries, or undefined when no group fits.
 */
export function trimToMultiple(
  combo: readonly MatchmakerEntry[],
  excess: number,
  ticketOf: (id: string) => MatchmakerTicket | undefined,
): MatchmakerEntry[] | undefined {
  const eligible: MatchmakerTicket[] = [];
  const seen = new Set<string>();
  for (const entry of combo) {
    if (seen.has(entry.ticket)) continue;
    seen.add(entry.ticket);
    const ticket = ticketOf(entry.ticket);
    // A party larger than the excess cannot be removed in part.
    if (ticket && ticket.count <= excess) eligible.push(ticket);
  }
  const groups = groupsSumming(eligible, excess);
  if (groups.length === 0) return undefined;
  let chosen = groups[0]!;
  for (const group of groups) if (group.averageCreatedAt < chosen.averageCreatedAt) chosen = group;
  const removed = new Set(chosen.tickets.map((t) => t.ticket));
  return combo.filter((entry) => !removed.has(entry.ticket));
}
