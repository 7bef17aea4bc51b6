import { ApiError, GrpcCode } from '../common/errors.js';
import type { Operation, OperationContext } from './operation.js';

/**
 * Before/after hooks around any operation, keyed by operation name. A before hook may return a
 * rewritten request, or null to reject it; an after hook sees the response and the request.
 * The runtime registers them (registerBefore<Op>/registerAfter<Op>); nothing is copied per endpoint.
 */
export type BeforeHook = (request: unknown, ctx: OperationContext) => Promise<unknown | null>;
export type AfterHook = (response: unknown, request: unknown, ctx: OperationContext) => Promise<void>;

/** Sees every invocation once it ends: the operation, how long it took, and what it threw (if anything). */
export type InvocationObserver = (operation: string, durationMs: number, error: unknown) => void;

export class HookRegistry {
  private readonly before = new Map<string, BeforeHook>();
  private readonly after = new Map<string, AfterHook>();
  private readonly observers: InvocationObserver[] = [];

  registerBefore(operation: string, hook: BeforeHook): void {
    this.before.set(operation, hook);
  }

  registerAfter(operation: string, hook: AfterHook): void {
    this.after.set(operation, hook);
  }

  /** Removes one operation's hooks (the runtime unloading its module), leaving everyone else's. */
  unregister(operation: string): void {
    this.before.delete(operation);
    this.after.delete(operation);
  }

  clear(): void {
    this.before.clear();
    this.after.clear();
  }

  names(): { before: string[]; after: string[] } {
    return { before: [...this.before.keys()], after: [...this.after.keys()] };
  }

  /** Metrics observe every operation here, so no endpoint counts its own requests. */
  observe(observer: InvocationObserver): void {
    this.observers.push(observer);
  }

  /** Runs an operation with its hooks; every transport calls this and nothing else. */
  invoke<Req, Res>(op: Operation<Req, Res>, request: Req, ctx: OperationContext): Promise<Res> {
    if (this.observers.length === 0) return this.run(op, request, ctx);
    const started = performance.now();
    const report = (error: unknown) => {
      const ms = performance.now() - started;
      for (const observer of this.observers) observer(op.name, ms, error);
    };
    // then() rather than an async wrapper: one promise fewer on every request.
    return this.run(op, request, ctx).then(
      (response) => (report(undefined), response),
      (err: unknown) => {
        report(err ?? new Error('operation failed'));
        throw err;
      },
    );
  }

  private async run<Req, Res>(op: Operation<Req, Res>, request: Req, ctx: OperationContext): Promise<Res> {
    const before = this.before.get(op.name);
    if (before) {
      const rewritten = await before(request, ctx);
      if (rewritten === null || rewritten === undefined) throw new ApiError(GrpcCode.NotFound, 'Requested resource was not found.');
      request = rewritten as Req;
    }
    const response = await op.handle(request, ctx);
    const after = this.after.get(op.name);
    // After hooks observe; their failures are theirs and never undo a completed operation.
    if (after) await after(response, request, ctx).catch(() => undefined);
    return response;
  }
}
