import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backendAttempts, createSimEngine, type SimEngine } from '../../gpu/index.js';
import { assertSameState, mixedScene, openEngine } from './helpers.js';

function snapshot(e: SimEngine, w: number): string {
  return JSON.stringify(e.bodyIds(w).map((id) => e.getBody(w, id)));
}

/** Counts queue submissions of a GPU engine by wrapping its queue's submit. */
function countSubmits(e: SimEngine): () => number {
  const queue = e.gpuDevice()!.queue;
  const original = queue.submit.bind(queue);
  let n = 0;
  queue.submit = (buffers: Iterable<GPUCommandBuffer>) => {
    n++;
    return original(buffers);
  };
  return () => n;
}

test('many worlds step in one submit; only due worlds advance; pools grow mid-run', async () => {
  const gpu = await openEngine('gpu');
  const cpu = await openEngine('cpu');
  const submits = countSubmits(gpu);
  const wg: number[] = [];
  const wc: number[] = [];
  for (let k = 0; k < 6; k++) {
    wg.push(mixedScene(gpu, 100 + k, 40));
    wc.push(mixedScene(cpu, 100 + k, 40));
  }
  let stepped = 0;
  for (let step = 0; step < 40; step++) {
    if (step === 20) {
      // 14 more worlds outgrow the initial world/body pools: the GPU re-creates its buffers from the mirror.
      for (let k = 6; k < 20; k++) {
        wg.push(mixedScene(gpu, 100 + k, 40));
        wc.push(mixedScene(cpu, 100 + k, 40));
      }
    }
    const due = wg.filter((_, i) => (step + i) % 3 !== 0);
    const idle = wg.filter((_, i) => (step + i) % 3 === 0);
    const before = idle.map((w) => snapshot(gpu, w));
    await gpu.step(due);
    await cpu.step(due.map((w) => wc[wg.indexOf(w)]!));
    stepped++;
    idle.forEach((w, i) => assert.equal(snapshot(gpu, w), before[i], `idle world ${w} moved at step ${step}`));
  }
  assert.equal(submits(), stepped, 'one queue submit per engine step');
  wg.forEach((w, i) => {
    assertSameState(gpu, w, cpu, wc[i]!, 1e-4, `world ${w}`);
    assert.deepEqual(gpu.contacts(w), cpu.contacts(wc[i]!));
  });
  assert.equal(gpu.stats().worlds, 20);
  assert.equal(gpu.stats().bodies, 20 * 40);
  assert.equal(gpu.backend, 'gpu');
  await gpu.destroy();
  await cpu.destroy();
});

test('adding, removing and teleporting bodies between steps is cheap and stays in parity', async () => {
  const gpu = await openEngine('gpu');
  const cpu = await openEngine('cpu');
  const wg = mixedScene(gpu, 7, 100);
  const wc = mixedScene(cpu, 7, 100);
  for (let k = 0; k < 20; k++) {
    await gpu.step();
    await cpu.step();
  }
  const base = gpu.stats().uploadedBytes;
  for (const e of [gpu, cpu]) {
    const w = e === gpu ? wg : wc;
    e.removeBody(w, 3);
    e.removeBody(w, 50);
    e.removeBody(w, 60);
    e.setBody(w, 10, { x: 0, y: 15, vx: 0, vy: 0 });
    // Freed ids are reused last-freed first; 3 stays empty.
    assert.equal(e.addBody(w, { x: 1, y: 1, vx: 4, radius: 0.5 }), 60);
    assert.equal(e.addBody(w, { x: -1, y: 1, vx: -4, radius: 0.5, interestRadius: 5 }), 50);
  }
  await gpu.step();
  await cpu.step();
  const uploaded = gpu.stats().uploadedBytes - base;
  // A handful of pages of props/state, not the whole 256-slot world (~16 KiB).
  assert.ok(uploaded > 0 && uploaded < 8 * 1024, `uploaded ${uploaded} bytes for 6 edits`);
  assert.throws(() => gpu.getBody(wg, 3), /does not exist/);
  assert.ok(!gpu.bodyIds(wg).includes(3));
  for (let k = 0; k < 60; k++) {
    await gpu.step();
    await cpu.step();
    for (const [a, b] of gpu.contacts(wg).pairs) assert.ok(a !== 3 && b !== 3, 'removed body still collides');
  }
  assertSameState(gpu, wg, cpu, wc, 1e-4, 'after edits');
  assert.deepEqual(gpu.visible(wg, 50), cpu.visible(wc, 50));
  assert.equal(gpu.stats().bodies, 99);
  await gpu.destroy();
  await cpu.destroy();
});

