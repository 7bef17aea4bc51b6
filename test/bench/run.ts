import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '../support/databases.js';
import { freePort, spawnServer } from '../support/process.js';
import { runLoad, type LoadResult } from './load-client.js';
import { CPU_COLUMNS, CPU_NOTE, cpuCells, machineLine, printTable } from './report.js';

/**
 * `npm run bench`: the server in its own process on loopback, driven by our closed-loop load client
 * (32 concurrent clients, sharing the machine's cores, as in the Nakama reference run). Prints a table.
 */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 10_000);
const SERVER_KEY = 'bench-server-key';
const basic = 'Basic ' + Buffer.from(`${SERVER_KEY}:`).toString('base64');

interface Row {
  dialect: string;
  phase: string;
  result: LoadResult;
  target: number;
}

function rssOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(/(\d+)/.exec(status.split('\n').find((l) => l.startsWith(key)) ?? '0')?.[1] ?? 0);
  return { rssMb: kb('VmRSS:') / 1024, peakMb: kb('VmHWM:') / 1024 };
}

async function benchDialect(dialect: 'sqlite' | 'postgres', rows: Row[], memory: Record<string, string>) {
  const db = await createTestDatabase(dialect);
  const port = await freePort();
  const server = await spawnServer([
    '--data_dir', db.dataDir, '--database.address', db.address, '--socket.port', String(port), '--socket.address', '127.0.0.1',
    '--socket.server_key', SERVER_KEY, '--session.token_expiry_sec', '7200', '--logger.level', 'warn',
  ]);
  const targets = dialect === 'sqlite' ? [10_000, 13_000, 15_000] : [6_700, 8_700, 8_400];
  try {
    const authPath = '/v2/account/authenticate/device';
    // Warm-up: JIT, statement caches, connection pools.
    await runLoad({ port, concurrency: CONCURRENCY, durationMs: 2000, next: () => ({ method: 'POST', path: authPath, headers: { authorization: basic }, body: JSON.stringify({ id: randomUUID() }) }) });

    const devices: string[] = [];
    const created = await runLoad({
      port, concurrency: CONCURRENCY, durationMs: PHASE_MS, keepBodies: true, serverPid: server.child.pid,
      next: () => {
        const id = randomUUID();
        devices.push(id);
        return { method: 'POST', path: authPath, headers: { authorization: basic }, body: JSON.stringify({ id }) };
      },
    });
    rows.push({ dialect, phase: 'new-device auth', result: created, target: targets[0]! });
    const tokens = created.bodies.slice(0, 5000).map((b) => (JSON.parse(b) as { token: string }).token);

    const existing = await runLoad({
      port, concurrency: CONCURRENCY, durationMs: PHASE_MS, serverPid: server.child.pid,
      next: (w, i) => ({ method: 'POST', path: authPath, headers: { authorization: basic }, body: JSON.stringify({ id: devices[(w * 7919 + i * 104729) % Math.min(devices.length, 50_000)] }) }),
    });
    rows.push({ dialect, phase: 'existing-device auth', result: existing, target: targets[1]! });

    const gets = await runLoad({
      port, concurrency: CONCURRENCY, durationMs: PHASE_MS, serverPid: server.child.pid,
      next: (w, i) => ({ method: 'GET', path: '/v2/account', headers: { authorization: `Bearer ${tokens[(w * 31 + i) % tokens.length]}` } }),
    });
    rows.push({ dialect, phase: 'account get', result: gets, target: targets[2]! });
    const mem = rssOf(server.child.pid!);
    memory[dialect] = `${mem.rssMb.toFixed(0)} MiB now, ${mem.peakMb.toFixed(0)} MiB peak`;
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    await db.drop();
  }
}

async function main() {
  const rows: Row[] = [];
  const memory: Record<string, string> = {};
  const dialects = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
  for (const dialect of dialects) await benchDialect(dialect, rows, memory);

  console.log(`\nOutpost client API benchmark`);
  console.log(machineLine());
  console.log(`load: ${CONCURRENCY} concurrent keep-alive clients in one process on loopback, ${PHASE_MS / 1000}s per phase, sharing the cores with the server\n`);
  const header = ['database', 'operation', 'req/s', 'target', 'p50 ms', 'p99 ms', 'errors', ...CPU_COLUMNS];
  const lines = rows.map((r) => [
    r.dialect, r.phase, r.result.perSecond.toFixed(0), `>= ${r.target}`, r.result.p50Ms.toFixed(2), r.result.p99Ms.toFixed(2), String(r.result.errors), ...cpuCells(r.result),
  ]);
  printTable(header, lines);
  console.log(CPU_NOTE);
  console.log('');
  for (const [dialect, text] of Object.entries(memory)) console.log(`server RSS (${dialect}): ${text}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
