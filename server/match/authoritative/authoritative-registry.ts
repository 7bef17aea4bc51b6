import { Errors, ErrorsWith } from '../../common/errors.js';
import { uuidv4 } from '../../common/ids.js';
import type { Service } from '../../common/lifecycle.js';
import type { Logger } from '../../common/logger.js';
import { DeferredDelivery } from '../../presence/deferred-delivery.js';
import type { MessageRouter } from '../../presence/message-router.js';
import { StreamMode, streamKey, type Presence, type PresenceStream } from '../../presence/stream.js';
import type { PresenceEvent, Tracker } from '../../presence/tracker.js';
import type { ApiMatch } from '../../protocol/api-match.js';
import type { Match, MatchDataSend } from '../../protocol/realtime-match.js';
import type { UserPresence } from '../../protocol/user-presence.js';
import { formatMatchId, matchStream, parseMatchId } from '../match-id.js';
import type { MatchListFilter } from '../match-listing.js';
import type { MatchSession } from '../match-registry.js';
import { AuthoritativeMatch, type MatchEnvironment } from './authoritative-match.js';
import { checkLabel, MatchDispatcher } from './match-dispatcher.js';
import type { MatchHandlerProvider, MatchPresence } from './match-handler.js';
import { MatchIndex } from './match-index.js';
import type { TickStatsSnapshot } from './tick-stats.js';

export interface AuthoritativeRegistrySettings {
  node: string;
  /** shutdown_grace_sec: how long stop() lets matches wind down after matchTerminate. */
  shutdownGraceSec: number;
  maxEmptySec: number;
  inputQueueSize: number;
  callQueueSize: number;
  /** session.single_match: joining a match of either kind leaves the session's other matches. */
  singleMatch: boolean;
  /** Whether a realtime session is still open here (a join that outlived its socket is undone). */
  isSessionLive(sessionId: string): boolean;
  /** Closes a realtime session; used when a handler fails, as Nakama does. */
  disconnect(sessionId: string): void;
  /** Runs before each matchLoop call (the simulation steps the match's worlds, batched across matches). */
  beforeLoop?(matchId: string): Promise<void>;
}

/** Nakama's runtime.PresenceReason values that matchLeave presences carry. */
export const PresenceReason = { Unknown: 0, Join: 1, Update: 2, Leave: 3, Disconnect: 4 } as const;

/** How long stop() waits for ended matches' handlers to be disposed. */
const STOP_DISPOSE_WAIT_MS = 5000;

/** How long a join waits for matchJoinAttempt before it counts as rejected (Nakama: 10 s). */
const JOIN_ATTEMPT_TIMEOUT_MS = 10_000;

export interface MatchStatsEntry extends TickStatsSnapshot {
  matchId: string;
  handlerName: string;
  tickRate: number;
  size: number;
  label: string;
}

export interface RegistryStats {
  matches: number;
  presences: number;
  created: number;
  ended: number;
  ticks: number;
  overruns: number;
}

function userPresence(p: MatchPresence): UserPresence {
  return { userId: p.userId, sessionId: p.sessionId, username: p.username };
}

function trackerPresence(p: Presence): UserPresence {
  return { userId: p.userId, sessionId: p.id.sessionId, username: p.meta.username };
}

/**
 * Authoritative matches hosted on this node: ids `<uuid>.<node>`, one handler each from the runtime's
 * MatchHandlerProvider. Members are tracker presences on the match's stream (mode 6), so leaving, kicks and
 * disconnects all arrive as tracker leaves; this registry turns those into matchLeave calls and
 * `match_presence_event` envelopes, as Nakama's tracker does for locally hosted matches.
 */
export class AuthoritativeMatchRegistry implements Service {
  readonly name = 'authoritative-matches';
  private readonly matches = new Map<string, AuthoritativeMatch>();
  private readonly index = new MatchIndex();
  private readonly delivery: DeferredDelivery;
  private readonly dispatcher: MatchDispatcher;
  private readonly env: MatchEnvironment;
  private provider: MatchHandlerProvider | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopping = false;
  private created = 0;
  private endedCount = 0;
  private endedTicks = 0;
  private endedOverruns = 0;
  private readonly endedListeners = new Set<(matchId: string) => void>();
  /** session.single_match only: the match streams of both kinds each session is on, by stream key. */
  private readonly matchStreamsBySession = new Map<string, Map<string, PresenceStream>>();

