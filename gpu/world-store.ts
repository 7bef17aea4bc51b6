import { DirtyRanges } from './dirty-ranges.js';
import { IdPool, RangeAllocator } from './range-allocator.js';
import * as L from './world-layout.js';
import type { Aabb, BodyDef, WorldOptions } from './types.js';

const f32 = Math.fround;

/** Host-side bookkeeping for one world; its records live in the shared arrays. */
export interface WorldRecord {
  id: number;
  bodyOffset: number;
  bodyCap: number;
  locals: IdPool;
  live: number;
  cellOffset: number;
  cellCount: number;
  boxOffset: number;
  boxCount: number;
  contactOffset: number;
  contactCap: number;
  maxRadius: number;
  observers: Set<number>;
}

/**
 * The authoritative host mirror of every world: typed arrays laid out exactly
 * like the GPU buffers, pool allocators, dirty tracking and the last step's
 * results. Both backends read and write only through this store, which is what
 * lets the engine switch backends mid-game.
 */
export class WorldStore {
  bodyCap = 0;
  worldCap = 0;
  boxCap = 0;
  cellCap = 0;
  contactCap = 0;
  observerCap = 0;
  /** Bumped whenever a pool grows; the GPU backend then re-creates its buffers. */
  layoutVersion = 0;

  props = new ArrayBuffer(0);
  propsF = new Float32Array(0);
  propsU = new Uint32Array(0);
  state = new Float32Array(0);
  worldBuf = new ArrayBuffer(0);
  worldF = new Float32Array(0);
  worldU = new Uint32Array(0);
  boxes = new Float32Array(0);
  /** Per-world contact totals and the (a, b) local id pairs of the last step. */
  contactTotals = new Uint32Array(0);
  contactPairs = new Uint32Array(0);
  /** Per observer: count, then K local ids nearest first. */
  interest = new Uint32Array(0);
  /** 1 where the host wrote a body's state after the last upload; readbacks skip it. */
  stateTouched = new Uint8Array(0);

  readonly dirtyProps = new DirtyRanges(0);
  readonly dirtyState = new DirtyRanges(0);
  readonly dirtyWorlds = new DirtyRanges(0, 16);
  readonly dirtyBoxes = new DirtyRanges(0, 64);

  private readonly bodyAlloc = new RangeAllocator(0);
  private readonly cellAlloc = new RangeAllocator(0);
  private readonly boxAlloc = new RangeAllocator(0);
  private readonly contactAlloc = new RangeAllocator(0);
  private readonly worldIds = new IdPool();
  private readonly observerIds = new IdPool();
  readonly worlds = new Map<number, WorldRecord>();

  constructor(readonly interestK: number) {
    this.resize({ bodies: 1024, worlds: 16, boxes: 64, cells: 4096, contacts: 1024, observers: 64 });
  }

  get bodySlotsInUse(): number {
    return this.bodyAlloc.highWater;
  }
  get cellsInUse(): number {
    return this.cellAlloc.highWater;
  }
  get worldSlotsInUse(): number {
    return this.worldIds.issued;
  }
  get observerSlotsInUse(): number {
    return this.observerIds.issued;
  }
  get liveBodies(): number {
    let n = 0;
    for (const w of this.worlds.values()) n += w.live;
    return n;
  }

