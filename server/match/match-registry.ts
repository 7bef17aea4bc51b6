import { Errors } from '../common/errors.js';
import { isUuid, uuidv4, uuidv5 } from '../common/ids.js';
import type { Service } from '../common/lifecycle.js';
import type { MessageRouter } from '../presence/message-router.js';
import { StreamMode, type Presence, type PresenceStream } from '../presence/stream.js';
import type { PresenceEvent, Tracker } from '../presence/tracker.js';
import type { ApiMatch } from '../protocol/api-match.js';
import type { Match, MatchDataSend } from '../protocol/realtime-match.js';
import type { UserPresence } from '../protocol/user-presence.js';
import { DeferredDelivery } from '../presence/deferred-delivery.js';
import { formatMatchId, matchStream, NAMESPACE_DNS, parseMatchId } from './match-id.js';
import { includesRelayed, sizeAllowed, type MatchListFilter } from './match-listing.js';

/** The caller of a match operation: one realtime session on one node. */
export interface MatchSession {
  id: string;
  userId: string;
  username: string;
  node: string;
}

/** How to reach a match: by id, or (with the matchmaker) by a signed token. */
export interface MatchJoinTarget {
  matchId?: string;
  token?: string;
}

/**
 * The match registry's contract. Operations throw catalogue errors (ApiError) for bad input and
 * missing matches; transports map them. A clustered registry will implement the same interface.
 */
export interface MatchRegistry {
  create(session: MatchSession, name?: string): Match;
  join(session: MatchSession, target: MatchJoinTarget): Match;
  leave(session: MatchSession, matchId: string): void;
  /** Relays data to the other members (or the listed ones); anything invalid after the id is dropped silently. */
  sendData(session: MatchSession, data: MatchDataSend): void;
  list(filter: MatchListFilter): ApiMatch[];
  /** Number of running matches. */
  size(): number;
}

export interface MatchRegistrySettings {
  /** session.single_match: joining a match leaves the session's other matches. */
  singleMatch: boolean;
  /** Reads matchmaker tokens (`match_join {token}`); without it every token is invalid. */
  tokens?: { verify(token: string): string | undefined };
}

function userPresence(p: Presence): UserPresence {
  return { userId: p.userId, sessionId: p.id.sessionId, username: p.meta.username };
}

function self(session: MatchSession): UserPresence {
  return { userId: session.userId, sessionId: session.id, username: session.username };
}

function relayedStream(uuid: string): PresenceStream {
  return matchStream({ uuid, node: '' });
}

/**
 * Relayed matches on this node. A relayed match is nothing but its members' presences on the tracker
 * (mode MatchRelayed, subject = match uuid): it exists while it has one, so disconnects (the tracker's
 * untrackAll) end memberships and empty matches without any bookkeeping here beyond what listing needs.
 */