  constructor(
    private readonly settings: AuthoritativeRegistrySettings,
    private readonly tracker: Tracker,
    router: MessageRouter,
    private readonly logger: Logger,
    provider?: MatchHandlerProvider,
  ) {
    this.provider = provider;
    this.delivery = new DeferredDelivery(router);
    this.dispatcher = new MatchDispatcher(this.delivery, tracker);
    this.env = {
      logger,
      tracker,
      dispatcher: this.dispatcher,
      inputQueueSize: settings.inputQueueSize,
      callQueueSize: settings.callQueueSize,
      maxEmptySec: settings.maxEmptySec,
      onEnded: (m) => this.forget(m),
      onLabel: (m) => this.index.put(this.indexed(m)),
      disconnect: (id) => settings.disconnect(id),
      beforeLoop: settings.beforeLoop,
    };
  }

  /** Where match handlers come from; the runtime plugs itself in here once its modules are loaded. */
  setHandlerProvider(provider: MatchHandlerProvider | undefined): void {
    this.provider = provider;
  }

  /** Tells a listener each time a match ends (e.g. so the simulation service releases the match's worlds). */
  onMatchEnded(listener: (matchId: string) => void): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  async start(): Promise<void> {
    this.stopping = false;
    this.unsubscribe ??= this.tracker.subscribe((event) => this.onPresence(event));
  }

  /**
   * Nakama's graceful stop: matchTerminate on every match with shutdown_grace_sec, time for them to end on
   * their own, then the rest are ended. With no grace, matches end at once without matchTerminate.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    const grace = this.settings.shutdownGraceSec;
    const running = [...this.matches.values()];
    if (grace > 0 && running.length > 0) {
      for (const m of running) void m.terminate(grace);
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<void>((resolve) => (timer = setTimeout(resolve, grace * 1000)));
      await Promise.race([Promise.all(running.map((m) => m.ended)), expired]);
      clearTimeout(timer);
    }
    for (const m of [...this.matches.values()]) m.stop('shutdown');
    // A handler call that never returns must not hold the server up: wait a bounded time for disposal.
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), STOP_DISPOSE_WAIT_MS)));
    const done = await Promise.race([Promise.all(running.map((m) => m.ended)), bound]);
    clearTimeout(timer);
    if (done === 'timeout') this.logger.warn('match handlers still busy at shutdown; not waiting for them', { matches: running.length });
    this.delivery.flush();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** nk.matchCreate: starts a match of a registered handler and returns its id. */
  async createMatch(name: string, params: Record<string, unknown> = {}): Promise<string> {
    return this.startMatch(name, params).ready;
  }

  /**
   * Starts a match and gives its id at once; `ready` settles when matchInit has run (the id again, or why the
   * match did not start, which is also logged). The handler's worker is picked before this returns, so a
   * caller that must not wait on a busy worker (nk.matchCreate from a blocked one) can return the id alone.
   */
  startMatch(name: string, params: Record<string, unknown> = {}): { matchId: string; ready: Promise<string> } {
    if (this.stopping) throw Errors.matchRegistryStopped();
    const provider = this.provider;
    if (!provider?.has(name)) throw Errors.matchHandlerNotFound();
    const id = { uuid: uuidv4(), node: this.settings.node };
    const matchId = formatMatchId(id);
    const ready = this.initMatch(provider, id, matchId, name, params);
    ready.catch((err: unknown) => this.logger.warn('match did not start', { mid: matchId, handler: name, err }));
    return { matchId, ready };
  }

  private async initMatch(provider: MatchHandlerProvider, id: { uuid: string; node: string }, matchId: string, name: string, params: Record<string, unknown>): Promise<string> {
    const handler = await provider.create(name, matchId);
    let init: Awaited<ReturnType<typeof handler.init>>;
    try {
      init = await handler.init(params);
      if (!Number.isInteger(init.tickRate) || init.tickRate < 1 || init.tickRate > 60) throw Errors.matchTickRateInvalid();
      checkLabel(init.label);
      // The server may have begun stopping while matchInit ran; a match started now would outlive stop().
      if (this.stopping) throw Errors.matchRegistryStopped();
    } catch (err) {
      await handler.dispose().catch((e: unknown) => this.logger.warn('match handler dispose failed', { mid: matchId, err: e }));
      throw err;
    }
    const match = new AuthoritativeMatch(id, name, handler, init.tickRate, init.label, this.settings.node, this.env);
    this.matches.set(id.uuid, match);
    this.index.put(this.indexed(match));
    this.created++;
    this.logger.info('match started', { mid: matchId, handler: name, tickRate: init.tickRate });
    match.start(init.actions);
    return matchId;
  }

