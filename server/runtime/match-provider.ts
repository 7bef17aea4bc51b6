import { ApiError, ErrorsWith } from '../common/errors.js';
import type { DispatchAction, MatchHandler, MatchHandlerProvider, MatchPresence, MatchStep } from '../match/authoritative/match-handler.js';
import type { ModuleContext } from './runtime-context.js';
import { decodeWire, encodeWire, type WireAnswer } from './wire-json.js';

interface RawStep {
  continue: boolean;
  actions: RawAction[];
  result?: string;
}
type RawAction = { kind: string; [k: string]: unknown };

function presence(v: unknown): MatchPresence {
  const p = (v ?? {}) as Record<string, unknown>;
  return { userId: String(p.userId ?? ''), sessionId: String(p.sessionId ?? ''), username: String(p.username ?? ''), node: String(p.node ?? '') };
}

function actionsOf(raw: RawAction[] | undefined): DispatchAction[] {
  return (raw ?? []).map((a): DispatchAction => {
    if (a.kind === 'kick') return { kind: 'kick', presences: ((a.presences as unknown[]) ?? []).map(presence) };
    if (a.kind === 'label') return { kind: 'label', label: String(a.label) };
    return {
      kind: 'broadcast',
      opCode: Number(a.opCode),
      data: (a.data as Uint8Array | null) ?? null,
      presences: Array.isArray(a.presences) ? a.presences.map(presence) : null,
      sender: a.sender ? presence(a.sender) : null,
      reliable: a.reliable !== false,
      deferred: a.deferred === true,
    };
  });
}

/** The workers a match's calls are pinned to (the WorkerPool). */
export interface MatchWorkers {
  pick(): { slot: number; generation: number };
  callOn(slot: number, generation: number, call: string): Promise<string>;
}

/**
 * Match handlers registered with registerMatch, each live match's state held by one runtime worker. A
 * match's calls go to that worker only; if it is replaced the match's calls fail and the loop ends it.
 */
export class WorkerMatchProvider implements MatchHandlerProvider {
  /** The worker slot holding each live match's state. */
  private readonly slots = new Map<string, number>();

  constructor(
    private readonly pool: MatchWorkers,
    private readonly names: () => readonly string[],
    private readonly context: (matchId: string) => ModuleContext,
  ) {}

  /** The worker slot holding a match's state, if it lives on a worker. */
  slotOf(matchId: string): number | undefined {
    return this.slots.get(matchId);
  }

  has(name: string): boolean {
    return this.names().includes(name);
  }

  async create(name: string, matchId: string): Promise<MatchHandler> {
    const { slot, generation } = this.pool.pick();
    this.slots.set(matchId, slot);
    const run = async <T>(op: string, args: unknown[] = [], extra: Record<string, unknown> = {}): Promise<T> => {
      const answer = decodeWire<WireAnswer<T>>(await this.pool.callOn(slot, generation, encodeWire({ kind: 'match', op, matchId, args, ...extra })));
      if (answer.error) throw ErrorsWith.runtime(answer.error.code, answer.error.message);
      return answer.value as T;
    };
    try {
      await run('create', [], { name, ctx: this.context(matchId) });
    } catch (err) {
      this.slots.delete(matchId);
      throw err;
    }
    const step = async (op: string, args: unknown[]): Promise<MatchStep> => {
      const r = await run<RawStep>(op, args);
      return { continue: r.continue, actions: actionsOf(r.actions) };
    };
    return {
      async init(params) {
        const r = await run<{ tickRate: number; label: string; actions: RawAction[] }>('init', [params]);
        return { tickRate: r.tickRate, label: r.label, actions: actionsOf(r.actions) };
      },
      async joinAttempt(tick, who, metadata) {
        const r = await run<{ accept: boolean; rejectMessage?: string; actions: RawAction[] }>('joinAttempt', [tick, who, metadata]);
        return { accept: r.accept, rejectMessage: r.rejectMessage, actions: actionsOf(r.actions) };
      },
      join: (tick, presences) => step('join', [tick, presences]),
      leave: (tick, presences) => step('leave', [tick, presences]),
      loop: (tick, messages) => step('loop', [tick, messages]),
      terminate: (tick, graceSeconds) => step('terminate', [tick, graceSeconds]),
      async signal(tick, data) {
        const r = await run<RawStep>('signal', [tick, data]);
        return { continue: r.continue, result: r.result ?? '', actions: actionsOf(r.actions) };
      },
      dispose: async () => {
        this.slots.delete(matchId);
        // The worker may already be gone with the match's state; nothing is left to free then.
        await run('dispose').catch((err: unknown) => {
          if (!(err instanceof ApiError)) throw err;
        });
      },
    };
  }
}
