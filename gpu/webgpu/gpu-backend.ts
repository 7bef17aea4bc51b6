import { DeviceLostError, type SimBackend } from '../backend.js';
import * as L from '../world-layout.js';
import type { WorldStore } from '../world-store.js';
import { SimBuffers } from './buffers.js';
import type { GpuContext } from './device.js';
import { createPipelines, MAP_READ, type SimPipelines } from './pipelines.js';
import { uploadDirty } from './upload.js';

/**
 * WebGPU backend: uploads the store's dirty ranges, records every pass for all
 * due worlds into one command encoder and one submit, then reads back the due
 * worlds' state, contacts and interest lists into the store.
 */
export class GpuBackend implements SimBackend {
  readonly kind = 'gpu' as const;
  private buffers: SimBuffers | null = null;
  private layoutVersion = -1;
  /** Which state buffer holds the current state (the next step's input). */
  private parity: 0 | 1 = 0;
  private lostReason: string | null = null;
  private closed = false;
  private readonly params = new Uint32Array(L.PARAMS_WORDS);
  /** Bytes written by dirty-range uploads since creation (a metric for cheap edits). */
  uploadedBytes = 0;
  /** Called once when Dawn reports the device lost (not for our own destroy()). */
  onLost: ((reason: string) => void) | null = null;

  private constructor(
    readonly ctx: GpuContext,
    private readonly pipes: SimPipelines,
  ) {
    ctx.device.lost.then((info) => {
      if (this.closed) return;
      this.lostReason = `device lost (${info.reason}): ${info.message}`;
      this.onLost?.(this.lostReason);
    });
  }

  static async create(ctx: GpuContext, interestK: number): Promise<GpuBackend> {
    ctx.device.pushErrorScope('validation');
    const pipes = await createPipelines(ctx.device, interestK);
    const err = await ctx.device.popErrorScope();
    if (err) throw new Error(`pipeline creation failed: ${err.message}`);
    return new GpuBackend(ctx, pipes);
  }

  get lost(): string | null {
    return this.lostReason;
  }

  liveBuffers(): number {
    return this.buffers?.count ?? 0;
  }

  async step(store: WorldStore, due: readonly number[]): Promise<void> {
    if (this.closed) throw new Error('GPU backend destroyed');
    if (this.lostReason) throw new DeviceLostError(this.lostReason);
    const device = this.ctx.device;
    if (!this.buffers || this.layoutVersion !== store.layoutVersion) {
      this.buffers?.destroy();
      this.buffers = new SimBuffers(device, this.pipes, store);
      this.layoutVersion = store.layoutVersion;
      this.parity = 0;
      store.dirtyProps.markAll();
      store.dirtyState.markAll();
      store.dirtyWorlds.markAll();
      store.dirtyBoxes.markAll();
    }
    const buf = this.buffers;
    const inp = this.parity;
    const out = (1 - inp) as 0 | 1;
    this.uploadedBytes += uploadDirty(device.queue, store, buf, inp);

    const slotCount = store.bodySlotsInUse;
    const cellCount = store.cellsInUse;
    const blockCount = Math.max(1, Math.ceil(cellCount / L.SCAN_BLOCK));
    const maxGroups = this.ctx.limits.maxComputeWorkgroupsPerDimension ?? 65535;
    if (Math.ceil(Math.max(slotCount, cellCount) / L.WORKGROUP) > maxGroups) {
      // One-dimensional dispatches cap the pool; the engine continues on the CPU instead.
      throw new Error(`pool too large for one dispatch (${slotCount} slots, ${cellCount} cells)`);
    }
    const P = this.params;
    P[L.U_SLOT_COUNT] = slotCount;
    P[L.U_CELL_COUNT] = cellCount;
    P[L.U_GRID_BODY_BASE] = cellCount + 1;
    P[L.U_INTEREST_K] = store.interestK;
    P[L.U_WORLD_COUNT] = store.worldCap;
    P[L.U_BLOCK_COUNT] = blockCount;
    P[L.U_CONTACT_BASE] = store.worldCap;
    device.queue.writeBuffer(buf.params, 0, P);

    const recs = due.map((id) => store.worlds.get(id)).filter((r) => r !== undefined);
    const withObservers = recs.filter((r) => r.observers.size > 0);
    const lo = Math.min(...recs.map((r) => r.bodyOffset));
    const hi = Math.max(...recs.map((r) => r.bodyOffset + r.bodyCap));
    const stateBytes = (hi - lo) * L.STATE_WORDS * 4;
    const contactBytes = buf.sizes.contactWords * 4;
    const interestWords = withObservers.length > 0 ? store.observerSlotsInUse * (store.interestK + 1) : 0;

    device.pushErrorScope('validation');
    const enc = device.createCommandEncoder({ label: 'sim-step' });
    enc.clearBuffer(buf.counts, 0, Math.max(4, cellCount * 4));
    enc.clearBuffer(buf.contacts, 0, store.worldCap * 4);
    const slotGroups = Math.ceil(slotCount / L.WORKGROUP);
    const pass = enc.beginComputePass({ label: 'sim-step' });
    pass.setPipeline(this.pipes.integrate);
    pass.setBindGroup(0, buf.groups.integrate[inp]);
    pass.dispatchWorkgroups(slotGroups);
    this.encodeGrid(pass, buf, inp, slotGroups, cellCount, blockCount, true);
    pass.setPipeline(this.pipes.solve);
    pass.setBindGroup(0, buf.groups.solve[inp]);
    pass.dispatchWorkgroups(slotGroups);
    pass.end();
    if (withObservers.length > 0) {
      // Interest needs the grid of the post-solve positions; the cell sort is skipped (order-free top-K).
      enc.clearBuffer(buf.counts, 0, Math.max(4, cellCount * 4));
      const ipass = enc.beginComputePass({ label: 'sim-interest' });
      this.encodeGrid(ipass, buf, out, slotGroups, cellCount, blockCount, false);
      ipass.setPipeline(this.pipes.interest);
      ipass.setBindGroup(0, buf.groups.interest[out]);
      ipass.dispatchWorkgroups(slotGroups);
      ipass.end();
    }
    enc.copyBufferToBuffer(buf.state[out], lo * L.STATE_WORDS * 4, buf.staging, 0, stateBytes);
    enc.copyBufferToBuffer(buf.contacts, 0, buf.staging, stateBytes, contactBytes);
    if (interestWords > 0) enc.copyBufferToBuffer(buf.interest, 0, buf.staging, stateBytes + contactBytes, interestWords * 4);
    device.queue.submit([enc.finish()]);
    const scopeErr = device.popErrorScope();

    const total = stateBytes + contactBytes + interestWords * 4;
    try {
      await buf.staging.mapAsync(MAP_READ, 0, total);
    } catch (err) {
      throw new DeviceLostError(this.lostReason ?? `readback failed: ${(err as Error).message}`);
    }
    const validation = await scopeErr.catch(() => null);
    if (validation) {
      buf.staging.unmap();
      throw new Error(`GPU validation error: ${validation.message}`);
    }
    if (this.lostReason) {
      buf.staging.unmap();
      throw new DeviceLostError(this.lostReason);
    }
    const bytes = buf.staging.getMappedRange(0, total);
    applyReadback(store, bytes, lo, hi, recs, withObservers, stateBytes, contactBytes);
    buf.staging.unmap();
    this.parity = out;
  }

