import * as L from '../world-layout.js';

const F = Math.fround;

/** World parameters the CPU passes need, read once per world per step. */
export interface WorldView {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  gx: number;
  gy: number;
  dt: number;
  invCell: number;
  gridW: number;
  gridH: number;
  bodyOffset: number;
  bodyCap: number;
  boxOffset: number;
  boxCount: number;
  contactOffset: number;
  contactCap: number;
  correction: number;
}

export function readWorld(worldF: Float32Array, worldU: Uint32Array, id: number): WorldView {
  const o = id * L.WORLD_WORDS;
  return {
    minX: worldF[o + L.W_MIN_X]!,
    minY: worldF[o + L.W_MIN_Y]!,
    maxX: worldF[o + L.W_MAX_X]!,
    maxY: worldF[o + L.W_MAX_Y]!,
    gx: worldF[o + L.W_GRAVITY_X]!,
    gy: worldF[o + L.W_GRAVITY_Y]!,
    dt: worldF[o + L.W_DT]!,
    invCell: worldF[o + L.W_INV_CELL]!,
    gridW: worldU[o + L.W_GRID_W]!,
    gridH: worldU[o + L.W_GRID_H]!,
    bodyOffset: worldU[o + L.W_BODY_OFFSET]!,
    bodyCap: worldU[o + L.W_BODY_CAP]!,
    boxOffset: worldU[o + L.W_BOX_OFFSET]!,
    boxCount: worldU[o + L.W_BOX_COUNT]!,
    contactOffset: worldU[o + L.W_CONTACT_OFFSET]!,
    contactCap: worldU[o + L.W_CONTACT_CAP]!,
    correction: worldF[o + L.W_CORRECTION]!,
  };
}

/** Cell column of x, computed with the same f32 ops and clamping as cellCoord() in common.wgsl. */
export function cellX(w: WorldView, x: number): number {
  const c = Math.floor(F(F(x - w.minX) * w.invCell));
  return Math.min(Math.max(c, 0), w.gridW - 1);
}

export function cellY(w: WorldView, y: number): number {
  const c = Math.floor(F(F(y - w.minY) * w.invCell));
  return Math.min(Math.max(c, 0), w.gridH - 1);
}

/**
 * Uniform grid of one world as a counting sort: start[c]..start[c+1] indexes
 * `bodies`, which holds slot numbers ascending within each cell (the order the
 * GPU reaches after its per-cell sort pass).
 */
export class CpuGrid {
  start = new Uint32Array(1);
  bodies = new Uint32Array(0);
  private cursor = new Uint32Array(0);

  build(w: WorldView, propsU: Uint32Array, state: Float32Array): void {
    const cells = w.gridW * w.gridH;
    if (this.start.length < cells + 1) {
      this.start = new Uint32Array(cells + 1);
      this.cursor = new Uint32Array(cells);
    }
    if (this.bodies.length < w.bodyCap) this.bodies = new Uint32Array(w.bodyCap);
    const start = this.start;
    const cursor = this.cursor;
    start.fill(0, 0, cells + 1);
    const end = w.bodyOffset + w.bodyCap;
    for (let s = w.bodyOffset; s < end; s++) {
      if ((propsU[s * L.PROPS_WORDS + L.P_FLAGS]! & L.FLAG_ACTIVE) === 0) continue;
      start[this.cellOf(w, state, s) + 1]!++;
    }
    for (let c = 0; c < cells; c++) start[c + 1]! += start[c]!;
    cursor.set(start.subarray(0, cells));
    for (let s = w.bodyOffset; s < end; s++) {
      if ((propsU[s * L.PROPS_WORDS + L.P_FLAGS]! & L.FLAG_ACTIVE) === 0) continue;
      const c = this.cellOf(w, state, s);
      this.bodies[cursor[c]!++] = s;
    }
  }

  cellOf(w: WorldView, state: Float32Array, slot: number): number {
    const o = slot * L.STATE_WORDS;
    return cellY(w, state[o + L.S_Y]!) * w.gridW + cellX(w, state[o + L.S_X]!);
  }
}
