import { AsyncLocalStorage } from 'node:async_hooks';
import { ApiError, Errors, ErrorsWith } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { Service } from '../common/lifecycle.js';
import { NK_NAMES } from './nk/names.js';
import { SIM_NK_NAMES } from './nk/sim.js';
import { LOCAL_NK } from './nk/local.js';
import type { NkTable } from './nk/table.js';
import { envMap, lineIn, ModuleLoadError, modulePath, readModule } from './module-loader.js';
import { EMPTY_REGISTRATIONS, type BridgeSetup, type RegistrationNames } from './protocol.js';
import { moduleContext, type CallerInfo, type ModuleContext } from './runtime-context.js';
import { CALLBACK_NAMES, OTHER_REGISTRATIONS, type CallbackName, type RuntimeRegistrations } from './registrations.js';
import { WorkerMatchProvider } from './match-provider.js';
import { decodeWire, encodeWire, type WireAnswer } from './wire-json.js';
import { WorkerPool } from './worker-pool.js';
import { RuntimeMetrics } from './runtime-metrics.js';

export interface RuntimeSettings {
  dataDir: string;
  path: string;
  entrypoint: string;
  env: readonly string[];
  workerCount: number;
  memoryMb: number;
  callTimeoutMs: number;
  startOnModuleError: boolean;
  node: string;
  version: string;
  /** What initializer.getConfig() answers (secrets left out by the caller). */
  publicConfig: Record<string, unknown>;
}

export interface RuntimeNames {
  /** Client operation names (registerBefore<Op>/registerAfter<Op>), from the operation table and Nakama's list. */
  apiNames: readonly string[];
  /** Realtime hook names (registerRtBefore/After). */
  rtNames: readonly string[];
}

/** Something that installs the module's hooks on a transport once the module has loaded, and removes them. */
export interface HookInstaller {
  install(runtime: JsRuntime, names: RegistrationNames): void;
  uninstall(): void;
}

/**
 * The JavaScript runtime: loads the module into a pool of worker threads, answers their nk calls on the
 * main thread, and runs RPCs, hooks, match handlers and callbacks for the rest of the server. Module
 * code never runs on the main thread's event loop.
 */
export class JsRuntime implements Service {
  readonly name = 'runtime';
  private pool: WorkerPool | undefined;
  private readonly matchHandlers: WorkerMatchProvider;
  /** The worker slot whose nk call is being answered, through the async calls it makes. */
  private readonly nkCaller = new AsyncLocalStorage<number>();
  private names: RegistrationNames = EMPTY_REGISTRATIONS;
  private readonly env: Record<string, string>;
  private loadError: ModuleLoadError | undefined;
  readonly registrations: RuntimeRegistrations;

  constructor(
    private readonly settings: RuntimeSettings,
    private readonly nk: NkTable,
    private readonly hookNames: RuntimeNames,
    private readonly installers: readonly HookInstaller[],
    private readonly logger: Logger,
    /** Custom metrics modules record; the console reads them. */
    readonly metrics: RuntimeMetrics = new RuntimeMetrics(),
  ) {
    this.env = envMap(settings.env);
    const matchHandlers = (this.matchHandlers = new WorkerMatchProvider(
      { pick: () => this.requirePool().pick(), callOn: (s, g, c) => this.requirePool().callOn(s, g, c) },
      () => this.names.matches,
      (matchId) => this.context('match', {}, { id: matchId, node: settings.node, label: '', tickRate: 0 }),
    ));
    const callback = (name: CallbackName, mode: string, args: unknown[]) => this.callback(name, mode, args);
    this.registrations = {
      matchHandlers,
      has: (name) => this.names.callbacks.includes(name),
      matchmakerMatched: async (entries) => {
        const id = await callback('MatchmakerMatched', 'matchmaker', [entries]);
        return typeof id === 'string' && id !== '' ? id : undefined;
      },
      leaderboardReset: async (leaderboard, reset) => void (await callback('LeaderboardReset', 'leaderboard_reset', [leaderboard, reset])),
      tournamentEnd: async (t, end, reset) => void (await callback('TournamentEnd', 'tournament_end', [t, end, reset])),
      tournamentReset: async (t, end, reset) => void (await callback('TournamentReset', 'tournament_reset', [t, end, reset])),
      event: async (event) => void (await callback('Event', 'event', [event])),
    };
  }

