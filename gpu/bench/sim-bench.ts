// Benchmark: ms per step and body-steps per second for the CPU and GPU backends.
// Run: npm run bench:sim   (each case is time-boxed; total < 2 min on 2 cores)
// The hardware-scale cases (1,000,000 and 4,000,000 bodies) run on the GPU only when the adapter is a real
// GPU, or always with SIM_BENCH_LARGE=1; a software adapter is labelled as such.
import os from 'node:os';
import { createSimEngine, type BackendKind, type SimEngine } from '../index.js';

interface Case {
  name: string;
  worlds: number;
  bodies: number;
  side: number;
  observers: number;
  /** Only on a hardware adapter (unless SIM_BENCH_LARGE=1), and only on the GPU backend. */
  large?: boolean;
}

const CASES: Case[] = [
  { name: '64 worlds x 256 bodies', worlds: 64, bodies: 256, side: 50, observers: 4 },
  { name: '1 world x 20,000 bodies', worlds: 1, bodies: 20000, side: 440, observers: 16 },
  { name: '1,000 worlds x 1,000 bodies', worlds: 1000, bodies: 1000, side: 100, observers: 4, large: true },
  { name: '1 world x 4,000,000 bodies', worlds: 1, bodies: 4_000_000, side: 6200, observers: 64, large: true },
];
const WARMUP = 3;
const BUDGET_MS = 6000;
const MAX_STEPS = 300;

function populate(engine: SimEngine, c: Case): void {
  let seed = 12345;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let w = 0; w < c.worlds; w++) {
    const id = engine.createWorld({
      bounds: { minX: 0, minY: 0, maxX: c.side, maxY: c.side },
      maxRadius: 0.5,
      maxBodies: c.bodies,
      maxContacts: Math.max(256, c.bodies),
      boxes: [{ minX: c.side * 0.4, minY: c.side * 0.4, maxX: c.side * 0.6, maxY: c.side * 0.45 }],
    });
    for (let b = 0; b < c.bodies; b++) {
      engine.addBody(id, {
        x: 0.5 + rnd() * (c.side - 1),
        y: 0.5 + rnd() * (c.side - 1),
        vx: rnd() * 8 - 4,
        vy: rnd() * 8 - 4,
        radius: 0.25 + rnd() * 0.25,
        restitution: 0.8,
        damping: 0.01,
        interestRadius: b < c.observers ? 12 : 0,
      });
    }
  }
}

async function run(kind: BackendKind, c: Case): Promise<{ ms: number; steps: number } | string> {
  let engine: SimEngine;
  try {
    engine = await createSimEngine({ backend: kind });
  } catch (err) {
    return `unavailable: ${(err as Error).message.slice(0, 60)}`;
  }
  try {
    populate(engine, c);
    for (let k = 0; k < WARMUP; k++) await engine.step();
    const t0 = performance.now();
    let steps = 0;
    while (steps < MAX_STEPS && performance.now() - t0 < BUDGET_MS) {
      await engine.step();
      steps++;
    }
    if (engine.backend !== kind) return `fell back to ${engine.backend}`;
    return { ms: (performance.now() - t0) / steps, steps };
  } finally {
    await engine.destroy();
  }
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  const probe = await createSimEngine({ backend: 'auto' });
  const info = probe.info();
  await probe.destroy();
  const a = info.adapter;
  console.log(`CPU: ${cpus[0]?.model ?? 'unknown'} x ${cpus.length} cores, Node ${process.version}`);
  console.log(
    a
      ? `GPU: ${[a.vendor, a.architecture, a.device].filter(Boolean).join(' / ')} (${a.description}; dawn backend ${a.dawnBackend}, ${a.featureLevel})`
      : `GPU: none (${info.fallbackReason})`,
  );
  const software = !a || /llvmpipe|swiftshader|software/i.test(`${a.description} ${a.device} ${a.architecture}`);
  if (a && software) console.log('GPU figures below are from a SOFTWARE adapter (Mesa on the CPU), not a real GPU.');
  const runLarge = process.env.SIM_BENCH_LARGE === '1' || !software;
  console.log('');
  const rows: string[][] = [['case', 'backend', 'steps', 'ms/step', 'body-steps/s']];
  for (const c of CASES) {
    if (c.large && !runLarge) {
      rows.push([c.name, 'gpu', '-', '-', 'skipped: no hardware GPU (SIM_BENCH_LARGE=1 forces it)']);
      continue;
    }
    for (const kind of c.large ? (['gpu'] as const) : (['cpu', 'gpu'] as const)) {
      const r = await run(kind, c);
      const total = c.worlds * c.bodies;
      rows.push(
        typeof r === 'string'
          ? [c.name, kind, '-', '-', r]
          : [c.name, kind, String(r.steps), r.ms.toFixed(2), Math.round((total * 1000) / r.ms).toLocaleString('en-US')],
      );
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const [n, r] of rows.entries()) {
    console.log(r.map((cell, i) => (i >= 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  '));
    if (n === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

await main();
