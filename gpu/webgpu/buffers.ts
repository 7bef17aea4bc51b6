import * as L from '../world-layout.js';
import type { WorldStore } from '../world-store.js';
import { BUFFER_USAGE as U, type SimPipelines } from './pipelines.js';

/** Byte sizes derived from the store's pool capacities. */
export interface BufferSizes {
  slots: number;
  cells: number;
  worlds: number;
  contactWords: number;
  interestWords: number;
}

/**
 * Every GPU buffer of the simulation plus the bind groups that reference them.
 * Created for one store layout; a pool growth replaces the whole set (rare)
 * instead of complicating every pass with resizable bindings.
 */
export class SimBuffers {
  readonly sizes: BufferSizes;
  readonly params: GPUBuffer;
  readonly worlds: GPUBuffer;
  readonly props: GPUBuffer;
  /** Ping-pong body state: solve reads state[p] and writes state[1 - p]. */
  readonly state: [GPUBuffer, GPUBuffer];
  readonly boxes: GPUBuffer;
  readonly counts: GPUBuffer;
  readonly grid: GPUBuffer;
  readonly blockSums: GPUBuffer;
  readonly contacts: GPUBuffer;
  readonly interest: GPUBuffer;
  readonly staging: GPUBuffer;
  readonly stagingBytes: number;
  readonly groups: {
    integrate: [GPUBindGroup, GPUBindGroup];
    grid: [GPUBindGroup, GPUBindGroup];
    scan: GPUBindGroup;
    solve: [GPUBindGroup, GPUBindGroup];
    interest: [GPUBindGroup, GPUBindGroup];
  };
  private readonly all: GPUBuffer[] = [];

  constructor(device: GPUDevice, pipes: SimPipelines, store: WorldStore) {
    const K1 = store.interestK + 1;
    this.sizes = {
      slots: store.bodyCap,
      cells: store.cellCap,
      worlds: store.worldCap,
      contactWords: store.worldCap + 2 * store.contactCap,
      interestWords: Math.max(1, store.observerCap * K1),
    };
    const s = this.sizes;
    const make = (label: string, bytes: number, usage: number) => {
      const b = device.createBuffer({ label: `sim-${label}`, size: Math.max(16, align4(bytes)), usage });
      this.all.push(b);
      return b;
    };
    const storageIn = U.STORAGE | U.COPY_DST;
    this.params = make('params', L.PARAMS_WORDS * 4, U.UNIFORM | U.COPY_DST);
    this.worlds = make('worlds', s.worlds * L.WORLD_WORDS * 4, storageIn);
    this.props = make('props', s.slots * L.PROPS_WORDS * 4, storageIn);
    this.state = [
      make('state-a', s.slots * L.STATE_WORDS * 4, storageIn | U.COPY_SRC),
      make('state-b', s.slots * L.STATE_WORDS * 4, storageIn | U.COPY_SRC),
    ];
    this.boxes = make('boxes', Math.max(1, store.boxCap) * L.BOX_WORDS * 4, storageIn);
    this.counts = make('counts', s.cells * 4, storageIn);
    this.grid = make('grid', (s.cells + 1 + s.slots) * 4, U.STORAGE);
    this.blockSums = make('block-sums', Math.ceil(s.cells / L.SCAN_BLOCK) * 4, U.STORAGE);
    this.contacts = make('contacts', s.contactWords * 4, storageIn | U.COPY_SRC);
    this.interest = make('interest', s.interestWords * 4, U.STORAGE | U.COPY_SRC);
    this.stagingBytes = align4(s.slots * L.STATE_WORDS * 4 + s.contactWords * 4 + s.interestWords * 4);
    this.staging = make('staging', this.stagingBytes, U.MAP_READ | U.COPY_DST);

    const group = (layout: GPUBindGroupLayout, buffers: GPUBuffer[], label: string) =>
      device.createBindGroup({ label, layout, entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })) });
    const ly = pipes.layouts;
    const [A, B] = this.state;
    const common = [this.params, this.worlds, this.props];
    this.groups = {
      integrate: [group(ly.integrate, [...common, A], 'integrate-a'), group(ly.integrate, [...common, B], 'integrate-b')],
      grid: [
        group(ly.grid, [...common, A, this.counts, this.grid], 'grid-a'),
        group(ly.grid, [...common, B, this.counts, this.grid], 'grid-b'),
      ],
      scan: group(ly.scan, [this.params, this.counts, this.grid, this.blockSums], 'scan'),
      solve: [
        group(ly.solve, [...common, this.boxes, A, B, this.grid, this.contacts], 'solve-ab'),
        group(ly.solve, [...common, this.boxes, B, A, this.grid, this.contacts], 'solve-ba'),
      ],
      interest: [
        group(ly.interest, [...common, A, this.grid, this.interest], 'interest-a'),
        group(ly.interest, [...common, B, this.grid, this.interest], 'interest-b'),
      ],
    };
  }

  get count(): number {
    return this.all.length;
  }

  destroy(): void {
    for (const b of this.all) b.destroy();
    this.all.length = 0;
  }
}

function align4(n: number): number {
  return Math.ceil(n / 4) * 4;
}
