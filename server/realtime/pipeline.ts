import type { Logger } from '../common/logger.js';
import { RealtimeErrorCode, type Envelope } from '../protocol/realtime-messages.js';
import type { RealtimeSession } from './session.js';

/** What a handler answers: a reply envelope case, a bare `{cid}` ack, or nothing at all. */
export type Reply = { case: string; payload: Record<string, unknown> } | 'ack' | 'none';

/** A realtime error the client sees as `{error: {code, message}}`; the socket stays open. */
export class RealtimeFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'RealtimeFailure';
  }
}

export interface RealtimeContext {
  session: RealtimeSession;
}

/** One row of the realtime table: an envelope case the client may send, its hook name and its handler. */
export interface RealtimeOperation {
  case: string;
  /** Name used by registerRtBefore/registerRtAfter, e.g. `StatusFollow`. */
  hook: string;
  handle(payload: any, ctx: RealtimeContext): Promise<Reply> | Reply;
}

export type RtBeforeHook = (payload: Record<string, unknown>, ctx: RealtimeContext) => Promise<Record<string, unknown> | null>;
export type RtAfterHook = (reply: Reply, payload: Record<string, unknown>, ctx: RealtimeContext) => Promise<void>;

/**
 * Routes each incoming envelope through its table row, wrapped in the generic before/after hooks,
 * and answers with the row's reply under the envelope's `cid`. Envelopes run one at a time per session,
 * in arrival order, as Nakama's read loop does.
 */
export class RealtimePipeline {
  private readonly rows: Map<string, RealtimeOperation>;
  private readonly before = new Map<string, RtBeforeHook>();
  private readonly after = new Map<string, RtAfterHook>();

  constructor(
    operations: readonly RealtimeOperation[],
    private readonly logger: Logger,
  ) {
    this.rows = new Map(operations.map((op) => [op.case, op]));
  }

  /** Hook names: one per client-to-server case. */
  hookNames(): string[] {
    return [...this.rows.values()].map((r) => r.hook);
  }

  /** Each client-to-server case with its hook name (the runtime maps hooks back to envelope cases). */
  hookCases(): { hook: string; case: string }[] {
    return [...this.rows.values()].map((r) => ({ hook: r.hook, case: r.case }));
  }

  registerBefore(hook: string, fn: RtBeforeHook): void {
    this.before.set(hook, fn);
  }

  registerAfter(hook: string, fn: RtAfterHook): void {
    this.after.set(hook, fn);
  }

  /** Removes one hook name's before/after hooks, leaving everyone else's. */
  unregister(hook: string): void {
    this.before.delete(hook);
    this.after.delete(hook);
  }

  clearHooks(): void {
    this.before.clear();
    this.after.clear();
  }

  async dispatch(envelope: Envelope, ctx: RealtimeContext): Promise<void> {
    const { session } = ctx;
    const row = this.rows.get(envelope.case);
    if (!row) {
      // A server-to-client case sent by a client: Nakama answers UNRECOGNIZED_PAYLOAD and closes.
      this.sendError(session, envelope.cid, RealtimeErrorCode.UnrecognizedPayload, 'Unrecognized message.');
      session.close(1000, 'unrecognized message');
      return;
    }
    let payload = envelope.payload;
    try {
      const before = this.before.get(row.hook);
      if (before) {
        const rewritten = await before(payload, ctx);
        if (!rewritten) {
          this.sendError(session, envelope.cid, RealtimeErrorCode.UnrecognizedPayload, 'Unrecognized message.');
          session.close(1000, 'message rejected by hook');
          return;
        }
        payload = rewritten;
      }
      const reply = await row.handle(payload, ctx);
      if (envelope.cid && reply === 'ack') session.send({ cid: envelope.cid });
      else if (reply !== 'ack' && reply !== 'none') session.send({ cid: envelope.cid, ...reply });
      const after = this.after.get(row.hook);
      if (after) await after(reply, payload, ctx).catch((err: unknown) => this.logger.warn('realtime after hook failed', { hook: row.hook, err }));
    } catch (err) {
      if (err instanceof RealtimeFailure) this.sendError(session, envelope.cid, err.code, err.message);
      else {
        this.logger.error('realtime handler failed', { case: envelope.case, err });
        this.sendError(session, envelope.cid, RealtimeErrorCode.RuntimeException, 'Internal error.');
      }
    }
  }

  private sendError(session: RealtimeSession, cid: string | undefined, code: number, message: string): void {
    session.send({ cid, case: 'error', payload: { code, message } });
  }
}