export class LocalMatchRegistry implements MatchRegistry, Service {
  readonly name = 'matches';
  /** Running relayed matches by uuid, in creation order (the listing order). */
  private readonly relayed = new Set<string>();
  /** Session id -> relayed match uuids it is in, for session.single_match. */
  private readonly bySession = new Map<string, Set<string>>();
  private readonly delivery: DeferredDelivery;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly settings: MatchRegistrySettings,
    private readonly tracker: Tracker,
    router: MessageRouter,
  ) {
    this.delivery = new DeferredDelivery(router);
  }

  async start(): Promise<void> {
    this.unsubscribe ??= this.tracker.subscribe((event) => this.onPresence(event));
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.delivery.flush();
  }

  create(session: MatchSession, name?: string): Match {
    const uuid = name ? uuidv5(name, NAMESPACE_DNS) : uuidv4();
    const stream = relayedStream(uuid);
    const isNew = this.track(session, stream);
    const matchId = formatMatchId({ uuid, node: '' });
    if (!name) return { matchId, size: 1, self: self(session) };
    // A named match may already be running: the creator joins it and sees who is there.
    const all = this.tracker.listByStream(stream, false);
    const presences = all.filter((p) => !(isNew && p.id.sessionId === session.id)).map(userPresence);
    return { matchId, size: all.length, presences, self: self(session) };
  }

  join(session: MatchSession, target: MatchJoinTarget): Match {
    let matchId: string;
    // A matchmaker token names a relayed match that starts with its first joiner, as in Nakama.
    let allowEmpty = false;
    if (target.token !== undefined) {
      const fromToken = this.settings.tokens?.verify(target.token);
      if (fromToken === undefined) throw Errors.matchTokenInvalid();
      matchId = fromToken;
      allowEmpty = true;
    } else {
      if (target.matchId === undefined) throw Errors.matchIdOrTokenMissing();
      matchId = target.matchId;
    }
    const id = parseMatchId(matchId);
    if (!id) throw Errors.matchIdInvalid();
    // Authoritative matches arrive with the runtime; until then none exists.
    if (id.node !== '') throw Errors.matchNotFound();
    const stream = matchStream(id);
    if (!allowEmpty && this.tracker.listByStream(stream, true).length === 0) throw Errors.matchNotFound();
    const isNew = this.tracker.get(session.id, stream) === undefined;
    if (isNew) {
      this.track(session, stream);
      if (this.settings.singleMatch) this.leaveOthers(session.id, id.uuid);
    }
    const presences = this.tracker
      .listByStream(stream, false)
      .filter((p) => !(isNew && p.id.sessionId === session.id))
      .map(userPresence);
    // Nakama reports the size of this list (members other than a new joiner), not the member count.
    return { matchId, size: presences.length, presences, self: self(session) };
  }

  leave(session: MatchSession, matchId: string): void {
    const id = parseMatchId(matchId);
    if (!id) throw Errors.matchIdInvalid();
    this.tracker.untrack(session.id, matchStream(id));
  }

  sendData(session: MatchSession, data: MatchDataSend): void {
    const matchId = data.matchId ?? '';
    const id = parseMatchId(matchId);
    if (!id) throw Errors.matchIdInvalid();
    // The sender can only be a member of a relayed match until authoritative ones exist.
    if (id.node !== '') return;
    let only: Set<string> | undefined;
    if (data.presences && data.presences.length > 0) {
      only = new Set();
      for (const p of data.presences) {
        // One malformed target drops the whole message, as in Nakama.
        if (!isUuid(p.userId ?? '') || !isUuid(p.sessionId ?? '')) return;
        only.add(p.sessionId.toLowerCase());
      }
    }
    const members = this.tracker.listByStream(matchStream(id), true);
    if (!members.some((p) => p.id.sessionId === session.id)) return;
    // Without a filter everyone but the sender; with one, exactly the listed members (the sender too, if listed).
    const targets = members.filter((p) => (only ? only.has(p.id.sessionId) : p.id.sessionId !== session.id)).map((p) => p.id);
    this.delivery.send(targets, {
      case: 'match_data',
      payload: { matchId, presence: self(session), opCode: data.opCode ?? 0, data: data.data, reliable: data.reliable },
    });
  }

  list(filter: MatchListFilter): ApiMatch[] {
    if (!includesRelayed(filter)) return [];
    const out: ApiMatch[] = [];
    for (const uuid of this.relayed) {
      if (out.length >= filter.limit) break;
      const size = this.tracker.listByStream(relayedStream(uuid), true).length;
      if (!sizeAllowed(filter, size)) continue;
      out.push({ matchId: formatMatchId({ uuid, node: '' }), authoritative: false, size });
    }
    return out;
  }

  size(): number {
    return this.relayed.size;
  }

  private track(session: MatchSession, stream: PresenceStream): boolean {
    return this.tracker.track(session.id, stream, session.userId, { username: session.username, hidden: false, persistence: false, status: '' });
  }

  private leaveOthers(sessionId: string, keep: string): void {
    for (const uuid of [...(this.bySession.get(sessionId) ?? [])]) {
      if (uuid !== keep) this.tracker.untrack(sessionId, relayedStream(uuid));
    }
  }

  /** Keeps the match set in step with the tracker and tells every member (a joiner included) who came and went. */
  private onPresence(event: PresenceEvent): void {
    const { stream } = event;
    if (stream.mode !== StreamMode.MatchRelayed) return;
    const uuid = stream.subject;
    for (const p of event.joins) {
      let mine = this.bySession.get(p.id.sessionId);
      if (!mine) this.bySession.set(p.id.sessionId, (mine = new Set()));
      mine.add(uuid);
    }
    for (const p of event.leaves) {
      const mine = this.bySession.get(p.id.sessionId);
      mine?.delete(uuid);
      if (mine?.size === 0) this.bySession.delete(p.id.sessionId);
    }
    const members = this.tracker.listByStream(stream, true);
    if (members.length === 0) this.relayed.delete(uuid);
    else this.relayed.add(uuid);
    this.delivery.send(
      members.map((p) => p.id),
      {
        case: 'match_presence_event',
        payload: { matchId: formatMatchId({ uuid, node: stream.label }), joins: event.joins.map(userPresence), leaves: event.leaves.map(userPresence) },
      },
    );
  }
}