  createWorld(opts: WorldOptions): WorldRecord {
    const b = opts.bounds;
    if (!(b.maxX > b.minX && b.maxY > b.minY)) throw new RangeError('world bounds must have positive area');
    const maxRadius = opts.maxRadius ?? 1;
    let cellSize = opts.cellSize ?? 2 * maxRadius;
    if (!(cellSize >= 2 * maxRadius)) throw new RangeError('cellSize must be >= 2 * maxRadius');
    // Keep grids bounded: a huge world with tiny bodies gets coarser cells, never more memory.
    const maxCells = 1 << 18;
    while (Math.ceil((b.maxX - b.minX) / cellSize) * Math.ceil((b.maxY - b.minY) / cellSize) > maxCells) cellSize *= 2;
    const gridW = Math.max(1, Math.ceil((b.maxX - b.minX) / cellSize));
    const gridH = Math.max(1, Math.ceil((b.maxY - b.minY) / cellSize));
    const bodyCap = opts.maxBodies ?? 1024;
    const contactCap = opts.maxContacts ?? 256;
    const boxes = opts.boxes ?? [];

    const id = this.worldIds.take();
    const rec: WorldRecord = {
      id,
      bodyOffset: this.allocate('bodies', bodyCap),
      bodyCap,
      locals: new IdPool(),
      live: 0,
      cellOffset: this.allocate('cells', gridW * gridH),
      cellCount: gridW * gridH,
      boxOffset: 0,
      boxCount: 0,
      contactOffset: this.allocate('contacts', contactCap),
      contactCap,
      maxRadius: cellSize / 2,
      observers: new Set(),
    };
    if (id >= this.worldCap) this.resize({ worlds: Math.max(this.worldCap * 2, id + 1) });
    this.worlds.set(id, rec);
    const o = id * L.WORLD_WORDS;
    this.worldU.fill(0, o, o + L.WORLD_WORDS);
    const F = this.worldF;
    const U = this.worldU;
    F[o + L.W_MIN_X] = b.minX;
    F[o + L.W_MIN_Y] = b.minY;
    F[o + L.W_MAX_X] = b.maxX;
    F[o + L.W_MAX_Y] = b.maxY;
    F[o + L.W_GRAVITY_X] = opts.gravity?.x ?? 0;
    F[o + L.W_GRAVITY_Y] = opts.gravity?.y ?? 0;
    F[o + L.W_DT] = opts.dt ?? 1 / 60;
    F[o + L.W_INV_CELL] = f32(1 / cellSize);
    U[o + L.W_GRID_W] = gridW;
    U[o + L.W_GRID_H] = gridH;
    U[o + L.W_CELL_OFFSET] = rec.cellOffset;
    U[o + L.W_BODY_OFFSET] = rec.bodyOffset;
    U[o + L.W_CONTACT_OFFSET] = rec.contactOffset;
    U[o + L.W_CONTACT_CAP] = contactCap;
    F[o + L.W_CORRECTION] = opts.correction ?? 0.8;
    U[o + L.W_BODY_CAP] = bodyCap;
    this.dirtyWorlds.mark(id);
    // Fresh slots must read as inactive on the GPU even if a previous world used them.
    this.propsU.fill(0, rec.bodyOffset * L.PROPS_WORDS, (rec.bodyOffset + bodyCap) * L.PROPS_WORDS);
    this.dirtyProps.mark(rec.bodyOffset, bodyCap);
    this.setBoxes(rec, boxes);
    return rec;
  }

  destroyWorld(rec: WorldRecord): void {
    for (const local of rec.observers) this.observerIds.give(this.propsU[(rec.bodyOffset + local) * L.PROPS_WORDS + L.P_OBSERVER]!);
    this.propsU.fill(0, rec.bodyOffset * L.PROPS_WORDS, (rec.bodyOffset + rec.bodyCap) * L.PROPS_WORDS);
    this.dirtyProps.mark(rec.bodyOffset, rec.bodyCap);
    this.bodyAlloc.release(rec.bodyOffset, rec.bodyCap);
    this.cellAlloc.release(rec.cellOffset, rec.cellCount);
    this.boxAlloc.release(rec.boxOffset, rec.boxCount);
    this.contactAlloc.release(rec.contactOffset, rec.contactCap);
    this.worldU.fill(0, rec.id * L.WORLD_WORDS, (rec.id + 1) * L.WORLD_WORDS);
    this.dirtyWorlds.mark(rec.id);
    this.worlds.delete(rec.id);
    this.worldIds.give(rec.id);
  }

