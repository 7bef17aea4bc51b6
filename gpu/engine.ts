import type { SimBackend } from './backend.js';
import { CpuBackend } from './cpu/cpu-backend.js';
import type {
  Aabb,
  BackendChoice,
  BackendKind,
  BodyDef,
  BodyState,
  ContactReport,
  EngineInfo,
  SimEngineOptions,
  SimStats,
  StepReport,
  WorldOptions,
} from './types.js';
import { GpuBackend } from './webgpu/gpu-backend.js';
import { openGpu } from './webgpu/device.js';
import * as L from './world-layout.js';
import { WorldStore, type WorldRecord } from './world-store.js';

/**
 * Creates an engine. 'auto' (default) uses WebGPU when an adapter opens and
 * the CPU reference otherwise; 'gpu' throws if no adapter; 'cpu' never
 * touches WebGPU.
 */
export async function createSimEngine(options: SimEngineOptions = {}): Promise<SimEngine> {
  const requested = options.backend ?? 'auto';
  const K = options.interestK ?? 16;
  if (!Number.isInteger(K) || K < 1 || K > L.MAX_INTEREST_K) throw new RangeError(`interestK must be 1..${L.MAX_INTEREST_K}`);
  let gpu: GpuBackend | null = null;
  let reason: string | null = requested === 'cpu' ? 'cpu backend requested' : null;
  if (requested !== 'cpu') {
    try {
      const ctx = await openGpu({ dawnOptions: options.dawnOptions, featureLevel: options.featureLevel });
      try {
        gpu = await GpuBackend.create(ctx, K);
      } catch (err) {
        ctx.close();
        throw err;
      }
    } catch (err) {
      if (requested === 'gpu') throw err;
      reason = (err as Error).message;
    }
  }
  return new SimEngine(new WorldStore(K), gpu, requested, reason, options.onFallback);
}

/**
 * A pool of 2D physics worlds stepped together. All state lives in a host
 * mirror (WorldStore); the active backend advances it. Steps are serialised,
 * so callers may fire step() without awaiting, but should not mutate bodies
 * of a world while its step is pending if they need the mutation to win.
 */
export class SimEngine {
  private active: SimBackend;
  private readonly cpu = new CpuBackend();
  private chain: Promise<unknown> = Promise.resolve();
  private readonly contactCache = new Map<number, ContactReport>();
  private destroyed = false;
  private steps = 0;
  private worldSteps = 0;
  private lastMs = 0;
  private totalMs = 0;
  private fallbacks = 0;

  constructor(
    private readonly store: WorldStore,
    private gpu: GpuBackend | null,
    private readonly requested: BackendChoice,
    private fallbackReason: string | null,
    private readonly onFallback?: (reason: string) => void,
  ) {
    this.active = gpu ?? this.cpu;
    // Leave the GPU as soon as Dawn reports loss; a step in flight then fails over by itself.
    if (gpu) gpu.onLost = (reason) => this.fallBack(reason);
  }

  get backend(): BackendKind {
    return this.active.kind;
  }

  createWorld(opts: WorldOptions): number {
    this.alive();
    return this.store.createWorld(opts).id;
  }

  destroyWorld(worldId: number): void {
    this.store.destroyWorld(this.world(worldId));
    this.contactCache.delete(worldId);
  }

  worldIds(): number[] {
    return [...this.store.worlds.keys()].sort((a, b) => a - b);
  }

  setBoxes(worldId: number, boxes: Aabb[]): void {
    this.store.setBoxes(this.world(worldId), boxes);
  }

  /** Adds a body and returns its id, unique within the world until removed. */
  addBody(worldId: number, def: BodyDef): number {
    return this.store.addBody(this.world(worldId), def);
  }

  removeBody(worldId: number, bodyId: number): void {
    this.store.removeBody(this.world(worldId), bodyId);
  }

  /** Teleports or kicks a body; takes effect at the next step. */
  setBody(worldId: number, bodyId: number, patch: Partial<BodyState>): void {
    const rec = this.world(worldId);
    this.store.writeState(this.store.checkSlot(rec, bodyId), patch);
  }

  getBody(worldId: number, bodyId: number): BodyState {
    const rec = this.world(worldId);
    const o = this.store.checkSlot(rec, bodyId) * L.STATE_WORDS;
    const s = this.store.state;
    return { x: s[o]!, y: s[o + 1]!, vx: s[o + 2]!, vy: s[o + 3]! };
  }

  /** Live body ids of a world, ascending. */
  bodyIds(worldId: number): number[] {
    const rec = this.world(worldId);
    const out: number[] = [];
    for (let k = 0; k < rec.bodyCap; k++) {
      if (this.store.propsU[(rec.bodyOffset + k) * L.PROPS_WORDS + L.P_FLAGS]! & L.FLAG_ACTIVE) out.push(k);
    }
    return out;
  }

