// Shared fixtures for the gpu/ tests: engines on both backends and seeded scenes.
import assert from 'node:assert/strict';
import { createSimEngine, type BackendKind, type BodyDef, type SimEngine, type WorldOptions } from '../../gpu/index.js';

/** Opens an engine on the requested backend; 'gpu' throws (fails the test) when no adapter opens. */
export async function openEngine(kind: BackendKind, interestK = 8): Promise<SimEngine> {
  // Headless Mesa: go straight to OpenGL ES instead of probing Vulkan first.
  process.env.EGL_PLATFORM ??= 'surfaceless';
  const engine = await createSimEngine({ backend: kind, interestK });
  assert.equal(engine.backend, kind, `engine did not start on ${kind}: ${engine.info().fallbackReason}`);
  return engine;
}

export const BACKENDS: BackendKind[] = ['cpu', 'gpu'];

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

export const BOX_WORLD: WorldOptions = {
  bounds: { minX: 0, minY: 0, maxX: 10, maxY: 10 },
  maxRadius: 1,
};

/** A mixed scene: gravity, boxes, varied mass/restitution/damping, layers, sensors and observers. */
export function mixedScene(engine: SimEngine, seed: number, count = 120): number {
  const r = rng(seed);
  const world = engine.createWorld({
    bounds: { minX: -20, minY: -20, maxX: 20, maxY: 20 },
    gravity: { x: 0, y: -4 },
    maxRadius: 1,
    maxBodies: 256,
    maxContacts: 512,
    boxes: [
      { minX: -6, minY: -4, maxX: 6, maxY: -2 },
      { minX: 8, minY: 5, maxX: 11, maxY: 12 },
    ],
  });
  for (let i = 0; i < count; i++) {
    const def: BodyDef = {
      x: -19 + r() * 38,
      y: -19 + r() * 38,
      vx: r() * 12 - 6,
      vy: r() * 12 - 6,
      radius: 0.3 + r() * 0.7,
      mass: i % 17 === 0 ? 0 : 0.5 + r() * 2,
      restitution: r(),
      damping: r() * 0.3,
      layer: i % 5 === 0 ? 2 : 1,
      mask: i % 7 === 0 ? 1 : 0xffffffff,
      sensor: i % 11 === 0,
      interestRadius: i % 15 === 0 ? 6 : 0,
    };
    engine.addBody(world, def);
  }
  return world;
}

/** Asserts every live body of two worlds agrees within `rel` relative tolerance. */
export function assertSameState(a: SimEngine, wa: number, b: SimEngine, wb: number, rel = 1e-4, label = ''): void {
  const ids = a.bodyIds(wa);
  assert.deepEqual(ids, b.bodyIds(wb), `${label} body ids differ`);
  for (const id of ids) {
    const x = a.getBody(wa, id);
    const y = b.getBody(wb, id);
    for (const k of ['x', 'y', 'vx', 'vy'] as const) {
      const tol = rel * Math.max(1, Math.abs(y[k]));
      assert.ok(Math.abs(x[k] - y[k]) <= tol, `${label} body ${id}.${k}: ${x[k]} vs ${y[k]}`);
    }
  }
}

export function kineticEnergy(bodies: Array<{ vx: number; vy: number; m: number }>): number {
  return bodies.reduce((e, b) => e + 0.5 * b.m * (b.vx * b.vx + b.vy * b.vy), 0);
}
