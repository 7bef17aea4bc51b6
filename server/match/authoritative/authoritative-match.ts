import { performance } from 'node:perf_hooks';
import type { Logger } from '../../common/logger.js';
import type { PresenceId, PresenceStream } from '../../presence/stream.js';
import type { Tracker } from '../../presence/tracker.js';
import { formatMatchId, matchStream, type MatchId } from '../match-id.js';
import type { DispatchAction, MatchHandler, MatchMessageIn, MatchPresence, MatchStep } from './match-handler.js';
import type { MatchDispatcher, Outgoing } from './match-dispatcher.js';
import { TickStats, tickDeadline, type TickStatsSnapshot } from './tick-stats.js';

/** What a match needs from its registry and the server around it. */
export interface MatchEnvironment {
  logger: Logger;
  tracker: Tracker;
  dispatcher: MatchDispatcher;
  /** match.input_queue_size, match.call_queue_size, match.max_empty_sec. */
  inputQueueSize: number;
  callQueueSize: number;
  maxEmptySec: number;
  /** Called once, when the match has ended, so the registry forgets it. */
  onEnded(match: AuthoritativeMatch): void;
  onLabel(match: AuthoritativeMatch): void;
  /** Closes a member's socket; Nakama does this when a handler fails. */
  disconnect(sessionId: string): void;
  /** Runs before each matchLoop call; the simulation steps the match's physics worlds here. */
  beforeLoop?(matchId: string): Promise<void>;
}

export type EndReason = 'handler' | 'error' | 'empty' | 'terminated' | 'shutdown' | 'overloaded';

const OVERRUN_LOG_INTERVAL_MS = 1000;

/**
 * One running authoritative match: its handler, members, input queue and tick loop. Every handler call
 * (ticks included) goes through one queue, so no two calls for the same match ever run at once. Ticks are
 * scheduled against deadlines counted from the loop's start, so timer lateness does not drift the rate.
 */
export class AuthoritativeMatch {
  readonly matchId: string;
  readonly stream: PresenceStream;
  readonly createTime = Date.now();
  /** Members by session id, in join order: what the handler has been told joined and not yet left. */
  readonly presences = new Map<string, MatchPresence>();
  readonly stats = new TickStats();
  tick = 0;
  label: string;
  private inputs: MatchMessageIn[] = [];
  private memberIdCache: PresenceId[] | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private queued = 0;
  private timer: NodeJS.Timeout | undefined;
  private startMs = 0;
  private emptyTicks = 0;
  private lastOverrunLog = -Infinity;
  private overrunsLogged = 0;
  private stopped = false;
  private endedResolve!: () => void;
  /** Resolves once the match has ended and its handler has been disposed. */
  readonly ended: Promise<void>;

  constructor(
    readonly id: MatchId,
    readonly handlerName: string,
    private readonly handler: MatchHandler,
    readonly tickRate: number,
    label: string,
    readonly node: string,
    private readonly env: MatchEnvironment,
  ) {
    this.matchId = formatMatchId(id);
    this.stream = matchStream(id);
    this.label = label;
    this.ended = new Promise((resolve) => (this.endedResolve = resolve));
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  get size(): number {
    return this.presences.size;
  }

  memberIds(): readonly PresenceId[] {
    this.memberIdCache ??= [...this.presences.values()].map((p) => ({ node: p.node, sessionId: p.sessionId }));
    return this.memberIdCache;
  }

  setLabel(label: string): void {
    this.label = label;
    this.env.onLabel(this);
  }

  statsSnapshot(): TickStatsSnapshot {
    return this.stats.snapshot();
  }

  /** Applies matchInit's dispatcher calls and starts ticking; a bad one ends the match and fails matchCreate. */
  start(initActions: readonly DispatchAction[]): void {
    try {
      this.flushActions(initActions);
    } catch (err) {
      this.end('error', 'matchInit dispatcher call failed');
      throw err;
    }
    this.startMs = performance.now();
    this.schedule();
  }

  /** Queues match data for the next tick; a full queue drops it, as Nakama does. */
  queueData(message: MatchMessageIn): void {
    if (this.stopped) return;
    if (this.inputs.length >= this.env.inputQueueSize) {
      this.env.logger.warn('match data processing too slow, dropping data message', { mid: this.matchId });
      return;
    }
    this.inputs.push(message);
  }

  joinAttempt(presence: MatchPresence, metadata: Record<string, string>): Promise<{ accept: boolean; rejectMessage?: string } | undefined> {
    // A burst of joins is refused rather than ending the match (Nakama's separate join attempt queue).
    if (this.queueFull()) return Promise.resolve({ accept: false, rejectMessage: 'Match is not currently accepting join requests' });
    return this.call('matchJoinAttempt', async () => {
      const r = await this.handler.joinAttempt(this.tick, presence, metadata);
      this.flushActions(r.actions);
      return { accept: r.accept, rejectMessage: r.rejectMessage };
    });
  }

  /** Adds accepted presences to the member list at once and tells the handler in its next call. */
  join(presences: MatchPresence[]): void {
    const fresh = presences.filter((p) => !this.presences.has(p.sessionId));
    if (fresh.length === 0) return;
    for (const p of fresh) this.presences.set(p.sessionId, p);
    this.memberIdCache = undefined;
    void this.call('matchJoin', async () => this.step(await this.handler.join(this.tick, fresh), 'matchJoin'));
  }

  /** Drops members that left (left the stream, disconnected, were kicked) and tells the handler. */
  leave(presences: MatchPresence[]): void {
    const gone = presences.filter((p) => this.presences.delete(p.sessionId));
    if (gone.length === 0) return;
    this.memberIdCache = undefined;
    void this.call('matchLeave', async () => this.step(await this.handler.leave(this.tick, gone), 'matchLeave'));
  }

  signal(data: string): Promise<string | undefined> {
    // A full queue answers "match is busy" and leaves the match running (Nakama's signal queue).
    if (this.queueFull()) return Promise.resolve(undefined);
    return this.call('matchSignal', async () => {
      const r = await this.handler.signal(this.tick, data);
      this.flushActions(r.actions);
      if (!r.continue) {
        this.end('handler', 'matchSignal returned no state');
        return undefined;
      }
      return r.result;
    });
  }

  /** matchTerminate: the handler may end the match at once or within the grace period; 0 ends it after the call. */
  terminate(graceSeconds: number): Promise<void> {
    return this.call('matchTerminate', async () => {
      this.step(await this.handler.terminate(this.tick, graceSeconds), 'matchTerminate');
      if (graceSeconds === 0) this.end('terminated');
    }).then(() => undefined);
  }

  /** Ends the match now, whatever it is doing; queued calls are dropped. */
  stop(reason: EndReason): void {
    this.end(reason);
  }

  private queueFull(): boolean {
    return this.queued >= this.env.callQueueSize;
  }

  /** Runs fn after every call queued before it; errors end the match. Undefined when the match has stopped. */
  private call<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    if (this.stopped) return Promise.resolve(undefined);
    if (this.queueFull()) {
      this.env.logger.warn('match handler call processing too slow, closing match', { mid: this.matchId, call: what });
      this.end('overloaded', undefined, true);
      return Promise.resolve(undefined);
    }
    this.queued++;
    const run = async (): Promise<T | undefined> => {
      this.queued--;
      if (this.stopped) return undefined;
      try {
        return await fn();
      } catch (err) {
        this.fail(what, err);
        return undefined;
      }
    };
    const result = this.chain.then(run);
    this.chain = result;
    return result;
  }