  setBoxes(rec: WorldRecord, boxes: Aabb[]): void {
    this.boxAlloc.release(rec.boxOffset, rec.boxCount);
    rec.boxOffset = this.allocate('boxes', boxes.length);
    rec.boxCount = boxes.length;
    boxes.forEach((bx, k) => {
      if (!(bx.maxX >= bx.minX && bx.maxY >= bx.minY)) throw new RangeError('box max must be >= min');
      this.boxes.set([bx.minX, bx.minY, bx.maxX, bx.maxY], (rec.boxOffset + k) * L.BOX_WORDS);
    });
    this.dirtyBoxes.mark(rec.boxOffset, boxes.length);
    const o = rec.id * L.WORLD_WORDS;
    this.worldU[o + L.W_BOX_OFFSET] = rec.boxOffset;
    this.worldU[o + L.W_BOX_COUNT] = rec.boxCount;
    this.dirtyWorlds.mark(rec.id);
  }

  addBody(rec: WorldRecord, def: BodyDef): number {
    if (!(def.radius > 0) || def.radius > rec.maxRadius) {
      throw new RangeError(`radius must be in (0, ${rec.maxRadius}] for this world (cellSize / 2)`);
    }
    if (rec.locals.inUse >= rec.bodyCap) throw new RangeError(`world ${rec.id} is full (${rec.bodyCap} bodies)`);
    const local = rec.locals.take();
    const slot = rec.bodyOffset + local;
    const mass = def.mass ?? 1;
    const pf = this.propsF;
    const pu = this.propsU;
    const o = slot * L.PROPS_WORDS;
    pu.fill(0, o, o + L.PROPS_WORDS);
    pf[o + L.P_RADIUS] = def.radius;
    pf[o + L.P_INV_MASS] = mass > 0 && Number.isFinite(mass) ? 1 / mass : 0;
    pf[o + L.P_DAMPING] = def.damping ?? 0;
    pf[o + L.P_RESTITUTION] = def.restitution ?? 0.5;
    pu[o + L.P_LAYER] = (def.layer ?? 1) >>> 0;
    pu[o + L.P_MASK] = (def.mask ?? 0xffffffff) >>> 0;
    let flags = L.FLAG_ACTIVE | (def.sensor ? L.FLAG_SENSOR : 0);
    if (def.interestRadius !== undefined && def.interestRadius > 0) {
      flags |= L.FLAG_OBSERVER;
      const obs = this.observerIds.take();
      if (obs >= this.observerCap) this.resize({ observers: Math.max(this.observerCap * 2, obs + 1) });
      pf[o + L.P_INTEREST_RADIUS] = def.interestRadius;
      pu[o + L.P_OBSERVER] = obs;
      this.interest[obs * (this.interestK + 1)] = 0;
      rec.observers.add(local);
    }
    pu[o + L.P_FLAGS] = flags;
    pu[o + L.P_WORLD] = rec.id;
    this.dirtyProps.mark(slot);
    this.writeState(slot, { x: def.x, y: def.y, vx: def.vx ?? 0, vy: def.vy ?? 0 });
    rec.live++;
    return local;
  }

  removeBody(rec: WorldRecord, local: number): void {
    const slot = this.checkSlot(rec, local);
    const o = slot * L.PROPS_WORDS;
    if (this.propsU[o + L.P_FLAGS]! & L.FLAG_OBSERVER) {
      this.observerIds.give(this.propsU[o + L.P_OBSERVER]!);
      rec.observers.delete(local);
    }
    this.propsU.fill(0, o, o + L.PROPS_WORDS);
    this.dirtyProps.mark(slot);
    rec.locals.give(local);
    rec.live--;
  }

  /** Slot index of a live body, or throws. */
  checkSlot(rec: WorldRecord, local: number): number {
    if (!Number.isInteger(local) || local < 0 || local >= rec.bodyCap) throw new RangeError(`bad body id ${local}`);
    const slot = rec.bodyOffset + local;
    if ((this.propsU[slot * L.PROPS_WORDS + L.P_FLAGS]! & L.FLAG_ACTIVE) === 0) {
      throw new RangeError(`body ${local} does not exist in world ${rec.id}`);
    }
    return slot;
  }

  writeState(slot: number, s: { x?: number; y?: number; vx?: number; vy?: number }): void {
    const o = slot * L.STATE_WORDS;
    if (s.x !== undefined) this.state[o + L.S_X] = s.x;
    if (s.y !== undefined) this.state[o + L.S_Y] = s.y;
    if (s.vx !== undefined) this.state[o + L.S_VX] = s.vx;
    if (s.vy !== undefined) this.state[o + L.S_VY] = s.vy;
    this.stateTouched[slot] = 1;
    this.dirtyState.mark(slot);
  }