  private encodeGrid(
    pass: GPUComputePassEncoder,
    buf: SimBuffers,
    parity: 0 | 1,
    slotGroups: number,
    cellCount: number,
    blockCount: number,
    sort: boolean,
  ): void {
    pass.setBindGroup(0, buf.groups.grid[parity]);
    pass.setPipeline(this.pipes.countCells);
    pass.dispatchWorkgroups(slotGroups);
    pass.setBindGroup(0, buf.groups.scan);
    pass.setPipeline(this.pipes.scanBlocks);
    pass.dispatchWorkgroups(blockCount);
    pass.setPipeline(this.pipes.scanSums);
    pass.dispatchWorkgroups(1);
    pass.setPipeline(this.pipes.scanAdd);
    pass.dispatchWorkgroups(Math.max(1, Math.ceil(cellCount / 256)));
    pass.setBindGroup(0, buf.groups.grid[parity]);
    pass.setPipeline(this.pipes.scatter);
    pass.dispatchWorkgroups(slotGroups);
    if (sort) {
      pass.setPipeline(this.pipes.sortCells);
      pass.dispatchWorkgroups(Math.max(1, Math.ceil(cellCount / L.WORKGROUP)));
    }
  }

  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    this.buffers?.destroy();
    this.buffers = null;
    this.ctx.close();
  }
}

/** Copies one step's results from the mapped staging range into the store. */
function applyReadback(
  store: WorldStore,
  bytes: ArrayBuffer,
  lo: number,
  hi: number,
  recs: ReadonlyArray<{ id: number; contactOffset: number; contactCap: number; observers: Set<number>; bodyOffset: number }>,
  withObservers: ReadonlyArray<{ observers: Set<number>; bodyOffset: number }>,
  stateBytes: number,
  contactBytes: number,
): void {
  const st = new Float32Array(bytes, 0, stateBytes / 4);
  const touched = store.stateTouched;
  const firstTouched = touched.indexOf(1, lo);
  if (firstTouched < 0 || firstTouched >= hi) {
    store.state.set(st, lo * L.STATE_WORDS);
  } else {
    // A body was written while this step was in flight: keep the host's value.
    for (let s = lo; s < hi; s++) {
      if (touched[s]) continue;
      const k = (s - lo) * L.STATE_WORDS;
      store.state.set(st.subarray(k, k + L.STATE_WORDS), s * L.STATE_WORDS);
    }
  }
  const contacts = new Uint32Array(bytes, stateBytes, contactBytes / 4);
  const base = store.worldCap;
  for (const r of recs) {
    const total = contacts[r.id]!;
    store.contactTotals[r.id] = total;
    const n = Math.min(total, r.contactCap) * 2;
    const at = (base + 2 * r.contactOffset);
    store.contactPairs.set(contacts.subarray(at, at + n), 2 * r.contactOffset);
  }
  if (withObservers.length === 0) return;
  const K1 = store.interestK + 1;
  const interest = new Uint32Array(bytes, stateBytes + contactBytes, store.observerSlotsInUse * K1);
  for (const r of withObservers) {
    for (const local of r.observers) {
      const obs = store.propsU[(r.bodyOffset + local) * L.PROPS_WORDS + L.P_OBSERVER]!;
      store.interest.set(interest.subarray(obs * K1, (obs + 1) * K1), obs * K1);
    }
  }
}