  /** Loads the module; refuses (throws ModuleLoadError) on a broken one unless start_on_module_error is set. */
  async start(): Promise<void> {
    // Starting a running runtime reloads the module (the console's "reload"): the old workers stop first.
    if (this.pool) await this.stop();
    this.loadError = undefined;
    const file = modulePath(this.settings.dataDir, this.settings.path, this.settings.entrypoint);
    if (file === null) {
      this.logger.info('no runtime module configured (runtime.js_entrypoint is empty)');
      return;
    }
    try {
      await this.load(file);
    } catch (err) {
      if (!(err instanceof ModuleLoadError)) throw err;
      this.loadError = err;
      if (!this.settings.startOnModuleError) throw err;
      this.logger.error('runtime module failed to load; starting without it (runtime.start_on_module_error)', { error: err.message });
    }
  }

  /** Runs the module's registerShutdown handler, then removes its hooks and ends the workers. */
  async stop(): Promise<void> {
    if (this.pool && this.names.callbacks.includes('Shutdown')) {
      await this.callback('Shutdown', 'shutdown', []).catch((err: unknown) => this.logger.error('runtime shutdown handler failed', { err }));
    }
    for (const i of this.installers) i.uninstall();
    const pool = this.pool;
    this.pool = undefined;
    this.names = EMPTY_REGISTRATIONS;
    await pool?.stop();
  }

  /** What the module registered, by name, for the console. */
  registered(): RegistrationNames & { loadError?: string } {
    return { ...this.names, loadError: this.loadError?.message };
  }

  get running(): boolean {
    return this.pool !== undefined;
  }

  /**
   * True when every worker is blocked in an nk call, so module code started now (matchInit for nk.matchCreate)
   * would run only after those calls return; an nk function waiting for it could wait on its own caller.
   */
  allWorkersBlocked(): boolean {
    return this.pool?.allBlocked() ?? false;
  }

  /**
   * True when the nk call running now came from the worker that holds this match: that worker is blocked
   * until the call returns, so waiting there for the match's handler (nk.matchSignal) would never end.
   */
  matchHeldByCaller(matchId: string): boolean {
    const caller = this.nkCaller.getStore();
    return caller !== undefined && this.matchHandlers.slotOf(matchId) === caller;
  }

  hasRpc(id: string): boolean {
    return this.names.rpcs.includes(id.toLowerCase());
  }

  /** Runs an RPC; throws ApiError with the module's code (or 13) when it fails, code 5 when it is unknown. */
  async rpc(id: string, payload: string, caller: CallerInfo): Promise<string> {
    const rpcId = id.toLowerCase();
    if (!this.pool || !this.names.rpcs.includes(rpcId)) throw Errors.rpcNotFound();
    return this.run<string>({ kind: 'rpc', id: rpcId, ctx: this.context('rpc', caller), payload });
  }

  /** Runs a before/after hook or realtime hook call; `call` carries kind, hook, input and output. */
  async hook<T>(call: Record<string, unknown>, mode: 'before' | 'after', caller: CallerInfo): Promise<T> {
    return this.run<T>({ ...call, ctx: this.context(mode, caller) });
  }

  context(mode: string, caller: CallerInfo = {}, match?: { id: string; node: string; label: string; tickRate: number }): ModuleContext {
    return moduleContext({ env: this.env, node: this.settings.node, version: this.settings.version }, mode, caller, match);
  }

