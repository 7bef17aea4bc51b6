import { uuidv4 } from '../common/ids.js';
import type { Service } from '../common/lifecycle.js';
import { DeferredDelivery } from '../presence/deferred-delivery.js';
import type { MessageRouter } from '../presence/message-router.js';
import { StreamMode, type Presence, type PresenceId } from '../presence/stream.js';
import type { PresenceEvent, Tracker } from '../presence/tracker.js';
import type { ApiParty } from '../protocol/api-party.js';
import type { Party } from '../protocol/realtime-party.js';
import type { UserPresence } from '../protocol/user-presence.js';
import { PartyErrors } from './party-errors.js';
import { formatPartyId, partyStream, type PartyId } from './party-id.js';
import { checkPartyLabel } from './party-label.js';
import { nextPartyCursor, type PartyListFilter } from './party-listing.js';

/** The caller of a party operation: one realtime session on one node. */
export interface PartySession {
  id: string;
  userId: string;
  username: string;
  node: string;
}

export interface PartySettings {
  open: boolean;
  hidden: boolean;
  maxSize: number;
  label: string;
}

/**
 * The party registry's contract. Operations throw PartyError with Nakama's reasons; transports add the
 * operation's prefix. A clustered registry will implement the same interface and route by the id's node.
 */
export interface PartyRegistry {
  create(session: PartySession, settings: PartySettings): Party;
  /** Open parties take the caller in at once; closed ones file a join request the leader is told of. */
  join(session: PartySession, id: PartyId): void;
  leave(session: PartySession, id: PartyId): void;
  promote(session: PartySession, id: PartyId, target: UserPresence): void;
  accept(session: PartySession, id: PartyId, target: UserPresence): void;
  /** Kicks a member, or rejects a join request. */
  remove(session: PartySession, id: PartyId, target: UserPresence): void;
  close(session: PartySession, id: PartyId): void;
  joinRequests(session: PartySession, id: PartyId): UserPresence[];
  sendData(session: PartySession, id: PartyId, opCode: number, data: Uint8Array | undefined): void;
  update(session: PartySession, id: PartyId, settings: Omit<PartySettings, 'maxSize'>): void;
  list(filter: PartyListFilter): { parties: ApiParty[]; cursor?: string };
  /** Number of parties hosted here. */
  size(): number;
  /** The members that go into a party matchmaker ticket, oldest first; only the leader may ask. */
  matchmakerMembers(session: PartySession, id: PartyId): PartyMember[];
  /**
   * Calls `listener` with the party id whenever a party's membership changes or it closes, so the
   * matchmaker can drop the party's tickets, as Nakama does. Returns the unsubscribe function.
   */
  onMembershipChange(listener: (partyId: string) => void): () => void;
}

/** A member as the matchmaker needs it: who, and which node holds the session. */
export interface PartyMember {
  presence: UserPresence;
  node: string;
}

export interface PartyRegistryOptions {
  /** This node's name: every party created here carries it in its id. */
  node: string;
  /** session.single_party: joining a party (create, open join, accepted request) leaves the session's others. */
  singleParty: boolean;
  /** Whether a session is still connected, so join requests of closed sockets can be dropped. */
  isSessionLive(sessionId: string): boolean;
}

interface Member {
  id: PresenceId;
  presence: UserPresence;
}

interface PartyState {
  id: PartyId;
  idText: string;
  open: boolean;
  hidden: boolean;
  maxSize: number;
  /** The label as listings show it ("{}" when none was given). */
  label: string;
  leader: Member;
  joinRequests: Member[];
  /** The creator's session until its own join event: it already has the `party` reply. */
  creatorPending?: string;
}

function userPresence(p: Presence): UserPresence {
  return { userId: p.userId, sessionId: p.id.sessionId, username: p.meta.username };
}

function sameUser(a: UserPresence, b: UserPresence): boolean {
  return a.sessionId === b.sessionId && a.userId === b.userId && a.username === b.username;
}

/**
 * Parties hosted on this node. Members are presences on the tracker (mode Party, subject = party uuid,
 * label = node), so a socket that closes leaves its parties through the tracker's untrackAll; the registry
 * keeps only what the tracker cannot: leader, settings and join requests, and reacts to presence events.
 */
export class LocalPartyRegistry implements PartyRegistry, Service {
  readonly name = 'parties';
  /** Parties by uuid, in creation order (the listing order). */
  private readonly parties = new Map<string, PartyState>();
  /** Session id -> party uuids it is a member of, for session.single_party. */
  private readonly bySession = new Map<string, Set<string>>();
  private readonly delivery: DeferredDelivery;
  private readonly membershipListeners = new Set<(partyId: string) => void>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly options: PartyRegistryOptions,
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

