import { uuidv4 } from '../common/ids.js';
import type { Service } from '../common/lifecycle.js';
import type { Logger } from '../common/logger.js';
import type { MessageRouter } from '../presence/message-router.js';
import { parseQuery, QuerySyntaxError } from '../query/parse.js';
import type { MatchmakerMatched, MatchmakerUser } from '../protocol/realtime-matchmaker.js';
import { matchingStep } from './matching-step.js';
import { MatchmakerErrors } from './matchmaker-errors.js';
import { createTicket, type MatchmakerEntry, type MatchmakerTicket, type TicketRequest } from './ticket.js';

export interface MatchmakerSettings {
  /** matchmaker.max_tickets: tickets one session, or one party, may hold at once. */
  maxTickets: number;
  /** matchmaker.interval_sec: seconds between passes. */
  intervalSec: number;
  /** matchmaker.max_intervals: passes a ticket searches in. */
  maxIntervals: number;
  /** matchmaker.rev_precision: require mutual matches. */
  revPrecision: boolean;
  /** matchmaker.rev_threshold: a pass longer than interval_sec × this stops checking mutual matches. */
  revThreshold: number;
}

/**
 * Runs for each formed match before anyone is told (the runtime's registerMatchmakerMatched sets it). A
 * returned match id is sent to the players instead of a relayed-match token; nothing, "" or a throw means
 * a token.
 */
export type MatchmakerMatchedCallback = (entries: readonly MatchmakerEntry[]) => Promise<string | undefined | void> | string | undefined | void;

/** Nakama's MatchmakerStats: times are epoch milliseconds. */
export interface MatchmakerStats {
  ticketCount: number;
  oldestTicketCreateTime?: number;
  completions?: Array<{ createTime: number; completeTime: number }>;
}

export interface MatchmakerDependencies {
  router: MessageRouter;
  logger: Logger;
  /** Makes a relayed-match token (MatchTokens.issue). */
  issueToken(): string;
  onMatched?: MatchmakerMatchedCallback;
  now?: () => number;
}

/** The matchmaker's contract; a clustered one would share the pool across nodes behind the same calls. */
export interface Matchmaker {
  /** Puts a ticket in the pool; throws MatchmakerError. */
  add(request: TicketRequest): { ticket: string; createdAt: number };
  /** Removes a solo ticket its session owns; throws MatchmakerError when there is none. */
  removeSession(sessionId: string, ticket: string): void;
  /** Every ticket a session is part of: its own and its parties'. */
  removeSessionAll(sessionId: string): void;
  removeParty(partyId: string, ticket: string): void;
  removePartyAll(partyId: string): void;
  stats(): MatchmakerStats;
  /** One pass now; the interval loop calls it, and tests may too. */
  process(): Promise<void>;
  setMatchedCallback(callback: MatchmakerMatchedCallback | undefined): void;
}

/** Completion samples kept for stats, as in Nakama. */
const COMPLETIONS_KEPT = 10;

/**
 * The ticket pool on this node and the loop that matches it: every `interval_sec` a pass
 * (`matchingStep`) runs over the pool, matched tickets leave it, and each player of a match is sent
 * `matchmaker_matched` with a token for a new relayed match, or the match id `onMatched` returns.
 */
