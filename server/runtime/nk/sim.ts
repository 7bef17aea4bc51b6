import type { Aabb, BodyDef, BodyState, WorldOptions } from '../../../gpu/index.js';
import { SimError } from '../../sim/sim-service.js';
import { bool, int, obj, str } from './args.js';
import type { NkArea } from './table.js';

/**
 * Outpost's nk extension for authoritative physics (server/sim over gpu/). A match handler creates worlds
 * with its own `ctx.matchId`; every world of a match is stepped right before each matchLoop call, batched
 * with the other matches ticking at that moment, so matchLoop reads this tick's positions, contacts and
 * visible sets with nk.simWorldState. Worlds are freed when their match ends.
 */
export const SIM_NK_NAMES = ['simWorldCreate', 'simWorldDestroy', 'simBodyAdd', 'simBodySet', 'simBodyRemove', 'simWorldState', 'simInfo'] as const;

function num(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`expects ${what} to be a finite number`);
  return v;
}

function optNum(source: Record<string, unknown>, key: string): number | undefined {
  return source[key] === undefined || source[key] === null ? undefined : num(source[key], key);
}

function box(v: unknown, what: string): Aabb {
  const b = obj(v, `${what} object with minX, minY, maxX, maxY`);
  return { minX: num(b.minX, `${what}.minX`), minY: num(b.minY, `${what}.minY`), maxX: num(b.maxX, `${what}.maxX`), maxY: num(b.maxY, `${what}.maxY`) };
}

function worldOptions(v: unknown): WorldOptions {
  const o = obj(v, 'world options object');
  const gravity = o.gravity === undefined || o.gravity === null ? undefined : obj(o.gravity, 'gravity object with x and y');
  const boxes = o.boxes === undefined || o.boxes === null ? undefined : o.boxes;
  if (boxes !== undefined && !Array.isArray(boxes)) throw new TypeError('expects boxes to be an array');
  return {
    bounds: box(o.bounds, 'bounds'),
    dt: optNum(o, 'dt'),
    gravity: gravity ? { x: num(gravity.x, 'gravity.x'), y: num(gravity.y, 'gravity.y') } : undefined,
    maxRadius: optNum(o, 'maxRadius'),
    cellSize: optNum(o, 'cellSize'),
    maxBodies: o.maxBodies === undefined ? undefined : int(o.maxBodies, 'maxBodies integer'),
    maxContacts: o.maxContacts === undefined ? undefined : int(o.maxContacts, 'maxContacts integer'),
    correction: optNum(o, 'correction'),
    boxes: boxes?.map((b, i) => box(b, `boxes[${i}]`)),
  };
}

function bodyDef(v: unknown): BodyDef {
  const o = obj(v, 'body object');
  return {
    x: num(o.x, 'x'),
    y: num(o.y, 'y'),
    vx: optNum(o, 'vx'),
    vy: optNum(o, 'vy'),
    radius: num(o.radius, 'radius'),
    mass: optNum(o, 'mass'),
    damping: optNum(o, 'damping'),
    restitution: optNum(o, 'restitution'),
    layer: o.layer === undefined ? undefined : int(o.layer, 'layer integer') >>> 0,
    mask: o.mask === undefined ? undefined : int(o.mask, 'mask integer') >>> 0,
    sensor: bool(o.sensor, false),
    interestRadius: optNum(o, 'interestRadius'),
  };
}

function bodyPatch(v: unknown): Partial<BodyState> {
  const o = obj(v, 'body patch object');
  const patch: Partial<BodyState> = {};
  for (const key of ['x', 'y', 'vx', 'vy'] as const) if (o[key] !== undefined) patch[key] = num(o[key], key);
  return patch;
}

export const simArea: NkArea = (table, { sim }) => {
  const service = () => {
    if (!sim) throw new SimError('the simulation is not available on this server');
    return sim;
  };
  table.register('simWorldCreate', ([matchId, options]) => service().createWorld(str(matchId, 'match id string'), worldOptions(options)));
  table.register('simWorldDestroy', ([matchId, world]) => {
    service().destroyWorld(str(matchId, 'match id string'), int(world, 'world id integer'));
    return null;
  });
  table.register('simBodyAdd', ([matchId, world, def]) => service().addBody(str(matchId, 'match id string'), int(world, 'world id integer'), bodyDef(def)));
  table.register('simBodySet', ([matchId, world, body, patch]) => {
    service().setBody(str(matchId, 'match id string'), int(world, 'world id integer'), int(body, 'body id integer'), bodyPatch(patch));
    return null;
  });
  table.register('simBodyRemove', ([matchId, world, body]) => {
    service().removeBody(str(matchId, 'match id string'), int(world, 'world id integer'), int(body, 'body id integer'));
    return null;
  });
  table.register('simWorldState', ([matchId, world]) => service().snapshot(str(matchId, 'match id string'), int(world, 'world id integer')));
  table.register('simInfo', async () => {
    const info = await service().ready();
    return { backend: info.backend, adapter: info.adapter, fallbackReason: info.fallbackReason, stats: service().stats() };
  });
};
