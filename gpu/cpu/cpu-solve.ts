import * as L from '../world-layout.js';
import type { WorldStore } from '../world-store.js';
import { cellX, cellY, type CpuGrid, type WorldView } from './cpu-grid.js';

const F = Math.fround;

/**
 * Narrowphase + response for one world, op-for-op the same as solve.wgsl:
 * every body sums its circle-circle corrections from the integrated state
 * (Jacobi; neighbours visited in cell order, slots ascending), then resolves
 * static boxes in index order and finally the world bounds. Results go to
 * `out` (same layout as store.state) so every body reads the same input.
 */
export function solveWorld(
  store: WorldStore,
  worldId: number,
  w: WorldView,
  grid: CpuGrid,
  out: Float32Array,
): void {
  const pf = store.propsF;
  const pu = store.propsU;
  const st = store.state;
  const boxes = store.boxes;
  const pairs = store.contactPairs;
  let total = 0;
  const end = w.bodyOffset + w.bodyCap;
  for (let i = w.bodyOffset; i < end; i++) {
    const io = i * L.STATE_WORDS;
    const po = i * L.PROPS_WORDS;
    const flags = pu[po + L.P_FLAGS]!;
    if ((flags & L.FLAG_ACTIVE) === 0) {
      out.set(st.subarray(io, io + 4), io);
      continue;
    }
    let px = st[io]!;
    let py = st[io + 1]!;
    let vx = st[io + 2]!;
    let vy = st[io + 3]!;
    const radius = pf[po + L.P_RADIUS]!;
    const invMass = pf[po + L.P_INV_MASS]!;
    const rest = pf[po + L.P_RESTITUTION]!;
    const layer = pu[po + L.P_LAYER]!;
    const mask = pu[po + L.P_MASK]!;
    const sensor = (flags & L.FLAG_SENSOR) !== 0;
    let dpx = 0;
    let dpy = 0;
    let dvx = 0;
    let dvy = 0;
    const cx = cellX(w, px);
    const cy = cellY(w, py);
    for (let oy = -1; oy <= 1; oy++) {
      const gy = cy + oy;
      if (gy < 0 || gy >= w.gridH) continue;
      for (let ox = -1; ox <= 1; ox++) {
        const gx = cx + ox;
        if (gx < 0 || gx >= w.gridW) continue;
        const c = gy * w.gridW + gx;
        for (let k = grid.start[c]!; k < grid.start[c + 1]!; k++) {
          const j = grid.bodies[k]!;
          if (j === i) continue;
          const qo = j * L.PROPS_WORDS;
          if ((layer & pu[qo + L.P_MASK]!) === 0 || (pu[qo + L.P_LAYER]! & mask) === 0) continue;
          const jo = j * L.STATE_WORDS;
          const dx = F(px - st[jo]!);
          const dy = F(py - st[jo + 1]!);
          const d2 = F(F(dx * dx) + F(dy * dy));
          const rs = F(radius + pf[qo + L.P_RADIUS]!);
          if (d2 >= F(rs * rs)) continue;
          if (i < j) {
            if (total < w.contactCap) {
              const at = (w.contactOffset + total) * 2;
              pairs[at] = i - w.bodyOffset;
              pairs[at + 1] = j - w.bodyOffset;
            }
            total++;
          }
          if (sensor || (pu[qo + L.P_FLAGS]! & L.FLAG_SENSOR) !== 0) continue;
          if (invMass === 0) continue;
          const qInv = pf[qo + L.P_INV_MASS]!;
          const wsum = F(invMass + qInv);
          let nx = i < j ? -1 : 1;
          let ny = 0;
          const d = F(Math.sqrt(d2));
          if (d > 0) {
            const inv = F(1 / d);
            nx = F(dx * inv);
            ny = F(dy * inv);
          }
          const pen = F(rs - d);
          const share = F(invMass / wsum);
          const corr = F(F(pen * w.correction) * share);
          dpx = F(dpx + F(nx * corr));
          dpy = F(dpy + F(ny * corr));
          const rvx = F(vx - st[jo + 2]!);
          const rvy = F(vy - st[jo + 3]!);
          const vn = F(F(rvx * nx) + F(rvy * ny));
          if (vn < 0) {
            const e = Math.max(rest, pf[qo + L.P_RESTITUTION]!);
            const jimp = F(F(-F(1 + e) * vn) / wsum);
            const dv = F(jimp * invMass);
            dvx = F(dvx + F(nx * dv));
            dvy = F(dvy + F(ny * dv));
          }
        }
      }
    }
    px = F(px + dpx);
    py = F(py + dpy);
    vx = F(vx + dvx);
    vy = F(vy + dvy);

    if (!sensor && invMass > 0) {
      for (let b = 0; b < w.boxCount; b++) {
        const bo = (w.boxOffset + b) * L.BOX_WORDS;
        const bminX = boxes[bo]!;
        const bminY = boxes[bo + 1]!;
        const bmaxX = boxes[bo + 2]!;
        const bmaxY = boxes[bo + 3]!;
        const qx = Math.min(Math.max(px, bminX), bmaxX);
        const qy = Math.min(Math.max(py, bminY), bmaxY);
        const dx = F(px - qx);
        const dy = F(py - qy);
        const d2 = F(F(dx * dx) + F(dy * dy));
        if (d2 >= F(radius * radius)) continue;
        let nx = 0;
        let ny = 0;
        let pen = 0;
        if (d2 > 0) {
          const d = F(Math.sqrt(d2));
          const inv = F(1 / d);
          nx = F(dx * inv);
          ny = F(dy * inv);
          pen = F(radius - d);
        } else {
          // Centre inside the box: leave through the nearest face (fixed tie order).
          let best = F(px - bminX);
          nx = -1;
          const right = F(bmaxX - px);
          const down = F(py - bminY);
          const up = F(bmaxY - py);
          if (right < best) { best = right; nx = 1; ny = 0; }
          if (down < best) { best = down; nx = 0; ny = -1; }
          if (up < best) { best = up; nx = 0; ny = 1; }
          pen = F(radius + best);
        }
        px = F(px + F(nx * pen));
        py = F(py + F(ny * pen));
        const vn = F(F(vx * nx) + F(vy * ny));
        if (vn < 0) {
          const k = F(F(1 + rest) * vn);
          vx = F(vx - F(k * nx));
          vy = F(vy - F(k * ny));
        }
      }
    }

    if (F(px - radius) < w.minX) {
      px = F(w.minX + radius);
      if (vx < 0) vx = F(-vx * rest);
    }
    if (F(px + radius) > w.maxX) {
      px = F(w.maxX - radius);
      if (vx > 0) vx = F(-vx * rest);
    }
    if (F(py - radius) < w.minY) {
      py = F(w.minY + radius);
      if (vy < 0) vy = F(-vy * rest);
    }
    if (F(py + radius) > w.maxY) {
      py = F(w.maxY - radius);
      if (vy > 0) vy = F(-vy * rest);
    }
    out[io] = px;
    out[io + 1] = py;
    out[io + 2] = vx;
    out[io + 3] = vy;
  }
  store.contactTotals[worldId] = total;
}