  private async callback(name: CallbackName, mode: string, args: unknown[]): Promise<unknown> {
    if (!this.pool || !this.names.callbacks.includes(name)) return undefined;
    return this.run({ kind: 'callback', name, ctx: this.context(mode), args });
  }

  private async run<T>(call: Record<string, unknown>): Promise<T> {
    // RPC and hook calls carry JSON values only (bytes fields arrive base64 from the codec): no replacer needed.
    const answer = decodeWire<WireAnswer<T>>(await this.requirePool().call(JSON.stringify(call)));
    if (answer.error) {
      if (!answer.error.custom) this.logger.error('runtime function raised an uncaught exception', { kind: call.kind, id: call.id ?? call.hook ?? call.name, error: answer.error.message, stack: answer.error.stack });
      throw ErrorsWith.runtime(answer.error.code, answer.error.message);
    }
    return answer.value as T;
  }

  private requirePool(): WorkerPool {
    if (!this.pool) throw Errors.runtimeUnavailable();
    return this.pool;
  }

  private async load(file: string): Promise<void> {
    const { source, filename } = await readModule(file);
    const setup: BridgeSetup = {
      nkNames: [...NK_NAMES.filter((n) => n !== 'binaryToString' && n !== 'stringToBinary'), ...SIM_NK_NAMES],
      apiNames: [...this.hookNames.apiNames],
      rtNames: [...this.hookNames.rtNames],
      callbackNames: [...CALLBACK_NAMES],
      otherNames: [...OTHER_REGISTRATIONS],
    };
    const moduleLogger = this.logger.child({ component: 'module' });
    const pool = new WorkerPool(
      {
        workerCount: this.settings.workerCount,
        source,
        filename,
        setup: JSON.stringify(setup),
        initCtx: encodeWire(this.context('run')),
        memoryMb: this.settings.memoryMb,
        callTimeoutMs: this.settings.callTimeoutMs,
        host: (op, payload, slot) => this.answerHost(op, payload, slot),
        onLog: (payload) => {
          const { level, message, fields } = decodeWire<{ level: 'debug' | 'info' | 'warn' | 'error'; message: string; fields: Record<string, unknown> }>(payload);
          (moduleLogger[level] ?? moduleLogger.info).call(moduleLogger, message, fields);
        },
        logger: this.logger,
      },
      this.logger,
    );
    let answer: WireAnswer<RegistrationNames>;
    try {
      answer = decodeWire(await pool.start());
    } catch (err) {
      await pool.stop();
      const reason = err instanceof ApiError ? err.message : String(err);
      throw new ModuleLoadError(filename, undefined, `InitModule did not complete: ${reason}`);
    }
    if (answer.error) {
      await pool.stop();
      throw new ModuleLoadError(filename, lineIn(answer.error.stack ?? '', filename), answer.error.message);
    }
    this.pool = pool;
    this.names = answer.value!;
    for (const i of this.installers) i.install(this, this.names);
    this.logger.info('runtime module loaded', { file: filename, workers: this.settings.workerCount, rpcs: this.names.rpcs.length, hooks: this.names.before.length + this.names.after.length });
  }

  /** A worker's blocking request: an nk function on the main thread, or the config. */
  private async answerHost(op: 'nk' | 'config', payload: string, slot: number): Promise<string> {
    if (op === 'config') return encodeWire({ value: this.settings.publicConfig });
    const { name, args } = decodeWire<{ name: string; args: unknown[] }>(payload);
    const handler = this.nk.get(name);
    if (!handler) {
      const known = NK_NAMES.includes(name) || LOCAL_NK.has(name);
      return encodeWire({ error: { message: known ? `not implemented: nk.${name}` : `unknown function nk.${name}` } });
    }
    try {
      return encodeWire({ value: await this.nkCaller.run(slot, () => handler(args ?? [])) });
    } catch (err) {
      return encodeWire({ error: { message: (err as Error)?.message ?? String(err) } });
    }
  }
}