  /** A running match as ListMatches shows it, or undefined. */
  get(matchId: string): ApiMatch | undefined {
    const m = this.find(matchId);
    if (!m) return undefined;
    return { matchId: m.matchId, authoritative: true, label: m.label, size: m.size, tickRate: m.tickRate, handlerName: m.handlerName };
  }

  /** Whether an id names an authoritative match (has a node part), running or not. */
  isAuthoritativeId(matchId: string): boolean {
    const id = parseMatchId(matchId);
    return id !== undefined && id.node !== '';
  }

  list(filter: MatchListFilter): ApiMatch[] {
    return this.index.list(filter);
  }

  /** nk.matchSignal: the handler's answer; "match is busy" when it ended the match instead. */
  async signal(matchId: string, data: string): Promise<string> {
    const id = parseMatchId(matchId);
    if (!id) throw Errors.matchIdInvalid();
    const m = this.find(matchId);
    if (!m) throw Errors.matchNotFound();
    const result = await m.signal(data);
    if (result === undefined) throw Errors.matchBusy();
    return result;
  }

  /** Ends one match: matchTerminate with no grace, then it stops. */
  async terminate(matchId: string): Promise<void> {
    const m = this.find(matchId);
    if (!m) throw Errors.matchNotFound();
    await m.terminate(0);
    m.stop('terminated');
    await m.ended;
  }