  /** Sets the due flag of every world; returns true if any flag changed. */
  markDue(due: ReadonlySet<number>): void {
    for (const rec of this.worlds.values()) {
      const at = rec.id * L.WORLD_WORDS + L.W_DUE;
      const v = due.has(rec.id) ? 1 : 0;
      if (this.worldU[at] !== v) {
        this.worldU[at] = v;
        this.dirtyWorlds.mark(rec.id);
      }
    }
  }

  private allocate(pool: 'bodies' | 'cells' | 'boxes' | 'contacts', len: number): number {
    const alloc = { bodies: this.bodyAlloc, cells: this.cellAlloc, boxes: this.boxAlloc, contacts: this.contactAlloc }[pool];
    let at = alloc.alloc(len);
    if (at >= 0) return at;
    let cap = Math.max(alloc.capacity, 1);
    while (cap < alloc.capacity + len) cap *= 2;
    this.resize({ [pool]: cap });
    at = alloc.alloc(len);
    if (at < 0) throw new Error(`allocator for ${pool} failed after growth`);
    return at;
  }

  /** Grows pools (never shrinks) and re-creates the arrays, keeping contents. */
  private resize(c: Partial<Record<'bodies' | 'worlds' | 'boxes' | 'cells' | 'contacts' | 'observers', number>>): void {
    const K1 = this.interestK + 1;
    if (c.bodies !== undefined && c.bodies > this.bodyCap) {
      const n = c.bodies;
      const props = new ArrayBuffer(n * L.PROPS_WORDS * 4);
      new Uint8Array(props).set(new Uint8Array(this.props));
      this.props = props;
      this.propsF = new Float32Array(props);
      this.propsU = new Uint32Array(props);
      this.state = grow(this.state, n * L.STATE_WORDS, Float32Array);
      this.stateTouched = grow(this.stateTouched, n, Uint8Array);
      this.bodyAlloc.grow(n);
      this.bodyCap = n;
      this.dirtyProps.resize(n);
      this.dirtyState.resize(n);
    }
    if (c.worlds !== undefined && c.worlds > this.worldCap) {
      const n = c.worlds;
      const buf = new ArrayBuffer(n * L.WORLD_WORDS * 4);
      new Uint8Array(buf).set(new Uint8Array(this.worldBuf));
      this.worldBuf = buf;
      this.worldF = new Float32Array(buf);
      this.worldU = new Uint32Array(buf);
      this.contactTotals = grow(this.contactTotals, n, Uint32Array);
      this.worldCap = n;
      this.dirtyWorlds.resize(n);
    }
    if (c.boxes !== undefined && c.boxes > this.boxCap) {
      this.boxes = grow(this.boxes, c.boxes * L.BOX_WORDS, Float32Array);
      this.boxAlloc.grow(c.boxes);
      this.boxCap = c.boxes;
      this.dirtyBoxes.resize(c.boxes);
    }
    if (c.cells !== undefined && c.cells > this.cellCap) {
      this.cellAlloc.grow(c.cells);
      this.cellCap = c.cells;
    }
    if (c.contacts !== undefined && c.contacts > this.contactCap) {
      this.contactPairs = grow(this.contactPairs, c.contacts * 2, Uint32Array);
      this.contactAlloc.grow(c.contacts);
      this.contactCap = c.contacts;
    }
    if (c.observers !== undefined && c.observers > this.observerCap) {
      this.interest = grow(this.interest, c.observers * K1, Uint32Array);
      this.observerCap = c.observers;
    }
    this.layoutVersion++;
    this.dirtyProps.markAll();
    this.dirtyState.markAll();
    this.dirtyWorlds.markAll();
    this.dirtyBoxes.markAll();
  }
}

function grow<T extends Float32Array | Uint32Array | Uint8Array>(
  old: T,
  length: number,
  Ctor: new (n: number) => T,
): T {
  const next = new Ctor(length);
  next.set(old as never);
  return next;
}
