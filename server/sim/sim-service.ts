import type { Logger } from '../common/logger.js';
import type { Service } from '../common/lifecycle.js';
import { createSimEngine, type BackendChoice, type BodyDef, type BodyState, type EngineInfo, type SimEngine, type SimStats, type WorldOptions } from '../../gpu/index.js';
import { StepBatcher } from './step-batcher.js';
import type { SimStatus } from '../protocol/console-status.js';

/**
 * The bridge from authoritative matches to gpu/: each match owns the worlds it creates, and every world
 * whose match ticks in the same turn of the event loop is stepped in one engine dispatch.
 */
export interface SimServiceOptions {
  backend: BackendChoice;
  interestK: number;
  /** Worlds one match may own at once. */
  maxWorldsPerOwner: number;
  /** Body slots one world may reserve. */
  maxBodiesPerWorld: number;
}

/** Everything a match handler reads after a step, in one call. */
export interface WorldSnapshot {
  bodies: Array<BodyState & { id: number }>;
  contacts: Array<[number, number]>;
  contactOverflow: number;
  /** Observer id -> visible body ids, nearest first. */
  visible: Record<number, number[]>;
}

export class SimError extends Error {
  override readonly name = 'SimError';
}

export class SimService implements Service {
  readonly name = 'sim';
  private engine: SimEngine | null = null;
  private readonly owners = new Map<number, string>();
  private readonly byOwner = new Map<string, Set<number>>();
  private readonly observers = new Map<number, Set<number>>();
  private batcher: StepBatcher | null = null;
  private opening: Promise<SimEngine> | null = null;

  constructor(
    private readonly options: SimServiceOptions,
    private readonly logger: Logger,
  ) {}

  /** Opening a GPU device takes time, so the engine opens with the first world, not at server start. */
  async start(): Promise<void> {}

  private async open(): Promise<SimEngine> {
    if (this.engine) return this.engine;
    this.opening ??= this.openEngine();
    return this.opening;
  }

  private async openEngine(): Promise<SimEngine> {
    const engine = await createSimEngine({
      backend: this.options.backend,
      interestK: this.options.interestK,
      onFallback: (reason) => this.logger.warn('simulation left the GPU; continuing on the CPU from the last synced state', { reason }),
    });
    this.batcher = new StepBatcher((worlds) => engine.step(worlds));
    const info = engine.info();
    this.logger.info('simulation ready', { backend: info.backend, adapter: info.adapter?.description ?? null, reason: info.fallbackReason });
    this.engine = engine;
    return engine;
  }

  async stop(): Promise<void> {
    const engine = this.engine ?? (await this.opening?.catch(() => null)) ?? null;
    this.engine = null;
    this.opening = null;
    this.owners.clear();
    this.byOwner.clear();
    this.observers.clear();
    await this.batcher?.drain();
    await engine?.destroy();
  }

  async createWorld(ownerId: string, options: WorldOptions): Promise<number> {
    const engine = await this.open();
    const owned = this.byOwner.get(ownerId) ?? new Set<number>();
    if (owned.size >= this.options.maxWorldsPerOwner) throw new SimError(`a match may own at most ${this.options.maxWorldsPerOwner} worlds`);
    const maxBodies = options.maxBodies ?? 1024;
    if (maxBodies > this.options.maxBodiesPerWorld) throw new SimError(`maxBodies ${maxBodies} is over the limit of ${this.options.maxBodiesPerWorld}`);
    let world: number;
    try {
      world = engine.createWorld({ ...options, maxBodies });
    } catch (err) {
      throw new SimError(`invalid world: ${(err as Error).message}`);
    }
    owned.add(world);
    this.byOwner.set(ownerId, owned);
    this.owners.set(world, ownerId);
    this.observers.set(world, new Set());
    return world;
  }