  create(session: PartySession, settings: PartySettings): Party {
    const label = checkPartyLabel(settings.label);
    const id: PartyId = { uuid: uuidv4(), node: this.options.node };
    const self: UserPresence = { userId: session.userId, sessionId: session.id, username: session.username };
    this.parties.set(id.uuid, {
      id,
      idText: formatPartyId(id),
      open: settings.open,
      hidden: settings.hidden,
      maxSize: settings.maxSize,
      label,
      leader: { id: { node: session.node, sessionId: session.id }, presence: self },
      joinRequests: [],
      creatorPending: session.id,
    });
    this.track(session.id, id, self);
    return {
      partyId: formatPartyId(id),
      open: settings.open,
      hidden: settings.hidden,
      maxSize: settings.maxSize,
      self,
      leader: self,
      presences: [self],
      label: settings.label,
    };
  }

  join(session: PartySession, id: PartyId): void {
    const party = this.find(id);
    const members = this.members(party);
    if (members.length >= party.maxSize) throw PartyErrors.full();
    const self: UserPresence = { userId: session.userId, sessionId: session.id, username: session.username };
    if (party.open) {
      this.track(session.id, id, self);
      return;
    }
    this.pruneRequests(party);
    if (party.joinRequests.length >= party.maxSize) throw PartyErrors.joinRequestsFull();
    if (party.joinRequests.some((r) => r.presence.userId === session.userId)) throw PartyErrors.joinRequestDuplicate();
    if (members.some((m) => m.userId === session.userId)) throw PartyErrors.joinRequestAlreadyMember();
    party.joinRequests.push({ id: { node: session.node, sessionId: session.id }, presence: self });
    this.delivery.send([party.leader.id], { case: 'party_join_request', payload: { partyId: party.idText, presences: [self] } });
  }

  leave(session: PartySession, id: PartyId): void {
    this.tracker.untrack(session.id, partyStream(id));
  }

  promote(session: PartySession, id: PartyId, target: UserPresence): void {
    const party = this.findAsLeader(session, id);
    const member = this.members(party).find((p) => sameUser(userPresence(p), target));
    if (!member) throw PartyErrors.notMember();
    party.leader = { id: member.id, presence: userPresence(member) };
    this.sendToMembers(party, { case: 'party_leader', payload: { partyId: party.idText, presence: party.leader.presence } });
  }

  accept(session: PartySession, id: PartyId, target: UserPresence): void {
    const party = this.findAsLeader(session, id);
    if (this.members(party).length >= party.maxSize) throw PartyErrors.full();
    this.pruneRequests(party);
    const index = party.joinRequests.findIndex((r) => sameUser(r.presence, target));
    if (index < 0) throw PartyErrors.notRequest();
    const [request] = party.joinRequests.splice(index, 1);
    if (!this.options.isSessionLive(request!.id.sessionId)) throw PartyErrors.acceptRequest();
    // Tracking raises the join event, which sends the newcomer its `party` and tells everyone.
    this.track(request!.id.sessionId, id, request!.presence);
  }

  remove(session: PartySession, id: PartyId, target: UserPresence): void {
    const party = this.findAsLeader(session, id);
    if (sameUser(party.leader.presence, target)) throw PartyErrors.removeSelf();
    const member = this.members(party).find((p) => sameUser(userPresence(p), target));
    if (!member) {
      const index = party.joinRequests.findIndex((r) => sameUser(r.presence, target));
      if (index < 0) throw PartyErrors.notMember();
      // A rejected request was never on the stream: dropping it is all there is to do.
      party.joinRequests.splice(index, 1);
      return;
    }
    this.tracker.untrack(member.id.sessionId, partyStream(id));
    this.delivery.send([member.id], { case: 'party_close', payload: { partyId: party.idText } });
  }

  close(session: PartySession, id: PartyId): void {
    const party = this.findAsLeader(session, id);
    const members = this.members(party);
    // Forgotten first, so the leaves below raise no leader changes or presence events.
    this.parties.delete(id.uuid);
    this.delivery.send(
      members.map((p) => p.id),
      { case: 'party_close', payload: { partyId: party.idText } },
    );
    for (const p of members) this.tracker.untrack(p.id.sessionId, partyStream(id));
    this.membershipChanged(party.idText);
  }

  joinRequests(session: PartySession, id: PartyId): UserPresence[] {
    const party = this.findAsLeader(session, id);
    this.pruneRequests(party);
    return party.joinRequests.map((r) => r.presence);
  }

  sendData(session: PartySession, id: PartyId, opCode: number, data: Uint8Array | undefined): void {
    const party = this.find(id);
    const members = this.members(party);
    const sender = members.find((p) => p.id.sessionId === session.id && p.id.node === session.node);
    if (!sender) throw PartyErrors.notMember();
    this.delivery.send(
      members.filter((p) => p !== sender).map((p) => p.id),
      { case: 'party_data', payload: { partyId: party.idText, presence: userPresence(sender), opCode, data } },
    );
  }

