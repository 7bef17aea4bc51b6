import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '../support/databases.js';
import { freePort, spawnServer } from '../support/process.js';
import { inParallel, runLoad, type LoadResult } from './load-client.js';
import { CPU_COLUMNS, CPU_NOTE, cpuCells, machineLine, printTable } from './report.js';

/**
 * `npx tsx test/bench/social.ts`: friends and groups under load. The server runs in its own process on
 * loopback over each database; a closed-loop client drives the listing and membership operations and a
 * table is printed. Kept short (BENCH_PHASE_MS per phase) so it fits in a minute per database.
 */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 3_000);
const USERS = 200;
const FRIENDS_EACH = 20;
const SERVER_KEY = 'bench-server-key';
const basic = 'Basic ' + Buffer.from(`${SERVER_KEY}:`).toString('base64');

interface Row {
  dialect: string;
  phase: string;
  result: LoadResult;
}

async function benchDialect(dialect: 'sqlite' | 'postgres', rows: Row[]): Promise<void> {
  const db = await createTestDatabase(dialect);
  const port = await freePort();
  const server = await spawnServer([
    '--data_dir', db.dataDir, '--database.address', db.address, '--socket.port', String(port), '--socket.address', '127.0.0.1',
    '--socket.server_key', SERVER_KEY, '--session.token_expiry_sec', '7200', '--logger.level', 'warn',
  ]);
  const base = `http://127.0.0.1:${port}`;
  const call = async (method: string, path: string, auth: string, body?: unknown): Promise<any> => {
    const res = await fetch(base + path, { method, headers: { authorization: auth }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : {};
  };
  try {
    const sessions: { token: string; user_id: string }[] = await inParallel(USERS, 16, async () => {
      const s = await call('POST', '/v2/account/authenticate/device', basic, { id: randomUUID() });
      const payload = JSON.parse(Buffer.from(s.token.split('.')[1], 'base64url').toString()) as { uid: string };
      return { token: s.token, user_id: payload.uid };
    });
    const bearer = (i: number) => `Bearer ${sessions[i % USERS]!.token}`;
    // Everyone invites the next FRIENDS_EACH users; half the invites are accepted.
    await inParallel(USERS, 16, async (i) => {
      const ids = Array.from({ length: FRIENDS_EACH }, (_, k) => sessions[(i + k + 1) % USERS]!.user_id);
      await call('POST', `/v2/friend?${ids.map((id) => `ids=${id}`).join('&')}`, bearer(i));
    });
    await inParallel(USERS, 16, async (i) => {
      const ids = Array.from({ length: FRIENDS_EACH / 2 }, (_, k) => sessions[(i - k - 1 + USERS) % USERS]!.user_id);
      await call('POST', `/v2/friend?${ids.map((id) => `ids=${id}`).join('&')}`, bearer(i));
    });
    const prefix = `bench${randomUUID().slice(0, 6)}`;
    const groups: string[] = await inParallel(50, 8, async (i) => (await call('POST', '/v2/group', bearer(i), { name: `${prefix}-${i}`, open: true, max_count: 10_000 })).id);

    const phase = async (name: string, next: (w: number, i: number) => { method: string; path: string; headers: Record<string, string> }) => {
      rows.push({ dialect, phase: name, result: await runLoad({ port, concurrency: CONCURRENCY, durationMs: PHASE_MS, serverPid: server.child.pid, next }) });
    };
    // The foundation's cheapest authenticated read, measured in the same conditions, for scale.
    await phase('GetAccount (baseline)', (w, i) => ({ method: 'GET', path: '/v2/account', headers: { authorization: bearer(w * 7 + i) } }));
    await phase('ListFriends (30 edges)', (w, i) => ({ method: 'GET', path: '/v2/friend?limit=100', headers: { authorization: bearer(w * 7 + i) } }));
    await phase('ListFriendsOfFriends', (w, i) => ({ method: 'GET', path: '/v2/friend/friends?limit=100', headers: { authorization: bearer(w * 7 + i) } }));
    let joins = 0;
    // Joins spread over the groups: each group row is locked per join, so one group alone runs at the
    // database's commit rate.
    await phase('JoinGroup (open, 50 groups)', () => {
      const n = joins++;
      return { method: 'POST', path: `/v2/group/${groups[n % groups.length]}/join`, headers: { authorization: bearer(Math.floor(n / groups.length)) } };
    });
    await phase('ListGroupUsers', (w, i) => ({ method: 'GET', path: `/v2/group/${groups[(w + i) % groups.length]}/user?limit=100`, headers: { authorization: bearer(i) } }));
    await phase('ListGroups (name%)', (w, i) => ({ method: 'GET', path: `/v2/group?name=${prefix}-${(w + i) % 50}%25&limit=10`, headers: { authorization: bearer(i) } }));
    let invites = 0;
    await phase('AddFriends+DeleteFriends', () => {
      // Pairs of calls: one user invites another, then the same user deletes them again.
      const n = invites++;
      const self = (Math.floor(n / 2) * 13) % USERS;
      const other = sessions[(self + 1 + (Math.floor(n / 2) % (USERS - 1))) % USERS]!.user_id;
      const method = n % 2 === 0 ? 'POST' : 'DELETE';
      return { method, path: `/v2/friend?ids=${other}`, headers: { authorization: bearer(self) } };
    });
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
  console.log(`\nOutpost friends and groups benchmark`);
  console.log(machineLine());
  console.log(`load: ${CONCURRENCY} concurrent keep-alive clients on loopback, ${PHASE_MS / 1000}s per phase; ${USERS} users, ${FRIENDS_EACH} invites each, half accepted\n`);
  const header = ['database', 'operation', 'req/s', 'p50 ms', 'p99 ms', 'errors', ...CPU_COLUMNS];
  const lines = rows.map((r) => [r.dialect, r.phase, r.result.perSecond.toFixed(0), r.result.p50Ms.toFixed(2), r.result.p99Ms.toFixed(2), String(r.result.errors), ...cpuCells(r.result)]);
  printTable(header, lines);
  console.log(CPU_NOTE);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
