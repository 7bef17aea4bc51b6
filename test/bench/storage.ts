import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '../support/databases.js';
import { freePort, spawnServer } from '../support/process.js';
import { inParallel, runLoad, type LoadResult } from './load-client.js';
import { CPU_COLUMNS, CPU_NOTE, cpuCells, machineLine, printTable } from './report.js';

/**
 * `npx tsx test/bench/storage.ts`: storage object writes (`PUT /v2/storage`) and reads (`POST /v2/storage`)
 * of 1 KB objects over HTTP against a server in its own process, with the same closed-loop load client and
 * server spawning as `npm run bench`. Each request carries one object owned by the caller; writes are
 * unconditional upserts over a working set of keys per user, reads fetch objects that exist.
 */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 10_000);
const USERS = Number(process.env.BENCH_USERS ?? 256);
const KEYS_PER_USER = 16;
const SERVER_KEY = 'bench-server-key';
const basic = 'Basic ' + Buffer.from(`${SERVER_KEY}:`).toString('base64');

/** Nakama's published figures for these operations. */
const TARGETS = {
  sqlite: { write: 8_000, read: 15_000 },
  postgres: { write: 5_500, read: 9_600 },
};

interface Row {
  dialect: 'sqlite' | 'postgres';
  phase: 'write' | 'read';
  result: LoadResult;
}

/** A JSON object of about 1 KB, as a string: the value written. */
function kilobyteValue(seed: number): string {
  const value = JSON.stringify({ seed, pad: 'x'.repeat(1024) });
  return JSON.stringify({ seed, pad: 'x'.repeat(1024 - (value.length - 1024)) });
}

async function benchDialect(dialect: 'sqlite' | 'postgres', rows: Row[]): Promise<void> {
  const db = await createTestDatabase(dialect);
  const port = await freePort();
  const server = await spawnServer([
    '--data_dir', db.dataDir, '--database.address', db.address, '--socket.port', String(port), '--socket.address', '127.0.0.1',
    '--socket.server_key', SERVER_KEY, '--session.token_expiry_sec', '7200', '--logger.level', 'warn',
  ]);
  try {
    const base = `http://127.0.0.1:${port}`;
    const users = await inParallel(USERS, 16, async () => {
      const res = await fetch(`${base}/v2/account/authenticate/device`, { method: 'POST', headers: { authorization: basic }, body: JSON.stringify({ id: randomUUID() }) });
      const token = ((await res.json()) as { token: string }).token;
      const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { uid: string };
      return { bearer: `Bearer ${token}`, userId: claims.uid };
    });
    const values = Array.from({ length: 64 }, (_, i) => kilobyteValue(i));
    const write = (w: number, i: number) => {
      const user = users[(w + i * CONCURRENCY) % users.length]!;
      const body = JSON.stringify({ objects: [{ collection: 'bench', key: `k${i % KEYS_PER_USER}`, value: values[i % values.length], permission_read: 1 }] });
      return { method: 'PUT', path: '/v2/storage', headers: { authorization: user.bearer }, body };
    };
    const read = (w: number, i: number) => {
      const user = users[(w + i * CONCURRENCY) % users.length]!;
      const body = JSON.stringify({ object_ids: [{ collection: 'bench', key: `k${i % KEYS_PER_USER}`, user_id: user.userId }] });
      return { method: 'POST', path: '/v2/storage', headers: { authorization: user.bearer }, body };
    };
    // Every object the reads fetch exists before the phases start.
    await inParallel(users.length * KEYS_PER_USER, 16, async (n) => {
      const user = users[Math.floor(n / KEYS_PER_USER)]!;
      const body = JSON.stringify({ objects: [{ collection: 'bench', key: `k${n % KEYS_PER_USER}`, value: values[0] }] });
      const res = await fetch(`${base}/v2/storage`, { method: 'PUT', headers: { authorization: user.bearer }, body });
      if (res.status !== 200) throw new Error(`setup write failed: ${res.status} ${await res.text()}`);
    });
    // Warm-up: JIT, statement caches, connection pools.
    await runLoad({ port, concurrency: CONCURRENCY, durationMs: 1500, next: write });
    await runLoad({ port, concurrency: CONCURRENCY, durationMs: 1500, next: read });

    rows.push({ dialect, phase: 'write', result: await runLoad({ port, concurrency: CONCURRENCY, durationMs: PHASE_MS, serverPid: server.child.pid, next: write }) });
    const reads = await runLoad({ port, concurrency: CONCURRENCY, durationMs: PHASE_MS, keepBodies: true, serverPid: server.child.pid, next: read });
    // A read that found nothing would be a cheap 200 with no object; count those as errors.
    const empty = reads.bodies.filter((b) => !b.includes('"objects"')).length;
    rows.push({ dialect, phase: 'read', result: { ...reads, errors: reads.errors + empty, bodies: [] } });
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    await db.drop();
  }
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const dialects = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
  for (const dialect of dialects) await benchDialect(dialect, rows);

  console.log('\nOutpost storage benchmark (1 KB objects, one per request)');
  console.log(machineLine());
  console.log(`load: ${CONCURRENCY} concurrent keep-alive clients in one process on loopback, ${PHASE_MS / 1000}s per phase, ${USERS} users, sharing the cores with the server\n`);
  const header = ['database', 'operation', 'req/s', 'target', 'p50 ms', 'p99 ms', 'errors', ...CPU_COLUMNS];
  const lines = rows.map((r) => [
    r.dialect, `storage ${r.phase}`, r.result.perSecond.toFixed(0), `>= ${TARGETS[r.dialect][r.phase]}`, r.result.p50Ms.toFixed(2), r.result.p99Ms.toFixed(2), String(r.result.errors), ...cpuCells(r.result),
  ]);
  printTable(header, lines);
  console.log(CPU_NOTE);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