  update(session: PartySession, id: PartyId, settings: Omit<PartySettings, 'maxSize'>): void {
    if (settings.hidden && settings.label !== '' && settings.label !== '{}') throw PartyErrors.hiddenWithLabel();
    const party = this.findAsLeader(session, id);
    party.label = checkPartyLabel(settings.label);
    party.open = settings.open;
    party.hidden = settings.hidden;
    this.sendToMembers(party, {
      case: 'party_update',
      payload: { partyId: party.idText, label: settings.label, open: settings.open, hidden: settings.hidden },
    });
  }

  list(filter: PartyListFilter): { parties: ApiParty[]; cursor?: string } {
    const page: ApiParty[] = [];
    let skipped = 0;
    for (const party of this.parties.values()) {
      if (party.hidden || (filter.open !== undefined && party.open !== filter.open)) continue;
      if (skipped < filter.offset) {
        skipped++;
        continue;
      }
      if (page.length === filter.limit) return { parties: page, cursor: nextPartyCursor(filter) };
      page.push({ partyId: party.idText, open: party.open, hidden: party.hidden, maxSize: party.maxSize, label: party.label });
    }
    return { parties: page };
  }

  size(): number {
    return this.parties.size;
  }

  matchmakerMembers(session: PartySession, id: PartyId): PartyMember[] {
    const party = this.findAsLeader(session, id);
    return this.members(party).map((p) => ({ presence: userPresence(p), node: p.id.node }));
  }

  onMembershipChange(listener: (partyId: string) => void): () => void {
    this.membershipListeners.add(listener);
    return () => this.membershipListeners.delete(listener);
  }

  private membershipChanged(partyId: string): void {
    for (const listener of this.membershipListeners) listener(partyId);
  }

  private find(id: PartyId): PartyState {
    const party = id.node === this.options.node ? this.parties.get(id.uuid) : undefined;
    if (!party) throw PartyErrors.notFound();
    return party;
  }

  private findAsLeader(session: PartySession, id: PartyId): PartyState {
    const party = this.find(id);
    if (party.leader.id.sessionId !== session.id || party.leader.id.node !== session.node) throw PartyErrors.notLeader();
    return party;
  }

  private members(party: PartyState): Presence[] {
    return this.tracker.listByStream(partyStream(party.id), true);
  }

  private track(sessionId: string, id: PartyId, who: UserPresence): void {
    const isNew = this.tracker.track(sessionId, partyStream(id), who.userId, { username: who.username, hidden: false, persistence: false, status: '' });
    if (isNew && this.options.singleParty) {
      for (const uuid of [...(this.bySession.get(sessionId) ?? [])]) {
        if (uuid !== id.uuid) this.tracker.untrack(sessionId, partyStream({ uuid, node: this.options.node }));
      }
    }
  }

  /** Join requests from sockets that have closed can never be accepted; they are dropped. */
  private pruneRequests(party: PartyState): void {
    party.joinRequests = party.joinRequests.filter((r) => this.options.isSessionLive(r.id.sessionId));
  }

  private sendToMembers(party: PartyState, envelope: { case: string; payload: Record<string, unknown> }): void {
    this.delivery.send(
      this.members(party).map((p) => p.id),
      envelope,
    );
  }

  /**
   * Newcomers get the party as it is now; a departing leader hands over to the oldest remaining member,
   * and the last one out ends the party. Every member then hears who came and went.
   */
  private onPresence(event: PresenceEvent): void {
    const { stream } = event;
    if (stream.mode !== StreamMode.Party || stream.label !== this.options.node) return;
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
    const party = this.parties.get(uuid);
    if (!party) return;
    this.membershipChanged(party.idText);
    const members = this.members(party);
    if (members.length === 0) {
      this.parties.delete(uuid);
      return;
    }
    const presences = members.map(userPresence);
    for (const p of event.joins) {
      if (party.creatorPending === p.id.sessionId) {
        party.creatorPending = undefined;
        continue;
      }
      this.delivery.send([p.id], {
        case: 'party',
        payload: { partyId: party.idText, open: party.open, maxSize: party.maxSize, self: userPresence(p), leader: party.leader.presence, presences },
      });
    }
    if (event.leaves.some((p) => p.id.sessionId === party.leader.id.sessionId && p.id.node === party.leader.id.node)) {
      const oldest = members[0]!;
      party.leader = { id: oldest.id, presence: userPresence(oldest) };
      this.sendToMembers(party, { case: 'party_leader', payload: { partyId: party.idText, presence: party.leader.presence } });
    }
    this.delivery.send(
      members.map((p) => p.id),
      { case: 'party_presence_event', payload: { partyId: party.idText, joins: event.joins.map(userPresence), leaves: event.leaves.map(userPresence) } },
    );
  }
}