export class LocalMatchmaker implements Matchmaker, Service {
  readonly name = 'matchmaker';
  /** Every ticket by id, oldest first. */
  private readonly tickets = new Map<string, MatchmakerTicket>();
  /** Tickets still searching, oldest first. */
  private readonly active = new Map<string, MatchmakerTicket>();
  private readonly sessionTickets = new Map<string, Set<string>>();
  private readonly partyTickets = new Map<string, Set<string>>();
  private readonly completions: Array<{ createTime: number; completeTime: number }> = [];
  private onMatched: MatchmakerMatchedCallback | undefined;
  private readonly now: () => number;
  private sequence = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly settings: MatchmakerSettings,
    private readonly deps: MatchmakerDependencies,
  ) {
    this.onMatched = deps.onMatched;
    this.now = deps.now ?? Date.now;
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.timer ??= setInterval(() => this.tick(), this.settings.intervalSec * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  setMatchedCallback(callback: MatchmakerMatchedCallback | undefined): void {
    this.onMatched = callback;
  }

  add(request: TicketRequest): { ticket: string; createdAt: number } {
    if (this.stopped) throw MatchmakerErrors.notAvailable();
    let query;
    try {
      query = parseQuery(request.query === '' ? '*' : request.query);
    } catch (err) {
      if (err instanceof QuerySyntaxError) throw MatchmakerErrors.queryInvalid(err.message);
      throw err;
    }
    const sessionIds = new Set<string>();
    for (const presence of request.presences) {
      if (sessionIds.has(presence.sessionId)) throw MatchmakerErrors.duplicateSession();
      sessionIds.add(presence.sessionId);
    }
    for (const id of sessionIds) {
      if ((this.sessionTickets.get(id)?.size ?? 0) >= this.settings.maxTickets) throw MatchmakerErrors.tooManyTickets();
    }
    if (request.partyId !== '' && (this.partyTickets.get(request.partyId)?.size ?? 0) >= this.settings.maxTickets) {
      throw MatchmakerErrors.tooManyTickets();
    }

    const ticket = uuidv4();
    const createdAt = this.now();
    const record = createTicket(ticket, request, query, createdAt, this.sequence++);
    this.tickets.set(ticket, record);
    this.active.set(ticket, record);
    for (const id of sessionIds) addTo(this.sessionTickets, id, ticket);
    if (request.partyId !== '') addTo(this.partyTickets, request.partyId, ticket);
    return { ticket, createdAt };
  }

  removeSession(sessionId: string, ticket: string): void {
    const record = this.tickets.get(ticket);
    // Party tickets belong to the party: a member cannot take one out alone.
    if (!record || record.partyId !== '' || record.sessionId !== sessionId) throw MatchmakerErrors.ticketNotFound();
    this.forget(record);
  }

  removeSessionAll(sessionId: string): void {
    for (const ticket of [...(this.sessionTickets.get(sessionId) ?? [])]) {
      const record = this.tickets.get(ticket);
      if (record) this.forget(record);
    }
  }

  removeParty(partyId: string, ticket: string): void {
    const record = this.tickets.get(ticket);
    if (!record || record.partyId !== partyId) throw MatchmakerErrors.ticketNotFound();
    this.forget(record);
  }

  removePartyAll(partyId: string): void {
    for (const ticket of [...(this.partyTickets.get(partyId) ?? [])]) {
      const record = this.tickets.get(ticket);
      if (record) this.forget(record);
    }
  }

  stats(): MatchmakerStats {
    // The pool is kept oldest first, so the first ticket is the oldest.
    const oldest = this.tickets.values().next().value as MatchmakerTicket | undefined;
    return {
      ticketCount: this.tickets.size,
      oldestTicketCreateTime: oldest?.createdAt,
      completions: this.completions.map((c) => ({ ...c })),
    };
  }

  async process(): Promise<void> {
    if (this.active.size === 0) return;
    const started = this.now();
    const budgetMs = this.settings.intervalSec * this.settings.revThreshold * 1000;
    const { matches, expired } = matchingStep([...this.tickets.values()], [...this.active.values()], {
      maxIntervals: this.settings.maxIntervals,
      revPrecision: this.settings.revPrecision,
      revExpired: () => this.now() - started > budgetMs,
    });
    for (const ticket of expired) this.active.delete(ticket.ticket);
    for (const match of matches) {
      for (const entry of match) {
        const record = this.tickets.get(entry.ticket);
        if (record) this.forget(record);
      }
    }
    if (matches.length === 0) return;
    const completeTime = this.now();
    await Promise.all(matches.map((entries) => this.deliver(entries, completeTime)));
  }

  /** The interval loop: a pass that outlasts the interval makes the next tick skip, never overlap. */
  private tick(): void {
    if (this.running || this.stopped) return;
    this.running = this.process()
      .catch((err: unknown) => this.deps.logger.error('matchmaker pass failed', { err }))
      .finally(() => (this.running = undefined));
  }

  private async deliver(entries: readonly MatchmakerEntry[], completeTime: number): Promise<void> {
    let matchId: string | undefined;
    if (this.onMatched) {
      try {
        matchId = (await this.onMatched(entries)) || undefined;
      } catch (err) {
        this.deps.logger.error('matchmaker matched callback failed', { err });
      }
    }
    const users: MatchmakerUser[] = entries.map((entry) => ({
      presence: { userId: entry.presence.userId, sessionId: entry.presence.sessionId, username: entry.presence.username },
      partyId: entry.partyId,
      stringProperties: entry.stringProperties,
      numericProperties: entry.numericProperties,
    }));
    const id: Pick<MatchmakerMatched, 'matchId' | 'token'> = matchId !== undefined ? { matchId } : { token: this.deps.issueToken() };
    entries.forEach((entry, i) => {
      this.recordCompletion(entry.createTime, completeTime);
      const payload: MatchmakerMatched = { ticket: entry.ticket, ...id, users, self: users[i]! };
      this.deps.router.sendToPresenceIds([{ node: entry.presence.node, sessionId: entry.presence.sessionId }], {
        case: 'matchmaker_matched',
        payload: payload as unknown as Record<string, unknown>,
      });
    });
  }

  private recordCompletion(createTime: number, completeTime: number): void {
    this.completions.push({ createTime, completeTime });
    if (this.completions.length > COMPLETIONS_KEPT) this.completions.shift();
  }

  private forget(record: MatchmakerTicket): void {
    this.tickets.delete(record.ticket);
    this.active.delete(record.ticket);
    for (const id of record.sessionIds) removeFrom(this.sessionTickets, id, record.ticket);
    if (record.partyId !== '') removeFrom(this.partyTickets, record.partyId, record.ticket);
  }
}

function addTo(map: Map<string, Set<string>>, key: string, ticket: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(ticket);
}

function removeFrom(map: Map<string, Set<string>>, key: string, ticket: string): void {
  const set = map.get(key);
  set?.delete(ticket);
  if (set?.size === 0) map.delete(key);
}