  /** match_join for an authoritative id: matchJoinAttempt with the metadata, then membership and matchJoin. */
  async join(session: MatchSession, matchId: string, metadata: Record<string, string> = {}): Promise<Match> {
    const m = this.find(matchId);
    if (!m) throw Errors.matchNotFound();
    const presence: MatchPresence = { userId: session.userId, sessionId: session.id, username: session.username, node: session.node };
    const self = userPresence(presence);
    if (m.presences.has(session.id)) {
      // Already a member: the match as it is, without asking the handler again.
      const presences = [...m.presences.values()].map(userPresence);
      return { matchId: m.matchId, authoritative: true, label: m.label, size: presences.length, presences, self };
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), JOIN_ATTEMPT_TIMEOUT_MS)));
    const result = await Promise.race([m.joinAttempt(presence, metadata), timeout]);
    clearTimeout(timer);
    if (!result || !result.accept || m.isStopped) throw ErrorsWith.matchJoinRejected(result?.rejectMessage);
    if (!this.settings.isSessionLive(session.id)) {
      // The socket closed while the handler decided: the join is undone with a leave, never tracked.
      m.join([presence]);
      m.leave([presence]);
      throw Errors.matchNotFound();
    }
    const others = [...m.presences.values()].filter((p) => p.sessionId !== session.id).map(userPresence);
    m.join([presence]);
    this.tracker.track(session.id, m.stream, session.userId, { username: session.username, hidden: false, persistence: false, status: '' });
    this.leaveOtherMatches(session.id, m.matchId);
    return { matchId: m.matchId, authoritative: true, label: m.label, size: others.length, presences: others, self };
  }

  leave(session: MatchSession, matchId: string): void {
    const id = parseMatchId(matchId);
    if (!id) throw Errors.matchIdInvalid();
    const m = this.matches.get(id.uuid);
    if (m && id.node === this.settings.node) this.tracker.untrack(session.id, m.stream);
  }

  /** match_data_send to an authoritative match: queued for the next tick when the sender is a member. */
  sendData(session: MatchSession, data: MatchDataSend): void {
    const m = this.find(data.matchId ?? '');
    if (!m) return;
    const sender = m.presences.get(session.id);
    if (!sender) return;
    m.queueData({ sender, opCode: data.opCode ?? 0, data: data.data ?? new Uint8Array(0), reliable: data.reliable ?? false, receiveTimeMs: Date.now() });
  }

  /**
   * session.single_match, as Nakama's UntrackLocalByModes after a new join: the session leaves every other
   * match it is in, relayed or authoritative. The socket handler calls it after a new relayed join; creating
   * a match does not count (Nakama).
   */
  leaveOtherMatches(sessionId: string, keepMatchId: string): void {
    if (!this.settings.singleMatch) return;
    const keep = parseMatchId(keepMatchId);
    const keepKey = keep ? streamKey(matchStream(keep)) : undefined;
    for (const [key, stream] of [...(this.matchStreamsBySession.get(sessionId) ?? [])]) {
      if (key !== keepKey) this.tracker.untrack(sessionId, stream);
    }
  }

  /** Whether a session is already on a match's stream (of either kind); a join that changes nothing leaves nothing. */
  isOnMatch(sessionId: string, matchId: string): boolean {
    const id = parseMatchId(matchId);
    return id !== undefined && this.tracker.get(sessionId, matchStream(id)) !== undefined;
  }

  /** Number of running authoritative matches. */
  size(): number {
    return this.matches.size;
  }

  /** Per-match tick figures, for the console and benchmarks. */
  matchStats(): MatchStatsEntry[] {
    return [...this.matches.values()].map((m) => ({ matchId: m.matchId, handlerName: m.handlerName, tickRate: m.tickRate, size: m.size, label: m.label, ...m.statsSnapshot() }));
  }

  /** Recent tick durations and start lateness of every running match (up to 256 each), for percentiles. */
  tickSamples(): { durations: number[]; lateness: number[] } {
    const durations: number[] = [];
    const lateness: number[] = [];
    for (const m of this.matches.values()) {
      for (const v of m.stats.samples()) durations.push(v);
      for (const v of m.stats.latenessSamples()) lateness.push(v);
    }
    return { durations, lateness };
  }

  /** Starts a new window for tickSamples() and the per-match percentiles. */
  clearTickSamples(): void {
    for (const m of this.matches.values()) m.stats.clearSamples();
  }

  /** Registry-wide counts; ticks and overruns include matches that have ended. */
  stats(): RegistryStats {
    let presences = 0;
    let ticks = this.endedTicks;
    let overruns = this.endedOverruns;
    for (const m of this.matches.values()) {
      presences += m.size;
      ticks += m.stats.ticks;
      overruns += m.stats.overruns;
    }
    return { matches: this.matches.size, presences, created: this.created, ended: this.endedCount, ticks, overruns };
  }

  private find(matchId: string): AuthoritativeMatch | undefined {
    const id = parseMatchId(matchId);
    if (!id || id.node !== this.settings.node) return undefined;
    return this.matches.get(id.uuid);
  }

  private indexed(m: AuthoritativeMatch) {
    return { matchId: m.matchId, label: m.label, tickRate: m.tickRate, handlerName: m.handlerName, node: m.node, createTime: m.createTime, size: () => m.size };
  }

  private forget(m: AuthoritativeMatch): void {
    if (this.matches.get(m.id.uuid) !== m) return;
    this.matches.delete(m.id.uuid);
    this.index.remove(m.matchId);
    this.endedCount++;
    this.endedTicks += m.stats.ticks;
    this.endedOverruns += m.stats.overruns;
    for (const listener of this.endedListeners) {
      try {
        listener(m.matchId);
      } catch (err) {
        this.logger.warn('match ended listener failed', { mid: m.matchId, err });
      }
    }
  }

  /** Keeps the match streams of each local session current, for session.single_match. */
  private recordMatchStreams(event: PresenceEvent): void {
    const key = streamKey(event.stream);
    for (const p of event.leaves) {
      const mine = this.matchStreamsBySession.get(p.id.sessionId);
      mine?.delete(key);
      if (mine?.size === 0) this.matchStreamsBySession.delete(p.id.sessionId);
    }
    for (const p of event.joins) {
      if (p.id.node !== this.settings.node) continue;
      let mine = this.matchStreamsBySession.get(p.id.sessionId);
      if (!mine) this.matchStreamsBySession.set(p.id.sessionId, (mine = new Map()));
      mine.set(key, event.stream);
    }
  }

  /**
   * Tracker changes on streams of matches hosted here: leaves become matchLeave calls, and every member
   * (a joiner included) gets a `match_presence_event`. Streams of ended matches are ignored.
   */
  private onPresence(event: PresenceEvent): void {
    const { stream } = event;
    if (this.settings.singleMatch && (stream.mode === StreamMode.MatchRelayed || stream.mode === StreamMode.MatchAuthoritative)) this.recordMatchStreams(event);
    if (stream.mode !== StreamMode.MatchAuthoritative || stream.label !== this.settings.node) return;
    const m = this.matches.get(stream.subject);
    if (!m) return;
    if (event.leaves.length > 0) {
      // The realtime server forgets a closing session before untracking it, which tells a disconnect from a leave.
      const reason = (p: Presence) => (p.id.node === this.settings.node && !this.settings.isSessionLive(p.id.sessionId) ? PresenceReason.Disconnect : PresenceReason.Leave);
      m.leave(event.leaves.map((p) => ({ userId: p.userId, sessionId: p.id.sessionId, username: p.meta.username, node: p.id.node, reason: reason(p) })));
    }
    const members = this.tracker.listByStream(stream, true);
    this.delivery.send(
      members.map((p) => p.id),
      { case: 'match_presence_event', payload: { matchId: m.matchId, joins: event.joins.map(trackerPresence), leaves: event.leaves.map(trackerPresence) } },
    );
  }
}