  destroyWorld(ownerId: string, world: number): void {
    this.owned(ownerId, world);
    this.running().destroyWorld(world);
    this.owners.delete(world);
    this.observers.delete(world);
    this.byOwner.get(ownerId)?.delete(world);
  }

  /** Frees every world of a match; called when the match ends, however it ends. */
  releaseOwner(ownerId: string): void {
    for (const world of [...(this.byOwner.get(ownerId) ?? [])]) this.destroyWorld(ownerId, world);
    this.byOwner.delete(ownerId);
  }

  addBody(ownerId: string, world: number, def: BodyDef): number {
    this.owned(ownerId, world);
    for (const [key, value] of Object.entries(def)) {
      if (typeof value === 'number' && !Number.isFinite(value) && !(key === 'mass' && value === Infinity)) throw new SimError(`body ${key} must be a finite number`);
    }
    const id = this.guard(() => this.running().addBody(world, def));
    if ((def.interestRadius ?? 0) > 0) this.observers.get(world)!.add(id);
    return id;
  }

  setBody(ownerId: string, world: number, body: number, patch: Partial<BodyState>): void {
    this.owned(ownerId, world);
    this.guard(() => this.running().setBody(world, body, patch));
  }

  removeBody(ownerId: string, world: number, body: number): void {
    this.owned(ownerId, world);
    this.guard(() => this.running().removeBody(world, body));
    this.observers.get(world)!.delete(body);
  }

  /** Steps the world together with every other world requested in this turn of the event loop. */
  async step(ownerId: string, world: number): Promise<void> {
    this.owned(ownerId, world);
    await this.batcher!.request(world);
  }

  /** Steps every world the match owns (none: nothing to do), batched with other matches ticking now. */
  async stepOwner(ownerId: string): Promise<void> {
    const owned = this.byOwner.get(ownerId);
    if (!owned || owned.size === 0 || !this.batcher) return;
    await Promise.all([...owned].map((world) => this.batcher!.request(world)));
  }

  snapshot(ownerId: string, world: number): WorldSnapshot {
    this.owned(ownerId, world);
    const engine = this.running();
    const bodies = engine.bodyIds(world).map((id) => ({ id, ...engine.getBody(world, id) }));
    const contacts = engine.contacts(world);
    const visible: Record<number, number[]> = {};
    for (const observer of this.observers.get(world)!) visible[observer] = engine.visible(world, observer);
    return { bodies, contacts: contacts.pairs, contactOverflow: contacts.overflow, visible };
  }

  /** Opens the engine if no world has yet, and tells which backend and adapter run the simulation. */
  async ready(): Promise<EngineInfo> {
    return (await this.open()).info();
  }

  /** Adapter and backend, for the console and metrics; null until the first world opened the engine. */
  info(): EngineInfo | null {
    return this.engine?.info() ?? null;
  }

  stats(): SimStats | null {
    return this.engine?.stats() ?? null;
  }

  /** The console's and Prometheus' view: backend, adapter and step figures; null before the first world. */
  status(): SimStatus | null {
    if (!this.engine) return null;
    const info = this.engine.info();
    const stats = this.engine.stats();
    return {
      backend: info.backend,
      adapter: info.adapter?.description ?? null,
      fallbackReason: info.fallbackReason,
      worlds: stats.worlds,
      bodies: stats.bodies,
      lastStepMs: stats.lastStepMs,
      avgStepMs: stats.avgStepMs,
      fallbacks: stats.fallbacks,
    };
  }

  private running(): SimEngine {
    if (!this.engine) throw new SimError('the simulation is not running');
    return this.engine;
  }

  private owned(ownerId: string, world: number): void {
    if (this.owners.get(world) !== ownerId) throw new SimError(`world ${world} does not belong to this match`);
  }

  /** The engine throws RangeError for unknown bodies or bad values; the caller gets a SimError. */
  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof RangeError || err instanceof TypeError) throw new SimError(err.message);
      throw err;
    }
  }
}
