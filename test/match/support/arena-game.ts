import type { DispatchAction, MatchHandler, MatchHandlerProvider, MatchMessageIn, MatchPresence, MatchStep } from '../../../server/match/authoritative/match-handler.js';

/**
 * A small real game for the match tests, written against the same MatchHandler interface the runtime
 * implements with module code. Op codes a client may send:
 *   1 echo: broadcast the data back to every member, with the sender as presence
 *   2 deferred echo: the same, sent at the end of the tick; an immediate op 3 "first" goes before it
 *   4 target: sends "for you" (op 4) only to the presence whose session id is the data
 *   5 label: sets the label to the data
 *   6 kick me: the sender is kicked
 *   7 throw: the handler throws in matchLoop
 *   9 end: matchLoop returns no state, ending the match
 * Server to client: 10 welcome (to a joiner), 11 tick number (every tick when `announceTicks`),
 * 99 terminate notice with the grace seconds.
 */
export const Op = { Echo: 1, Deferred: 2, First: 3, Target: 4, Label: 5, KickMe: 6, Throw: 7, End: 9, Welcome: 10, Tick: 11, Terminate: 99 } as const;

export interface ArenaParams {
  tickRate?: number;
  mode?: string;
  skill?: number;
  maxPlayers?: number;
  announceTicks?: boolean;
  /** End the match on the first tick after matchTerminate instead of waiting out the grace period. */
  endOnTerminate?: boolean;
  /** Milliseconds each matchLoop call takes (busy time, to provoke overruns). */
  loopBusyMs?: number;
  /** Milliseconds each matchLoop call waits (without blocking the server), so other calls queue behind it. */
  loopDelayMs?: number;
  /** A handler function that throws: 'init', 'joinAttempt' or 'signal'; 'initLabel' makes an oversized label update. */
  throwIn?: string;
}

/** What the tests observe from outside the match. */
export interface ArenaRecord {
  matchId: string;
  ticks: number;
  /** matchLoop calls begun (counted before a loopDelayMs wait). */
  ticksStarted: number;
  lastTick: number;
  joins: string[];
  leaves: string[];
  /** Presence reasons matchLeave was given, in order (3 leave, 4 disconnect). */
  leaveReasons: number[];
  messages: number;
  /** Set when two handler calls for this match ever overlapped; must stay false. */
  overlapped: boolean;
  terminatedWithGrace?: number;
  disposed: boolean;
}

const text = (s: string) => new TextEncoder().encode(s);
const broadcast = (opCode: number, data: string | Uint8Array | null, presences: MatchPresence[] | null = null, sender: MatchPresence | null = null, deferred = false): DispatchAction => ({
  kind: 'broadcast',
  opCode,
  data: typeof data === 'string' ? text(data) : data,
  presences,
  sender,
  reliable: true,
  deferred,
});

class ArenaHandler implements MatchHandler {
  private params: ArenaParams = {};
  private readonly players = new Map<string, MatchPresence>();
  private reserved = 0;
  private terminating = false;
  private busy = false;

  constructor(private readonly record: ArenaRecord) {}

  /** Every call yields to the event loop once, so overlapping calls would be caught here. */
  private async enter<T>(fn: () => T): Promise<T> {
    if (this.busy) this.record.overlapped = true;
    this.busy = true;
    try {
      await new Promise((resolve) => setImmediate(resolve));
      return fn();
    } finally {
      this.busy = false;
    }
  }

  init(params: Record<string, unknown>) {
    return this.enter(() => {
      this.params = params as ArenaParams;
      if (this.params.throwIn === 'init') throw new Error('init failed on purpose');
      const label = JSON.stringify({ mode: this.params.mode ?? 'casual', skill: this.params.skill ?? 0 });
      // A label update from matchInit's dispatcher, over Nakama's 2048-byte limit, when asked.
      const actions: DispatchAction[] = this.params.throwIn === 'initLabel' ? [{ kind: 'label', label: 'x'.repeat(2049) }] : [];
      return { tickRate: this.params.tickRate ?? 10, label, actions };
    });
  }

  joinAttempt(_tick: number, _presence: MatchPresence, metadata: Record<string, string>) {
    return this.enter(() => {
      if (this.params.throwIn === 'joinAttempt') throw new Error('joinAttempt failed on purpose');
      if (this.players.size + this.reserved >= (this.params.maxPlayers ?? 4)) return { accept: false, rejectMessage: 'match full', actions: [] };
      if (metadata.team === 'spectators') return { accept: false, actions: [] };
      this.reserved++;
      return { accept: true, actions: [] };
    });
  }

