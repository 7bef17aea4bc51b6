import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '../support/databases.js';
import { freePort, spawnServer } from '../support/process.js';
import { runLoad, type LoadResult } from './load-client.js';
import { CPU_COLUMNS, CPU_NOTE, cpuCells, machineLine, printTable } from './report.js';
import type { SqlStorage } from '../../server/storage/sql-storage.js';
import type { LeaderboardDefinition } from '../../server/storage/repositories.js';

/**
 * `npx tsx test/bench/leaderboard.ts`: leaderboard writes/s over HTTP and list-around-owner latency on a
 * board of 1,000,000 records (bulk-loaded straight into the database), against a real server process on
 * loopback driven by the closed-loop load client. Prints a table with the machine.
 *   BENCH_DIALECTS=sqlite,postgres  BENCH_PHASE_MS=10000  BENCH_CONCURRENCY=32  BENCH_BIG_RECORDS=1000000
 */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 10_000);
const BIG = Number(process.env.BENCH_BIG_RECORDS ?? 1_000_000);
const WRITERS = 2000;
const SERVER_KEY = 'bench-server-key';
const basic = 'Basic ' + Buffer.from(`${SERVER_KEY}:`).toString('base64');

interface Row {
  dialect: string;
  phase: string;
  result: LoadResult;
  target: string;
}

/** The owner id of bulk-loaded record i, the same formula the SQL below uses. */
const ownerOf = (i: number) => `${i.toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

function bulkLoadSql(dialect: 'sqlite' | 'postgres'): string {
  const columns = 'leaderboard_id, owner_id, username, score, subscore, num_score, max_num_score, metadata, create_time, update_time, expiry_time';
  if (dialect === 'sqlite') {
    return (
      `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${BIG}) ` +
      `INSERT INTO leaderboard_record (${columns}) SELECT 'bench-big', printf('%08x-0000-4000-8000-%012x', i, i), 'user' || i, ` +
      `(i * 7919) % 1000003, i % 7, 1, 0, '{}', 1700000000000, 1700000000000, 0 FROM s`
    );
  }
  return (
    `INSERT INTO leaderboard_record (${columns}) SELECT 'bench-big', lpad(to_hex(i), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(i), 12, '0'), ` +
    `'user' || i, (i::bigint * 7919) % 1000003, i % 7, 1, 0, '{}', 1700000000000, 1700000000000, 0 FROM generate_series(1, ${BIG}) AS i`
  );
}

function board(id: string): LeaderboardDefinition {
  return {
    id, authoritative: false, sortOrder: 'desc', operator: 'best', resetSchedule: '', metadata: '{}', createTime: Date.now(), enableRanks: true,
    category: 0, title: '', description: '', durationSec: 0, startTime: 0, endTime: 0, maxSize: 2147483647, maxNumScore: 0, joinRequired: false,
  };
}

async function authenticate(port: number, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, count - i) }, async () => {
        const res = await fetch(`http://127.0.0.1:${port}/v2/account/authenticate/device`, {
          method: 'POST', headers: { authorization: basic, 'content-type': 'application/json' }, body: JSON.stringify({ id: randomUUID() }),
        });
        return ((await res.json()) as { token: string }).token;
      }),
    );
    tokens.push(...batch);
  }
  return tokens;
}

