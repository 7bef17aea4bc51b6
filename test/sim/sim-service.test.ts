import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../server/common/logger.js';
import { SimError, SimService } from '../../server/sim/sim-service.js';
import type { BackendKind } from '../../gpu/index.js';

const quiet = createLogger({ level: 'error', format: 'text', write: () => {} });

function service(backend: BackendKind): SimService {
  process.env.EGL_PLATFORM ??= 'surfaceless';
  return new SimService({ backend, interestK: 8, maxWorldsPerOwner: 2, maxBodiesPerWorld: 4096 }, quiet);
}

const ARENA = { bounds: { minX: 0, minY: 0, maxX: 50, maxY: 50 }, dt: 1 / 10, maxRadius: 1, maxBodies: 64 };

for (const backend of ['cpu', 'gpu'] as const) {
  test(`sim bridge on ${backend}: worlds of two matches step in one dispatch and report contacts and interest`, async () => {
    const sim = service(backend);
    await sim.start();
    try {
      const a = await sim.createWorld('match-a', ARENA);
      const b = await sim.createWorld('match-b', ARENA);
      assert.equal(sim.info()!.backend, backend);
      // Two bodies heading at each other in match a, one observer in match b.
      const left = sim.addBody('match-a', a, { x: 10, y: 10, vx: 5, radius: 1, restitution: 1 });
      const right = sim.addBody('match-a', a, { x: 14, y: 10, vx: -5, radius: 1, restitution: 1 });
      const eye = sim.addBody('match-b', b, { x: 25, y: 25, radius: 0.5, interestRadius: 10 });
      const near = sim.addBody('match-b', b, { x: 28, y: 25, radius: 0.5 });
      const far = sim.addBody('match-b', b, { x: 45, y: 45, radius: 0.5 });

      const before = sim.stats()!.steps;
      await Promise.all([sim.step('match-a', a), sim.step('match-b', b)]);
      assert.equal(sim.stats()!.steps, before + 1, 'both worlds stepped in one engine step');

      let touched = false;
      for (let i = 0; i < 10 && !touched; i++) {
        await sim.step('match-a', a);
        touched = sim.snapshot('match-a', a).contacts.some(([x, y]) => x === left && y === right);
      }
      assert.ok(touched, 'the two bodies collided and the contact was reported');
      const snapA = sim.snapshot('match-a', a);
      const vl = snapA.bodies.find((body) => body.id === left)!.vx;
      assert.ok(vl < 0, `left body bounced back (vx ${vl})`);

      const snapB = sim.snapshot('match-b', b);
      // The observer sees the near body and not itself; the far one is out of its radius.
      assert.deepEqual(snapB.visible[eye], [near]);
      assert.ok(!snapB.visible[eye]!.includes(far));
    } finally {
      await sim.stop();
    }
  });
}

test('sim bridge: a match can only touch its own worlds, limits hold, and ending a match frees its worlds', async () => {
  const sim = service('cpu');
  await sim.start();
  try {
    const w = await sim.createWorld('m1', ARENA);
    assert.throws(() => sim.addBody('m2', w, { x: 1, y: 1, radius: 0.5 }), SimError);
    assert.throws(() => sim.addBody('m1', w, { x: Number.NaN, y: 1, radius: 0.5 }), /finite/);
    assert.throws(() => sim.addBody('m1', w, { x: 1, y: 1, radius: 5 }), /radius/);
    assert.throws(() => sim.setBody('m1', w, 99, { x: 1 }), SimError);
    await assert.rejects(sim.createWorld('m1', { ...ARENA, maxBodies: 100_000 }), /over the limit/);
    await assert.rejects(sim.createWorld('m1', { ...ARENA, bounds: { minX: 0, minY: 0, maxX: 0, maxY: 10 } }), /invalid world/);
    await sim.createWorld('m1', ARENA);
    await assert.rejects(sim.createWorld('m1', ARENA), /at most 2 worlds/);
    assert.equal(sim.stats()!.worlds, 2);
    sim.releaseOwner('m1');
    assert.equal(sim.stats()!.worlds, 0);
    assert.throws(() => sim.snapshot('m1', w), SimError);
  } finally {
    await sim.stop();
  }
});