  join(_tick: number, presences: MatchPresence[]) {
    return this.enter((): MatchStep => {
      const actions: DispatchAction[] = [];
      for (const p of presences) {
        this.reserved = Math.max(0, this.reserved - 1);
        this.players.set(p.sessionId, p);
        this.record.joins.push(p.userId);
        actions.push(broadcast(Op.Welcome, `welcome ${p.username}`, [p]));
      }
      return { continue: true, actions };
    });
  }

  leave(_tick: number, presences: MatchPresence[]) {
    return this.enter((): MatchStep => {
      for (const p of presences) {
        this.players.delete(p.sessionId);
        this.record.leaves.push(p.userId);
        this.record.leaveReasons.push(p.reason ?? 0);
      }
      return { continue: true, actions: [] };
    });
  }

  async loop(tick: number, messages: MatchMessageIn[]): Promise<MatchStep> {
    if (this.params.loopDelayMs) {
      if (this.busy) this.record.overlapped = true;
      this.record.ticksStarted++;
      this.busy = true;
      await new Promise((resolve) => setTimeout(resolve, this.params.loopDelayMs));
      this.busy = false;
    }
    return this.enter((): MatchStep => {
      if (this.params.loopBusyMs) {
        const until = performance.now() + this.params.loopBusyMs;
        while (performance.now() < until);
      }
      this.record.ticks++;
      this.record.lastTick = tick;
      this.record.messages += messages.length;
      if (this.terminating && this.params.endOnTerminate) return { continue: false, actions: [] };
      const actions: DispatchAction[] = [];
      if (this.params.announceTicks) actions.push(broadcast(Op.Tick, String(tick)));
      for (const m of messages) {
        const data = new TextDecoder().decode(m.data);
        switch (m.opCode) {
          case Op.Echo:
            actions.push(broadcast(Op.Echo, m.data, null, m.sender));
            break;
          case Op.Deferred:
            actions.push(broadcast(Op.Deferred, m.data, null, m.sender, true));
            actions.push(broadcast(Op.First, 'first'));
            break;
          case Op.Target: {
            const target = this.players.get(data);
            if (target) actions.push(broadcast(Op.Target, 'for you', [target]));
            break;
          }
          case Op.Label:
            actions.push({ kind: 'label', label: data });
            break;
          case Op.KickMe:
            actions.push({ kind: 'kick', presences: [m.sender] });
            break;
          case Op.Throw:
            throw new Error('matchLoop failed on purpose');
          case Op.End:
            return { continue: false, actions };
        }
      }
      return { continue: true, actions };
    });
  }

  terminate(_tick: number, graceSeconds: number) {
    return this.enter((): MatchStep => {
      this.terminating = true;
      this.record.terminatedWithGrace = graceSeconds;
      return { continue: true, actions: [broadcast(Op.Terminate, String(graceSeconds))] };
    });
  }

  signal(_tick: number, data: string) {
    return this.enter(() => {
      if (this.params.throwIn === 'signal') throw new Error('signal failed on purpose');
      if (data === 'stop') return { continue: false, result: '', actions: [] };
      return { continue: true, result: JSON.stringify({ echo: data, players: this.players.size, ticks: this.record.ticks }), actions: [] };
    });
  }

  async dispose(): Promise<void> {
    this.record.disposed = true;
  }
}

/** The provider the tests plug into the server: the handler name `arena`, and a record per match. */
export class ArenaProvider implements MatchHandlerProvider {
  readonly records = new Map<string, ArenaRecord>();

  has(name: string): boolean {
    return name === 'arena';
  }

  async create(name: string, matchId: string): Promise<MatchHandler> {
    if (!this.has(name)) throw new Error(`no handler ${name}`);
    const record: ArenaRecord = { matchId, ticks: 0, ticksStarted: 0, lastTick: -1, joins: [], leaves: [], leaveReasons: [], messages: 0, overlapped: false, disposed: false };
    this.records.set(matchId, record);
    return new ArenaHandler(record);
  }

  record(matchId: string): ArenaRecord {
    const r = this.records.get(matchId);
    if (!r) throw new Error(`no record for ${matchId}`);
    return r;
  }
}
