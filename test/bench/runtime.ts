import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '../support/databases.js';
import { freePort, spawnServer } from '../support/process.js';
import { writeModule } from '../runtime/module-fixture.js';
import { runLoad, type LoadResult } from './load-client.js';
import { CPU_COLUMNS, CPU_NOTE, cpuCells, machineLine, printTable } from './report.js';

/**
 * `npx tsx test/bench/runtime.ts`: the runtime's cost, with the server in its own process on SQLite.
 *  - RPC echo over HTTP (http_key, double-encoded body): Nakama's JS runtime did 28,700 req/s on a 2-core box.
 *  - Hook overhead: GetAccount with a before and an after hook, against the same server without hooks.
 */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 5_000);
const WORKERS = process.env.BENCH_WORKERS ?? '2';
const SERVER_KEY = 'bench-server-key';
const HTTP_KEY = 'bench-http-key';
const basic = 'Basic ' + Buffer.from(`${SERVER_KEY}:`).toString('base64');

const MODULE = (hooks: boolean) => `
function InitModule(ctx, logger, nk, initializer) {
  initializer.registerRpc('echo', function (ctx, logger, nk, payload) { return payload; });
  ${hooks ? `initializer.registerBeforeGetAccount(function (ctx, logger, nk, req) { return req; });
  initializer.registerAfterGetAccount(function (ctx, logger, nk, res, req) {});` : ''}
}`;

interface Row {
  phase: string;
  result: LoadResult;
}

async function serve(hooks: boolean, run: (port: number, serverPid: number | undefined) => Promise<void>): Promise<void> {
  const db = await createTestDatabase('sqlite');
  const modules = await writeModule(MODULE(hooks), ['--runtime.http_key', HTTP_KEY, '--runtime.js_worker_count', WORKERS]);
  const port = await freePort();
  const server = await spawnServer([
    '--data_dir', db.dataDir, '--socket.port', String(port), '--socket.address', '127.0.0.1', '--socket.server_key', SERVER_KEY,
    '--session.token_expiry_sec', '7200', '--logger.level', 'warn', ...modules.flags,
  ]);
  try {
    await run(port, server.child.pid);
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    await modules.remove();
    await db.drop();
  }
}

async function accountPhase(port: number, serverPid: number | undefined, label: string, rows: Row[]): Promise<LoadResult> {
  const auth = await runLoad({
    port, concurrency: CONCURRENCY, durationMs: 1000, keepBodies: true,
    next: () => ({ method: 'POST', path: '/v2/account/authenticate/device', headers: { authorization: basic }, body: JSON.stringify({ id: randomUUID() }) }),
  });
  const tokens = auth.bodies.slice(0, 2000).map((b) => (JSON.parse(b) as { token: string }).token);
  const next = (w: number, i: number) => ({ method: 'GET', path: '/v2/account', headers: { authorization: `Bearer ${tokens[(w * 31 + i) % tokens.length]}` } });
  await runLoad({ port, concurrency: CONCURRENCY, durationMs: 1000, next });
  const result = await runLoad({ port, concurrency: CONCURRENCY, durationMs: PHASE_MS, serverPid, next });
  rows.push({ phase: label, result });
  return result;
}

async function main() {
  const rows: Row[] = [];
  let plain: LoadResult | undefined;
  let hooked: LoadResult | undefined;
  await serve(false, async (port, serverPid) => {
    const rpc = { method: 'POST', path: `/v2/rpc/echo?http_key=${HTTP_KEY}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify('{"hello":"world"}') };
    await runLoad({ port, concurrency: CONCURRENCY, durationMs: 2000, next: () => rpc });
    // Calibration on a shared machine: the cheapest request the server answers, with no module code.
    const health = { method: 'GET', path: '/healthcheck', headers: {} };
    rows.push({ phase: 'GET /healthcheck (calibration)', result: await runLoad({ port, concurrency: CONCURRENCY, durationMs: PHASE_MS, serverPid, next: () => health }) });
    rows.push({ phase: 'rpc echo (HTTP, http_key)', result: await runLoad({ port, concurrency: CONCURRENCY, durationMs: PHASE_MS, serverPid, next: () => rpc }) });
    plain = await accountPhase(port, serverPid, 'GET /v2/account, no hooks', rows);
  });
  await serve(true, async (port, serverPid) => {
    hooked = await accountPhase(port, serverPid, 'GET /v2/account, before+after hooks', rows);
  });

  console.log(`\nOutpost runtime benchmark (SQLite, ${WORKERS} runtime workers)`);
  console.log(machineLine());
  console.log(`load: ${CONCURRENCY} concurrent keep-alive clients in one process on loopback, ${PHASE_MS / 1000}s per phase, sharing the cores with the server\n`);
  const header = ['phase', 'req/s', 'p50 ms', 'p99 ms', 'errors', ...CPU_COLUMNS];
  const lines = rows.map((r) => [r.phase, r.result.perSecond.toFixed(0), r.result.p50Ms.toFixed(2), r.result.p99Ms.toFixed(2), String(r.result.errors), ...cpuCells(r.result)]);
  printTable(header, lines);
  console.log(CPU_NOTE);
  if (plain && hooked) {
    // Closed loop with the cores saturated: 1/throughput is the machine time one call costs.
    const overheadUs = (1 / hooked.perSecond - 1 / plain.perSecond) * 1e6;
    console.log(`\nhook overhead per call (before + after, machine time): ${overheadUs.toFixed(0)} us; p50 latency +${(hooked.p50Ms - plain.p50Ms).toFixed(2)} ms`);
  }
  console.log('reference: Nakama JS runtime RPC echo 28,700 req/s on a 2-core machine');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