  /** Steps the given worlds (default: all) once, in one GPU submit. */
  step(worldIds?: Iterable<number>): Promise<StepReport> {
    this.alive();
    const ids = worldIds ? [...new Set(worldIds)] : [...this.store.worlds.keys()];
    for (const id of ids) this.world(id);
    const run = this.chain.then(() => this.runStep(ids.sort((a, b) => a - b)));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Contact pairs of a world's last step, sorted; `overflow` counts dropped pairs. */
  contacts(worldId: number): ContactReport {
    const rec = this.world(worldId);
    const cached = this.contactCache.get(worldId);
    if (cached) return cached;
    const total = this.store.contactTotals[worldId]!;
    const kept = Math.min(total, rec.contactCap);
    const pairs: Array<[number, number]> = [];
    const P = this.store.contactPairs;
    for (let k = 0; k < kept; k++) {
      const at = (rec.contactOffset + k) * 2;
      pairs.push([P[at]!, P[at + 1]!]);
    }
    pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const report = { pairs, total, overflow: total - kept };
    this.contactCache.set(worldId, report);
    return report;
  }

  /** Body ids the observer saw at its world's last step: within radius, nearest first, at most K. */
  visible(worldId: number, observerId: number): number[] {
    const rec = this.world(worldId);
    const o = this.store.checkSlot(rec, observerId) * L.PROPS_WORDS;
    if ((this.store.propsU[o + L.P_FLAGS]! & L.FLAG_OBSERVER) === 0) throw new RangeError(`body ${observerId} is not an observer`);
    const base = this.store.propsU[o + L.P_OBSERVER]! * (this.store.interestK + 1);
    const n = this.store.interest[base]!;
    return Array.from(this.store.interest.subarray(base + 1, base + 1 + n));
  }

  info(): EngineInfo {
    const ctx = this.gpu?.ctx;
    return {
      backend: this.active.kind,
      requestedBackend: this.requested,
      adapter: ctx ? { ...ctx.summary } : null,
      limits: ctx ? { ...ctx.limits } : {},
      dawnOptions: ctx ? [...ctx.dawnOptions] : [],
      interestK: this.store.interestK,
      fallbackReason: this.fallbackReason,
    };
  }

  stats(): SimStats {
    return {
      backend: this.active.kind,
      worlds: this.store.worlds.size,
      bodies: this.store.liveBodies,
      steps: this.steps,
      worldSteps: this.worldSteps,
      lastStepMs: this.lastMs,
      avgStepMs: this.steps > 0 ? this.totalMs / this.steps : 0,
      fallbacks: this.fallbacks,
      gpuBuffers: this.gpu?.liveBuffers() ?? 0,
      uploadedBytes: this.gpu?.uploadedBytes ?? 0,
    };
  }

  /** The WebGPU device while on the GPU path (tests destroy it to simulate loss). */
  gpuDevice(): GPUDevice | null {
    return this.active.kind === 'gpu' ? (this.gpu?.ctx.device ?? null) : null;
  }

  /** Waits for pending steps, then frees every GPU buffer and the device. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    await this.chain;
    this.destroyed = true;
    this.gpu?.destroy();
    this.cpu.destroy();
  }

  private async runStep(due: number[]): Promise<StepReport> {
    const t0 = performance.now();
    const present = due.filter((id) => this.store.worlds.has(id));
    this.store.markDue(new Set(present));
    if (present.length > 0) {
      if (this.active === this.gpu && this.gpu) {
        try {
          await this.gpu.step(this.store, present);
        } catch (err) {
          // The store is untouched by a failed GPU step, so the CPU redoes it from the last synced state.
          this.fallBack((err as Error).message);
          this.cpu.stepSync(this.store, present);
        }
      } else {
        this.cpu.stepSync(this.store, present);
      }
    }
    const ms = performance.now() - t0;
    this.contactCache.clear();
    this.steps++;
    this.worldSteps += present.length;
    this.lastMs = ms;
    this.totalMs += ms;
    return { worlds: present, backend: this.active.kind, ms };
  }

  private fallBack(reason: string): void {
    if (this.active !== this.gpu) return;
    this.fallbacks++;
    this.fallbackReason = reason;
    this.active = this.cpu;
    try {
      this.gpu?.destroy();
    } catch {
      // A lost device may refuse further calls; its memory is gone either way.
    }
    this.onFallback?.(reason);
  }

  private world(id: number): WorldRecord {
    this.alive();
    const rec = this.store.worlds.get(id);
    if (!rec) throw new RangeError(`no world ${id}`);
    return rec;
  }

  private alive(): void {
    if (this.destroyed) throw new Error('SimEngine destroyed');
  }
}
