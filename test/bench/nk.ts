import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '../support/databases.js';
import { freePort, spawnServer } from '../support/process.js';
import { writeModule } from '../runtime/module-fixture.js';
import { runLoad, type LoadResult } from './load-client.js';
import { CPU_COLUMNS, CPU_NOTE, cpuCells, machineLine, printTable } from './report.js';

/**
 * `npx tsx test/bench/nk.ts`: what main-thread nk calls cost a module, with the server in its own process on
 * SQLite. Each phase is an RPC (http_key, double-encoded body) doing one kind of nk work; the echo RPC is the
 * baseline, so the difference in machine time per call is the nk work (bridge round trip plus the service).
 */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 3_000);
const WORKERS = process.env.BENCH_WORKERS ?? '2';
const USERS = 200;
const SERVER_KEY = 'bench-server-key';
const HTTP_KEY = 'bench-http-key';
const basic = 'Basic ' + Buffer.from(`${SERVER_KEY}:`).toString('base64');

const MODULE = String.raw`
function InitModule(ctx, logger, nk, initializer) {
  nk.leaderboardCreate('bench', true, 'desc', 'best', null, null, true);
  initializer.registerRpc('echo', function (ctx, logger, nk, payload) { return payload; });
  initializer.registerRpc('storage', function (ctx, logger, nk, payload) {
    var p = JSON.parse(payload);
    nk.storageWrite([{ collection: 'bench', key: 'k' + p.n, userId: p.userId, value: { n: p.n, at: p.at } }]);
    return JSON.stringify(nk.storageRead([{ collection: 'bench', key: 'k' + p.n, userId: p.userId }])[0].version);
  });
  initializer.registerRpc('wallet', function (ctx, logger, nk, payload) {
    var p = JSON.parse(payload);
    return JSON.stringify(nk.walletUpdate(p.userId, { gold: 1 }, { why: 'bench' }, true).updated);
  });
  initializer.registerRpc('score', function (ctx, logger, nk, payload) {
    var p = JSON.parse(payload);
    return JSON.stringify(nk.leaderboardRecordWrite('bench', p.userId, null, p.n).rank);
  });
  initializer.registerRpc('groups', function (ctx, logger, nk, payload) {
    var p = JSON.parse(payload);
    return JSON.stringify(nk.userGroupsList(p.userId, 10).userGroups.length + nk.friendsList(p.userId, 10).friends.length);
  });
}`;

interface Row {
  phase: string;
  nkCalls: number;
  result: LoadResult;
}

async function main() {
  const db = await createTestDatabase('sqlite');
  const modules = await writeModule(MODULE, ['--runtime.http_key', HTTP_KEY, '--runtime.js_worker_count', WORKERS]);
  const port = await freePort();
  const server = await spawnServer([
    '--data_dir', db.dataDir, '--socket.port', String(port), '--socket.address', '127.0.0.1', '--socket.server_key', SERVER_KEY,
    '--session.token_expiry_sec', '7200', '--logger.level', 'warn', ...modules.flags,
  ]);
  const rows: Row[] = [];
  try {
    const auth = await runLoad({
      port, concurrency: 8, durationMs: 1000, keepBodies: true,
      next: () => ({ method: 'POST', path: '/v2/account/authenticate/device', headers: { authorization: basic }, body: JSON.stringify({ id: randomUUID() }) }),
    });
    const userIds = auth.bodies.slice(0, USERS).map((b) => JSON.parse(Buffer.from((JSON.parse(b) as { token: string }).token.split('.')[1]!, 'base64url').toString('utf8')).uid as string);
    const rpc = (id: string) => (w: number, i: number) => ({
      method: 'POST',
      path: `/v2/rpc/${id}?http_key=${HTTP_KEY}`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(JSON.stringify({ userId: userIds[(w * 31 + i) % userIds.length], n: (w * 1000 + i) % 5000, at: i })),
    });
    await runLoad({ port, concurrency: CONCURRENCY, durationMs: 1000, next: rpc('echo') });
    const phases: [string, string, number][] = [
      ['rpc echo (baseline)', 'echo', 0],
      ['storageWrite + storageRead', 'storage', 2],
      ['walletUpdate with ledger', 'wallet', 1],
      ['leaderboardRecordWrite (ranked)', 'score', 1],
      ['userGroupsList + friendsList', 'groups', 2],
    ];
    for (const [phase, id, nkCalls] of phases) rows.push({ phase, nkCalls, result: await runLoad({ port, concurrency: CONCURRENCY, durationMs: PHASE_MS, serverPid: server.child.pid, next: rpc(id) }) });
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    await modules.remove();
    await db.drop();
  }

  console.log(`\nOutpost nk benchmark (SQLite, ${WORKERS} runtime workers, ${USERS} users)`);
  console.log(machineLine());
  console.log(`load: ${CONCURRENCY} concurrent keep-alive clients in one process on loopback, ${PHASE_MS / 1000}s per phase, sharing the cores with the server\n`);
  const base = rows[0]!.result.perSecond;
  const header = ['phase', 'nk calls', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'us/call over echo', ...CPU_COLUMNS];
  const lines = rows.map((r) => [
    r.phase,
    String(r.nkCalls),
    r.result.perSecond.toFixed(0),
    r.result.p50Ms.toFixed(2),
    r.result.p99Ms.toFixed(2),
    String(r.result.errors),
    // Closed loop with the cores saturated: 1/throughput is the machine time one call costs.
    r.nkCalls === 0 ? '-' : ((1 / r.result.perSecond - 1 / base) * 1e6).toFixed(0),
    ...cpuCells(r.result),
  ]);
  printTable(header, lines);
  console.log(CPU_NOTE);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
