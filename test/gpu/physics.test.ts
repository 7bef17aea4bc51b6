import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { SimEngine } from '../../gpu/index.js';
import { BACKENDS, BOX_WORLD, kineticEnergy, openEngine, rng } from './helpers.js';

const engines = new Map<string, SimEngine>();
before(async () => {
  for (const kind of BACKENDS) engines.set(kind, await openEngine(kind, 4));
});
after(async () => {
  for (const e of engines.values()) await e.destroy();
});

async function steps(e: SimEngine, world: number, n: number): Promise<void> {
  for (let k = 0; k < n; k++) await e.step([world]);
}

for (const kind of BACKENDS) {
  const eng = () => engines.get(kind)!;

  test(`[${kind}] equal masses, head-on elastic collision exchange velocities`, async () => {
    const e = eng();
    const w = e.createWorld({ ...BOX_WORLD, correction: 1 });
    const a = e.addBody(w, { x: 3, y: 5, vx: 2, radius: 0.5, restitution: 1 });
    const b = e.addBody(w, { x: 7, y: 5, vx: -2, radius: 0.5, restitution: 1 });
    await steps(e, w, 60);
    assert.ok(Math.abs(e.getBody(w, a).vx + 2) < 1e-5, `a.vx=${e.getBody(w, a).vx}`);
    assert.ok(Math.abs(e.getBody(w, b).vx - 2) < 1e-5, `b.vx=${e.getBody(w, b).vx}`);
    assert.ok(e.getBody(w, a).x < e.getBody(w, b).x - 1, 'bodies passed through each other');
    e.destroyWorld(w);
  });

  test(`[${kind}] elastic collisions conserve momentum and energy (unequal masses, oblique)`, async () => {
    const e = eng();
    const w = e.createWorld({ bounds: { minX: -100, minY: -100, maxX: 100, maxY: 100 }, maxRadius: 1 });
    const specs = [
      { x: -5, y: 0.3, vx: 3, vy: 0, m: 1 },
      { x: 5, y: 0, vx: -1, vy: 0.2, m: 3 },
      { x: 0, y: 6, vx: 0, vy: -2, m: 2 },
    ];
    const ids = specs.map((s) => e.addBody(w, { ...s, mass: s.m, radius: 0.8, restitution: 1 }));
    const before = specs.map((s) => ({ ...s }));
    let hits = 0;
    for (let k = 0; k < 400; k++) {
      await e.step([w]);
      hits += e.contacts(w).total;
    }
    assert.ok(hits > 0, 'the bodies never touched');
    const now = ids.map((id, i) => ({ ...e.getBody(w, id), m: specs[i]!.m }));
    const px = (bs: typeof now) => bs.reduce((s, b) => s + b.m * b.vx, 0);
    const py = (bs: typeof now) => bs.reduce((s, b) => s + b.m * b.vy, 0);
    assert.ok(Math.abs(px(now) - px(before)) < 1e-4, `px ${px(before)} -> ${px(now)}`);
    assert.ok(Math.abs(py(now) - py(before)) < 1e-4, `py ${py(before)} -> ${py(now)}`);
    const e0 = kineticEnergy(before);
    assert.ok(Math.abs(kineticEnergy(now) - e0) / e0 < 1e-3, `energy ${e0} -> ${kineticEnergy(now)}`);
    // The velocities did change, so the check above is not vacuous.
    assert.ok(Math.abs(now[0]!.vx - 3) > 0.1);
    e.destroyWorld(w);
  });

  test(`[${kind}] bodies stay inside world bounds and bounce with restitution`, async () => {
    const e = eng();
    const w = e.createWorld({ ...BOX_WORLD, dt: 1 / 30 });
    const r = rng(9);
    const ids = Array.from({ length: 20 }, () =>
      e.addBody(w, { x: 1 + r() * 8, y: 1 + r() * 8, vx: r() * 40 - 20, vy: r() * 40 - 20, radius: 0.2, restitution: 1 }),
    );
    const wall = e.addBody(w, { x: 9.4, y: 0.5, vx: 6, radius: 0.5, restitution: 0.5, layer: 4, mask: 4 });
    for (let k = 0; k < 120; k++) {
      await e.step([w]);
      for (const id of ids) {
        const b = e.getBody(w, id);
        assert.ok(b.x >= 0.2 - 1e-5 && b.x <= 9.8 + 1e-5 && b.y >= 0.2 - 1e-5 && b.y <= 9.8 + 1e-5, `escaped: ${JSON.stringify(b)}`);
      }
      if (k === 0) {
        const b = e.getBody(w, wall);
        assert.equal(b.x, 9.5);
        assert.ok(Math.abs(b.vx + 3) < 1e-6, `restitution 0.5 should give -3, got ${b.vx}`);
      }
    }
    e.destroyWorld(w);
  });

  test(`[${kind}] static boxes stop bodies and reflect them`, async () => {
    const e = eng();
    const w = e.createWorld({ ...BOX_WORLD, gravity: { x: 0, y: -10 }, boxes: [{ minX: 2, minY: 2, maxX: 8, maxY: 3 }] });
    const ball = e.addBody(w, { x: 5, y: 7, radius: 0.5, restitution: 0 });
    // Same box in a gravity-free world for a horizontal hit on its left face.
    const w2 = e.createWorld({ ...BOX_WORLD, boxes: [{ minX: 2, minY: 2, maxX: 8, maxY: 3 }] });
    const side = e.addBody(w2, { x: 0.6, y: 2.5, vx: 5, radius: 0.4, restitution: 1 });
    let sideBounced = false;
    for (let k = 0; k < 180; k++) {
      await e.step([w, w2]);
      const b = e.getBody(w, ball);
      assert.ok(b.y >= 3 + 0.5 - 0.05, `ball sank into the box: y=${b.y}`);
      if (e.getBody(w2, side).vx < 0) sideBounced = true;
      assert.ok(e.getBody(w2, side).x <= 2 - 0.4 + 1e-4, `side ball entered the box: ${e.getBody(w2, side).x}`);
    }
    const b = e.getBody(w, ball);
    assert.ok(Math.abs(b.y - 3.5) < 0.05 && Math.abs(b.vy) < 0.5, `ball should rest on the box: ${JSON.stringify(b)}`);
    assert.ok(sideBounced, 'side ball never bounced off the box face');
    assert.equal(e.getBody(w2, side).vy, 0);
    e.destroyWorld(w);
    e.destroyWorld(w2);
  });

  test(`[${kind}] layer/mask filtering: (a.layer & b.mask) && (b.layer & a.mask)`, async () => {
    const e = eng();
    const w = e.createWorld(BOX_WORLD);
    // Pair 1 collides; pair 2 fails one direction of the filter and must pass through.
    const a1 = e.addBody(w, { x: 2, y: 2, vx: 3, radius: 0.5, layer: 1, mask: 2 });
    const b1 = e.addBody(w, { x: 4, y: 2, vx: -3, radius: 0.5, layer: 2, mask: 1 });
    const a2 = e.addBody(w, { x: 2, y: 7, vx: 3, radius: 0.5, layer: 1, mask: 2 });
    const b2 = e.addBody(w, { x: 4, y: 7, vx: -3, radius: 0.5, layer: 2, mask: 4 });
    const seen = new Set<string>();
    for (let k = 0; k < 30; k++) {
      await e.step([w]);
      for (const p of e.contacts(w).pairs) seen.add(p.join('-'));
    }
    assert.ok(seen.has(`${a1}-${b1}`), 'filtered-in pair never touched');
    assert.ok(!seen.has(`${a2}-${b2}`), 'filtered-out pair reported a contact');
    assert.ok(e.getBody(w, a1).vx < 0, 'filtered-in pair did not bounce');
    assert.equal(e.getBody(w, a2).vx, 3);
    assert.ok(e.getBody(w, a2).x > e.getBody(w, b2).x, 'filtered-out pair should have passed through');
    e.destroyWorld(w);
  });

  test(`[${kind}] sensors report contacts without any response`, async () => {
    const e = eng();
    const w = e.createWorld(BOX_WORLD);
    const s = e.addBody(w, { x: 5, y: 5, radius: 1, sensor: true, mass: 5 });
    const b = e.addBody(w, { x: 3, y: 5, vx: 2, radius: 0.5 });
    let reported = 0;
    for (let k = 0; k < 120; k++) {
      await e.step([w]);
      if (e.contacts(w).pairs.some(([x, y]) => x === s && y === b)) reported++;
    }
    assert.ok(reported > 10, `sensor overlap reported on ${reported} steps`);
    assert.equal(e.getBody(w, b).vx, 2);
    assert.equal(e.getBody(w, b).vy, 0);
    assert.equal(e.getBody(w, s).x, 5);
    assert.ok(e.getBody(w, b).x > 6.5, 'body should have moved through the sensor');
    e.destroyWorld(w);
  });

  test(`[${kind}] contact buffer overflow is counted, kept pairs are capped`, async () => {
    const e = eng();
    const w = e.createWorld({ ...BOX_WORLD, maxContacts: 4 });
    // 6 fully overlapping sensors: 15 pairs, only 4 fit.
    for (let k = 0; k < 6; k++) e.addBody(w, { x: 5 + k * 0.01, y: 5, radius: 0.5, sensor: true });
    await e.step([w]);
    const c = e.contacts(w);
    assert.equal(c.total, 15);
    assert.equal(c.overflow, 11);
    assert.equal(c.pairs.length, 4);
    for (const [a, b] of c.pairs) assert.ok(a < b && b < 6);
    e.destroyWorld(w);
  });

  test(`[${kind}] interest: ids within radius, nearest first, capped at K`, async () => {
    const e = eng(); // interestK = 4
    const w = e.createWorld({ bounds: { minX: 0, minY: 0, maxX: 40, maxY: 40 }, maxRadius: 0.5 });
    const obs = e.addBody(w, { x: 20, y: 20, radius: 0.1, interestRadius: 5, layer: 0, mask: 0 });
    const distances = [4.5, 1, 3, 6, 2.5, 0.5, 7, 3.5];
    const ids = distances.map((d, k) => {
      const ang = k * 0.7;
      return e.addBody(w, { x: 20 + d * Math.cos(ang), y: 20 + d * Math.sin(ang), radius: 0.1, layer: 0, mask: 0 });
    });
    await e.step([w]);
    const expected = ids
      .map((id, k) => ({ id, d: distances[k]! }))
      .filter((x) => x.d <= 5)
      .sort((a, b) => a.d - b.d)
      .slice(0, 4)
      .map((x) => x.id);
    assert.deepEqual(e.visible(w, obs), expected);
    // Brute-force check on a random crowd with the cap hit.
    const small = e.addBody(w, { x: 10, y: 10, radius: 0.1, interestRadius: 2, layer: 0, mask: 0 });
    await e.step([w]);
    const seen = e.visible(w, small);
    assert.equal(seen.length, 0, 'nobody is within 2 of (10,10)');
    e.setBody(w, ids[1]!, { x: 10.5, y: 10 });
    await e.step([w]);
    assert.deepEqual(e.visible(w, small), [ids[1]]);
    assert.throws(() => e.visible(w, ids[0]!), /not an observer/);
    e.destroyWorld(w);
  });
}
