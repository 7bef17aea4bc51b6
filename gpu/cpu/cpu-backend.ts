import type { SimBackend } from '../backend.js';
import * as L from '../world-layout.js';
import type { WorldStore } from '../world-store.js';
import { CpuGrid, readWorld, type WorldView } from './cpu-grid.js';
import { interestWorld } from './cpu-interest.js';
import { solveWorld } from './cpu-solve.js';

const F = Math.fround;

/**
 * Reference backend: the same step pipeline as the WGSL passes, run world by
 * world on the store's typed arrays with every float op rounded to f32.
 */
export class CpuBackend implements SimBackend {
  readonly kind = 'cpu' as const;
  private readonly grid = new CpuGrid();
  private scratch = new Float32Array(0);

  async step(store: WorldStore, due: readonly number[]): Promise<void> {
    this.stepSync(store, due);
  }

  /** Synchronous step, for callers that do not need to await a GPU. */
  stepSync(store: WorldStore, due: readonly number[]): void {
    if (this.scratch.length < store.state.length) this.scratch = new Float32Array(store.state.length);
    for (const id of due) {
      const rec = store.worlds.get(id);
      if (!rec) continue;
      const w = readWorld(store.worldF, store.worldU, id);
      integrateWorld(store, w);
      this.grid.build(w, store.propsU, store.state);
      solveWorld(store, id, w, this.grid, this.scratch);
      const a = w.bodyOffset * L.STATE_WORDS;
      const b = (w.bodyOffset + w.bodyCap) * L.STATE_WORDS;
      store.state.set(this.scratch.subarray(a, b), a);
      if (rec.observers.size > 0) {
        this.grid.build(w, store.propsU, store.state);
        interestWorld(store, w, this.grid, rec.observers);
      }
    }
    // The host arrays are the truth on this backend, so nothing is pending upload.
    store.stateTouched.fill(0);
  }

  liveBuffers(): number {
    return 0;
  }

  destroy(): void {
    this.scratch = new Float32Array(0);
  }
}

/** Semi-implicit Euler with damping, as integrate.wgsl. */
function integrateWorld(store: WorldStore, w: WorldView): void {
  const pf = store.propsF;
  const pu = store.propsU;
  const st = store.state;
  const dt = w.dt;
  const gdx = F(w.gx * dt);
  const gdy = F(w.gy * dt);
  const end = w.bodyOffset + w.bodyCap;
  for (let s = w.bodyOffset; s < end; s++) {
    const po = s * L.PROPS_WORDS;
    if ((pu[po + L.P_FLAGS]! & L.FLAG_ACTIVE) === 0) continue;
    const so = s * L.STATE_WORDS;
    const damp = F(1 / F(1 + F(dt * pf[po + L.P_DAMPING]!)));
    let vx = st[so + 2]!;
    let vy = st[so + 3]!;
    if (pf[po + L.P_INV_MASS]! > 0) {
      vx = F(vx + gdx);
      vy = F(vy + gdy);
    }
    vx = F(vx * damp);
    vy = F(vy * damp);
    st[so] = F(st[so]! + F(vx * dt));
    st[so + 1] = F(st[so + 1]! + F(vy * dt));
    st[so + 2] = vx;
    st[so + 3] = vy;
  }
}