  /** A step's dispatcher calls, then the deferred broadcasts; false from the handler ends the match. */
  private step(step: MatchStep, what: string): void {
    this.flushActions(step.actions);
    if (!step.continue) this.end('handler', `${what} returned no state`);
  }

  private flushActions(actions: readonly DispatchAction[]): void {
    if (actions.length === 0) return;
    const deferred: Outgoing[] = [];
    try {
      this.env.dispatcher.apply(this, actions, deferred);
    } finally {
      // Deferred broadcasts go out at the end of the call, even one that ends the match, as Nakama's Stop does.
      this.env.dispatcher.send(deferred);
    }
  }

  private fail(what: string, err: unknown): void {
    this.env.logger.warn(`stopping match after error from ${what} execution`, { mid: this.matchId, tick: this.tick, err });
    this.end('error', undefined, true);
  }

  private schedule(): void {
    if (this.stopped) return;
    const due = tickDeadline(this.startMs, this.tickRate, this.tick);
    this.timer = setTimeout(() => this.runTick(due), Math.max(0, due - performance.now()));
  }

  private runTick(due: number): void {
    this.timer = undefined;
    void this.call('matchLoop', async () => {
      const started = performance.now();
      const messages = this.inputs;
      this.inputs = [];
      await this.env.beforeLoop?.(this.matchId);
      const step = await this.handler.loop(this.tick, messages);
      this.step(step, 'matchLoop');
      const finished = performance.now();
      this.stats.record(finished - started, started - due);
      if (this.stopped) return;
      this.tick++;
      if (this.checkEmpty()) return;
      const next = tickDeadline(this.startMs, this.tickRate, this.tick);
      if (finished > next) this.overrun(finished - next);
      this.schedule();
    });
  }

  /** Counted always; logged at most once a second per match, with how many happened since the last line. */
  private overrun(lateMs: number): void {
    this.stats.overrun();
    const now = performance.now();
    if (now - this.lastOverrunLog < OVERRUN_LOG_INTERVAL_MS) return;
    this.env.logger.warn('match tick overran its interval', {
      mid: this.matchId,
      tick: this.tick,
      lateMs: Math.round(lateMs * 100) / 100,
      overrunsSinceLastLog: this.stats.overruns - this.overrunsLogged,
      overruns: this.stats.overruns,
    });
    this.lastOverrunLog = now;
    this.overrunsLogged = this.stats.overruns;
  }

  private checkEmpty(): boolean {
    if (this.env.maxEmptySec <= 0) return false;
    if (this.presences.size > 0) {
      this.emptyTicks = 0;
      return false;
    }
    this.emptyTicks++;
    if (this.emptyTicks < this.tickRate * this.env.maxEmptySec) return false;
    this.env.logger.info('stopping idle empty match', { mid: this.matchId, tick: this.tick, emptyTicks: this.emptyTicks });
    this.end('empty');
    return true;
  }

  private end(reason: EndReason, detail?: string, disconnect = false): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.inputs = [];
    const members = [...this.presences.values()];
    this.presences.clear();
    this.memberIdCache = undefined;
    // The registry forgets the match first, so the untracks below announce nothing (Nakama's UntrackByStream).
    this.env.onEnded(this);
    for (const p of this.env.tracker.listByStream(this.stream, true)) this.env.tracker.untrack(p.id.sessionId, this.stream);
    if (disconnect) for (const p of members) if (p.node === this.node) this.env.disconnect(p.sessionId);
    this.env.logger.info('match stopped', { mid: this.matchId, reason, detail, tick: this.tick });
    const disposed = this.chain.then(() => this.handler.dispose());
    this.chain = disposed;
    disposed.catch((err: unknown) => this.env.logger.warn('match handler dispose failed', { mid: this.matchId, err })).finally(() => this.endedResolve());
  }
}
