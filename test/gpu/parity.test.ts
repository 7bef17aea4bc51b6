import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { SimEngine } from '../../gpu/index.js';
import { assertSameState, mixedScene, openEngine } from './helpers.js';

let gpu: SimEngine;
let cpu: SimEngine;
before(async () => {
  gpu = await openEngine('gpu');
  cpu = await openEngine('cpu');
});
after(async () => {
  await gpu?.destroy();
  await cpu?.destroy();
});

test('GPU and CPU agree over 300 steps of a mixed scene (state, contacts, visibility)', async () => {
  const wg = mixedScene(gpu, 42);
  const wc = mixedScene(cpu, 42);
  const observers = cpu.bodyIds(wc).filter((id) => id % 15 === 0);
  let contactSteps = 0;
  let visibleNonEmpty = 0;
  for (let step = 1; step <= 300; step++) {
    await gpu.step([wg]);
    await cpu.step([wc]);
    const cg = gpu.contacts(wg);
    const cc = cpu.contacts(wc);
    assert.equal(cg.total, cc.total, `contact total at step ${step}`);
    assert.deepEqual(cg.pairs, cc.pairs, `contact pairs at step ${step}`);
    if (cc.total > 0) contactSteps++;
    for (const o of observers) {
      const v = cpu.visible(wc, o);
      assert.deepEqual(gpu.visible(wg, o), v, `visible set of ${o} at step ${step}`);
      if (v.length > 0) visibleNonEmpty++;
    }
    if (step % 25 === 0) assertSameState(gpu, wg, cpu, wc, 1e-4, `step ${step}`);
  }
  // Guard against a vacuous pass: the scene must actually collide and see things.
  assert.ok(contactSteps > 200, `only ${contactSteps} steps had contacts`);
  assert.ok(visibleNonEmpty > 100, 'observers saw nothing');
  // Bodies really moved away from their spawn points.
  const fresh = await openEngine('cpu');
  const w0 = mixedScene(fresh, 42);
  const moved = cpu.bodyIds(wc).filter((id) => {
    const a = cpu.getBody(wc, id);
    const b = fresh.getBody(w0, id);
    return Math.hypot(a.x - b.x, a.y - b.y) > 1;
  });
  assert.ok(moved.length > 60, `only ${moved.length} bodies moved`);
  await fresh.destroy();
  assert.equal(gpu.stats().backend, 'gpu');
  assert.equal(gpu.stats().fallbacks, 0);
});

test('GPU and CPU agree on a large sparse grid (multi-chunk prefix scan)', async () => {
  // 600 x 600 with 1-unit cells = 360,000 cells = 704 scan blocks, so scanSums loops over 3 chunks.
  const make = (e: SimEngine) => {
    const w = e.createWorld({ bounds: { minX: 0, minY: 0, maxX: 600, maxY: 600 }, maxRadius: 0.5, maxBodies: 400, maxContacts: 2048 });
    let s = 99;
    const r = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let k = 0; k < 400; k++) {
      // Clusters spread over the whole grid so bodies land in many different scan blocks.
      const c = Math.floor(k / 10);
      const cx = 20 + (c % 8) * 70;
      const cy = 20 + Math.floor(c / 8) * 110;
      e.addBody(w, { x: cx + r() * 3, y: cy + r() * 3, vx: r() * 4 - 2, vy: r() * 4 - 2, radius: 0.5, restitution: 0.9, interestRadius: k % 40 === 0 ? 30 : 0 });
    }
    return w;
  };
  const wg = make(gpu);
  const wc = make(cpu);
  let contacts = 0;
  for (let step = 0; step < 40; step++) {
    await gpu.step([wg]);
    await cpu.step([wc]);
    assert.deepEqual(gpu.contacts(wg), cpu.contacts(wc));
    contacts += cpu.contacts(wc).total;
  }
  assert.ok(contacts > 20, `clusters should collide (${contacts})`);
  assertSameState(gpu, wg, cpu, wc, 1e-4, 'sparse grid');
  assert.ok(cpu.visible(wc, 0).length > 0);
  assert.deepEqual(gpu.visible(wg, 0), cpu.visible(wc, 0));
  assert.deepEqual(gpu.visible(wg, 360), cpu.visible(wc, 360));
});