async function benchDialect(dialect: 'sqlite' | 'postgres', rows: Row[], notes: string[]) {
  const db = await createTestDatabase(dialect);
  const storage = (await db.open()) as SqlStorage;
  await storage.migrateUp();
  await storage.leaderboards.insertLeaderboard(board('bench-writes'));
  await storage.leaderboards.insertLeaderboard(board('bench-big'));
  let t = performance.now();
  await storage.db.exec(bulkLoadSql(dialect));
  if (dialect === 'postgres') await storage.db.exec('ANALYZE leaderboard_record');
  notes.push(`${dialect}: bulk-loaded ${BIG.toLocaleString('en')} records in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await storage.close();

  const port = await freePort();
  t = performance.now();
  const server = await spawnServer([
    '--data_dir', db.dataDir, '--database.address', db.address, '--socket.port', String(port), '--socket.address', '127.0.0.1',
    '--socket.server_key', SERVER_KEY, '--session.token_expiry_sec', '7200', '--logger.level', 'warn',
  ], {}, 300_000);
  notes.push(`${dialect}: server ready in ${((performance.now() - t) / 1000).toFixed(1)} s (rank cache rebuilt from the database at start)`);
  try {
    const tokens = await authenticate(port, WRITERS);
    const writeReq = (w: number, i: number) => ({
      method: 'POST',
      path: '/v2/leaderboard/bench-writes',
      headers: { authorization: `Bearer ${tokens[(w * 997 + i * 31) % tokens.length]}`, 'content-type': 'application/json' },
      body: `{"score":"${(w * 7919 + i * 104729) % 1_000_000}","subscore":"${i % 10}"}`,
    });
    await runLoad({ port, concurrency: CONCURRENCY, durationMs: 2000, next: writeReq }); // warm-up
    const writes = await runLoad({ port, concurrency: CONCURRENCY, durationMs: PHASE_MS, serverPid: server.child.pid, next: writeReq });
    rows.push({ dialect, phase: `leaderboard write (${CONCURRENCY} clients)`, result: writes, target: dialect === 'sqlite' ? '>= 10000/s' : '>= 6700/s' });

    const aroundReq = (w: number, i: number) => ({
      method: 'GET',
      path: `/v2/leaderboard/bench-big/owner/${ownerOf(1 + ((w * 7919 + i * 104729) % BIG))}?limit=10`,
      headers: { authorization: `Bearer ${tokens[(w + i) % tokens.length]}` },
    });
    await runLoad({ port, concurrency: 1, durationMs: 1000, next: aroundReq }); // warm-up
    const aroundOne = await runLoad({ port, concurrency: 1, durationMs: PHASE_MS, serverPid: server.child.pid, next: aroundReq });
    rows.push({ dialect, phase: `around owner, ${BIG / 1e6}M records (1 client)`, result: aroundOne, target: dialect === 'sqlite' ? 'p99 < 5 ms' : '-' });
    const aroundMany = await runLoad({ port, concurrency: CONCURRENCY, durationMs: PHASE_MS, serverPid: server.child.pid, next: aroundReq });
    rows.push({ dialect, phase: `around owner, ${BIG / 1e6}M records (${CONCURRENCY} clients)`, result: aroundMany, target: '-' });

    // A spot check that the haystack answers with the right neighbourhood and ranks.
    const probe = await fetch(`http://127.0.0.1:${port}${aroundReq(0, 1).path}`, { headers: aroundReq(0, 1).headers });
    const body = (await probe.json()) as { records?: { rank: string }[]; rank_count?: string };
    notes.push(`${dialect}: around-owner check: ${body.records?.length ?? 0} records, ranks ${body.records?.map((r) => r.rank).join(',')}, rank_count ${body.rank_count}`);
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    await db.drop();
  }
}

async function main() {
  const rows: Row[] = [];
  const notes: string[] = [];
  const dialects = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
  for (const dialect of dialects) await benchDialect(dialect, rows, notes);

  console.log(`\nOutpost leaderboard benchmark`);
  console.log(machineLine());
  console.log(`load: closed-loop keep-alive clients in one process on loopback, ${PHASE_MS / 1000}s per phase, sharing the cores with the server\n`);
  const header = ['database', 'operation', 'req/s', 'target', 'p50 ms', 'p99 ms', 'errors', ...CPU_COLUMNS];
  const lines = rows.map((r) => [r.dialect, r.phase, r.result.perSecond.toFixed(0), r.target, r.result.p50Ms.toFixed(2), r.result.p99Ms.toFixed(2), String(r.result.errors), ...cpuCells(r.result)]);
  printTable(header, lines);
  console.log(CPU_NOTE);
  console.log('');
  for (const note of notes) console.log(note);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