test('device loss falls back to the CPU and continues from the last synced state', async () => {
  let reasons: string[] = [];
  process.env.EGL_PLATFORM ??= 'surfaceless';
  const gpu = await createSimEngine({ backend: 'auto', onFallback: (r) => reasons.push(r) });
  assert.equal(gpu.backend, 'gpu', 'this test needs a WebGPU adapter');
  const cpu = await openEngine('cpu');
  const wg = mixedScene(gpu, 5, 80);
  const wc = mixedScene(cpu, 5, 80);
  for (let k = 0; k < 30; k++) {
    await gpu.step();
    await cpu.step();
  }
  const device = gpu.gpuDevice()!;
  // Lose the device just as a step starts, before the engine has heard of the loss: that step's GPU work
  // fails and must be redone on the CPU. (Destroying the device while Dawn's GL backend is mid-readback
  // crashes Mesa's driver natively about half the time, so the test does not do that.)
  device.destroy();
  const report = await gpu.step();
  await cpu.step();
  assert.equal(report.backend, 'cpu');
  assert.equal(gpu.backend, 'cpu');
  assert.equal(reasons.length, 1);
  assert.match(reasons[0]!, /lost|destroyed|readback/i);
  for (let k = 0; k < 30; k++) {
    await gpu.step();
    await cpu.step();
  }
  assertSameState(gpu, wg, cpu, wc, 1e-4, 'after fallback');
  const s = gpu.stats();
  assert.equal(s.fallbacks, 1);
  assert.equal(s.gpuBuffers, 0, 'lost backend released its buffers');
  assert.equal(s.steps, 61);
  assert.equal(gpu.info().backend, 'cpu');
  assert.ok(gpu.info().fallbackReason);
  assert.equal(gpu.gpuDevice(), null);
  await gpu.destroy();
  await cpu.destroy();
  reasons = [];
});

test('a device lost while idle switches the engine to the CPU before the next step', async () => {
  const gpu = await openEngine('gpu');
  const w = mixedScene(gpu, 11, 30);
  await gpu.step();
  const last = gpu.getBody(w, 1);
  gpu.gpuDevice()!.destroy();
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(gpu.backend, 'cpu');
  assert.deepEqual(gpu.getBody(w, 1), last, 'state is the last synced GPU state');
  await gpu.step();
  assert.notDeepEqual(gpu.getBody(w, 1), last);
  assert.equal(gpu.stats().fallbacks, 1);
  await gpu.destroy();
});

test('destroy() frees every GPU buffer and the device', async () => {
  const gpu = await openEngine('gpu');
  const w = mixedScene(gpu, 3, 20);
  await gpu.step([w]);
  assert.ok(gpu.stats().gpuBuffers >= 12, `expected the sim buffers, got ${gpu.stats().gpuBuffers}`);
  const device = gpu.gpuDevice()!;
  let lostReason = '';
  void device.lost.then((i) => (lostReason = i.reason));
  await gpu.destroy();
  assert.equal(gpu.stats().gpuBuffers, 0);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(lostReason, 'destroyed');
  assert.throws(() => gpu.step(), /destroyed/);
  await gpu.destroy(); // idempotent
});

test('info() and stats() describe the adapter, limits and step timings', async () => {
  const gpu = await openEngine('gpu');
  const info = gpu.info();
  assert.equal(info.backend, 'gpu');
  assert.ok(info.adapter && (info.adapter.description || info.adapter.device || info.adapter.vendor));
  assert.ok(info.limits.maxStorageBufferBindingSize! >= 128 * 1024 * 1024);
  assert.ok(info.limits.maxStorageBuffersPerShaderStage! >= 7);
  const w = mixedScene(gpu, 1, 10);
  await gpu.step([w]);
  await gpu.step([w]);
  const s = gpu.stats();
  assert.equal(s.steps, 2);
  assert.equal(s.worldSteps, 2);
  assert.ok(s.lastStepMs > 0 && s.avgStepMs > 0);
  await gpu.destroy();

  const cpu = await createSimEngine({ backend: 'cpu' });
  assert.equal(cpu.info().adapter, null);
  assert.equal(cpu.info().fallbackReason, 'cpu backend requested');
  assert.equal(cpu.gpuDevice(), null);
  await cpu.destroy();
});

test('backend selection rule', () => {
  assert.deepEqual(backendAttempts({}, { EGL_PLATFORM: 'surfaceless' }).map((a) => a.options), [['backend=opengles'], []]);
  assert.deepEqual(backendAttempts({}, {}).map((a) => a.options), [[], ['backend=opengles']]);
  assert.equal(backendAttempts({}, {})[1]!.featureLevel, 'compatibility');
  const explicit = backendAttempts({ dawnOptions: ['backend=vulkan'] }, { EGL_PLATFORM: 'surfaceless' });
  assert.deepEqual(explicit, [{ options: ['backend=vulkan'], featureLevel: 'core' }]);
  assert.equal(backendAttempts({ dawnOptions: ['backend=opengl'] }, {})[0]!.featureLevel, 'compatibility');
});

test("backend 'gpu' fails loudly when no adapter can be opened", async () => {
  await assert.rejects(createSimEngine({ backend: 'gpu', dawnOptions: ['backend=null-does-not-exist'] }), /no WebGPU adapter/);
  const auto = await createSimEngine({ backend: 'auto', dawnOptions: ['backend=null-does-not-exist'] });
  assert.equal(auto.backend, 'cpu');
  assert.match(auto.info().fallbackReason ?? '', /no WebGPU adapter/);
  await auto.destroy();
});
