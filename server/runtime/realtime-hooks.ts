import { ApiError, GrpcCode } from '../common/errors.js';
import { ENVELOPE_CASES, RealtimeErrorCode } from '../protocol/realtime-messages.js';
import { camelCase } from '../protocol/message.js';
import { RealtimeFailure, type RealtimeContext, type RealtimeOperation, type RealtimePipeline } from '../realtime/pipeline.js';
import { fromModuleValue, toModuleValue } from './hook-payloads.js';
import type { HookInstaller, JsRuntime } from './js-runtime.js';
import type { RegistrationNames } from './protocol.js';
import type { CallerInfo } from './runtime-context.js';

function callerOf(ctx: RealtimeContext): CallerInfo {
  const s = ctx.session;
  return { userId: s.userId, username: s.username, vars: s.vars, expiresAt: s.expiresAt, sessionId: s.id, lang: s.lang };
}

/** A module error on the socket: Nakama sends RUNTIME_FUNCTION_EXCEPTION with the module's message. */
function failure(err: unknown): unknown {
  return err instanceof ApiError ? new RealtimeFailure(RealtimeErrorCode.RuntimeFunctionException, err.message) : err;
}

/** Envelopes reach modules as Nakama's JS runtime shows them: `{cid?, <caseInCamelCase>: message}`. */
function envelopeOf(kase: string, payload: Record<string, unknown>): Record<string, unknown> {
  const def = ENVELOPE_CASES[kase]!.message;
  return { [camelCase(kase)]: toModuleValue(def, payload) };
}

/** Puts registerRtBefore/registerRtAfter hooks on the realtime pipeline, for every client-to-server case. */
export class RealtimeHookInstaller implements HookInstaller {
  private installed: string[] = [];

  constructor(private readonly pipeline: RealtimePipeline) {}

  install(runtime: JsRuntime, names: RegistrationNames): void {
    const cases = new Map(this.pipeline.hookCases().map((r) => [r.hook, r.case]));
    for (const hook of names.rtBefore) {
      const kase = cases.get(hook);
      if (!kase || !ENVELOPE_CASES[kase]) continue;
      this.installed.push(hook);
      this.pipeline.registerBefore(hook, async (payload, ctx) => {
        const out = await runtime
          .hook<Record<string, unknown> | null>({ kind: 'rtBefore', hook, input: envelopeOf(kase, payload) }, 'before', callerOf(ctx))
          .catch((err: unknown) => {
            throw failure(err);
          });
        if (out === null || out === undefined) return null;
        const message = out[camelCase(kase)] ?? out[kase];
        return fromModuleValue(ENVELOPE_CASES[kase]!.message, message ?? {});
      });
    }
    for (const hook of names.rtAfter) {
      const kase = cases.get(hook);
      if (!kase || !ENVELOPE_CASES[kase]) continue;
      this.installed.push(hook);
      this.pipeline.registerAfter(hook, async (reply, payload, ctx) => {
        const output = typeof reply === 'object' && ENVELOPE_CASES[reply.case] ? envelopeOf(reply.case, reply.payload) : null;
        await runtime.hook({ kind: 'rtAfter', hook, output, input: envelopeOf(kase, payload) }, 'after', callerOf(ctx));
      });
    }
  }

  uninstall(): void {
    for (const hook of this.installed) this.pipeline.unregister(hook);
    this.installed = [];
  }
}

/** The `rpc` envelope: `{rpc: {id, payload}}` in, the same shape back; errors 3/6/7 as Nakama's pipeline. */
export function rpcRealtimeOperations(runtime: Pick<JsRuntime, 'hasRpc' | 'rpc'>): RealtimeOperation[] {
  return [
    {
      case: 'rpc',
      hook: 'Rpc',
      async handle(payload: { id?: string; payload?: string }, ctx) {
        const id = payload.id ?? '';
        if (id === '') throw new RealtimeFailure(RealtimeErrorCode.BadInput, 'RPC ID must be set');
        if (!runtime.hasRpc(id)) throw new RealtimeFailure(RealtimeErrorCode.RuntimeFunctionNotFound, 'RPC function not found');
        try {
          const result = await runtime.rpc(id, payload.payload ?? '', callerOf(ctx));
          return { case: 'rpc', payload: { id, payload: result } };
        } catch (err) {
          if (err instanceof ApiError && err.code === GrpcCode.NotFound && err.message === 'RPC function not found') {
            throw new RealtimeFailure(RealtimeErrorCode.RuntimeFunctionNotFound, err.message);
          }
          throw failure(err);
        }
      },
    },
  ];
}
