/**
 * Console and metrics benchmark (`npx tsx test/bench/console.ts`): what metrics cost on the request path
 * (HookRegistry.invoke with and without the observer), how fast a status sample and a Prometheus scrape
 * are, and console API latency for a player search and the status call against a real server on SQLite.
 */
import { performance } from 'node:perf_hooks';
import { Registry } from 'prom-client';
import { HookRegistry } from '../../server/api/hooks.js';
import type { Operation } from '../../server/api/operation.js';
import { createLogger } from '../../server/common/logger.js';
import { ServerMetrics } from '../../server/metrics/server-metrics.js';
import { SystemSampler } from '../../server/metrics/system-sampler.js';
import { CONSOLE_FLAGS, consoleCall, consoleLogin } from '../support/console.js';
import { startTestServer } from '../support/server.js';
import { machineLine, printTable } from './report.js';

const quiet = createLogger({ level: 'error', format: 'text', write: () => {} });
const OPS = ['AuthenticateDevice', 'GetAccount', 'UpdateAccount', 'ListMatches', 'ListNotifications', 'Healthcheck'];
const fakeOps: Operation[] = OPS.map((name) => ({ name, routes: [], auth: 'none', request: {} as never, response: {} as never, body: 'none', handle: async () => ({}) }));

async function invokeRate(hooks: HookRegistry, ms: number): Promise<number> {
  const ctx = { clientIp: '127.0.0.1', clientPort: 1 };
  let n = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) await hooks.invoke(fakeOps[i % fakeOps.length]!, {}, ctx);
    n += 1000;
  }
  return n / (ms / 1000);
}

async function timeIt(label: string, times: number, fn: () => Promise<unknown>): Promise<[string, string]> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const p = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(3);
  return [label, `p50 ${p(0.5)} ms, p99 ${p(0.99)} ms (${times} runs)`];
}

async function main() {
  const rows: [string, string][] = [];
  const plain = new HookRegistry();
  const observed = new HookRegistry();
  const sampler = new SystemSampler({ intervalMs: 60_000, gpuIntervalMs: 60_000 }, quiet);
  const metrics = new ServerMetrics(new Registry(), { node: 'bench', sampleIntervalMs: 1000, historySize: 300 }, { sessions: () => 1000, presences: () => 2000, matches: () => 50, parties: () => 10, sim: () => null }, sampler);
  observed.observe((op, ms, err) => metrics.recordOperation(op, ms, err));
  await invokeRate(plain, 300);
  await invokeRate(observed, 300);
  const base = await invokeRate(plain, 2000);
  const withMetrics = await invokeRate(observed, 2000);
  rows.push(['invoke, no observer', `${Math.round(base).toLocaleString()} ops/s`]);
  rows.push(['invoke, metrics observer', `${Math.round(withMetrics).toLocaleString()} ops/s (${((1 / withMetrics - 1 / base) * 1e9).toFixed(0)} ns added per call)`]);
  rows.push(await timeIt('status sample (6 operations)', 2000, async () => metrics.sample()));
  rows.push(await timeIt('Prometheus text (registry.metrics)', 500, () => metrics.prometheusText()));

  const server = await startTestServer('sqlite', CONSOLE_FLAGS);
  try {
    const client = server.client();
    for (let i = 0; i < 2000; i += 50) await Promise.all(Array.from({ length: 50 }, (_, j) => client.authenticateDevice(`bench-device-${i + j}`, true, `bench_${String(i + j).padStart(5, '0')}`)));
    const auth = await consoleLogin(server);
    rows.push(await timeIt('GET /v2/console/status', 300, () => consoleCall(server, 'GET', '/v2/console/status', { auth })));
    rows.push(await timeIt('GET /v2/console/account?q=bench_01 (2,000 users)', 300, () => consoleCall(server, 'GET', '/v2/console/account?q=bench_01', { auth })));
    rows.push(await timeIt('GET /v2/console/account?q=<device id>', 300, () => consoleCall(server, 'GET', '/v2/console/account?q=bench-device-1234', { auth })));
    rows.push(await timeIt('GET /metrics (console port)', 200, () => consoleCall(server, 'GET', '/metrics', { auth })));
    rows.push(await timeIt('POST /v2/console/server/backup (2,000 users)', 10, () => consoleCall(server, 'POST', '/v2/console/server/backup', { auth })));
  } finally {
    await server.stop();
  }

  console.log(machineLine());
  printTable(['measurement', 'result'], rows);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
