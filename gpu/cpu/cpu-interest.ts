import * as L from '../world-layout.js';
import type { WorldStore } from '../world-store.js';
import { cellX, cellY, type CpuGrid, type WorldView } from './cpu-grid.js';

const F = Math.fround;

/**
 * For every observer of a world: up to K body ids within its interest radius,
 * nearest first, ties by id. The (distance², id) key is a total order, so the
 * result does not depend on visiting order; that is why the GPU may skip the
 * per-cell sort for this grid.
 */
export function interestWorld(store: WorldStore, w: WorldView, grid: CpuGrid, observers: Iterable<number>): void {
  const K = store.interestK;
  const pf = store.propsF;
  const pu = store.propsU;
  const st = store.state;
  const bestD = new Float32Array(K);
  const bestI = new Uint32Array(K);
  for (const local of observers) {
    const o = w.bodyOffset + local;
    const po = o * L.PROPS_WORDS;
    const R = pf[po + L.P_INTEREST_RADIUS]!;
    const R2 = F(R * R);
    const ox = st[o * L.STATE_WORDS]!;
    const oy = st[o * L.STATE_WORDS + 1]!;
    const range = Math.floor(F(R * w.invCell)) + 1;
    const cx = cellX(w, ox);
    const cy = cellY(w, oy);
    const y0 = Math.max(cy - range, 0);
    const y1 = Math.min(cy + range, w.gridH - 1);
    const x0 = Math.max(cx - range, 0);
    const x1 = Math.min(cx + range, w.gridW - 1);
    let n = 0;
    for (let gy = y0; gy <= y1; gy++) {
      for (let gx = x0; gx <= x1; gx++) {
        const c = gy * w.gridW + gx;
        for (let k = grid.start[c]!; k < grid.start[c + 1]!; k++) {
          const j = grid.bodies[k]!;
          if (j === o) continue;
          const dx = F(st[j * L.STATE_WORDS]! - ox);
          const dy = F(st[j * L.STATE_WORDS + 1]! - oy);
          const d2 = F(F(dx * dx) + F(dy * dy));
          if (d2 > R2) continue;
          const id = j - w.bodyOffset;
          if (n === K) {
            const ld = bestD[K - 1]!;
            if (!(d2 < ld || (d2 === ld && id < bestI[K - 1]!))) continue;
          } else {
            n++;
          }
          let b = n - 1;
          while (b > 0) {
            const pd = bestD[b - 1]!;
            if (!(d2 < pd || (d2 === pd && id < bestI[b - 1]!))) break;
            bestD[b] = pd;
            bestI[b] = bestI[b - 1]!;
            b--;
          }
          bestD[b] = d2;
          bestI[b] = id;
        }
      }
    }
    const base = pu[po + L.P_OBSERVER]! * (K + 1);
    store.interest[base] = n;
    store.interest.set(bestI.subarray(0, n), base + 1);
  }
}
