/**
 * The console's Leaderboards page API on both databases: boards (leaderboards and tournaments), records by
 * rank with paging, deleting a record (also on an authoritative board); effects checked through nakama-js.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Client, Session } from '@heroiclabs/nakama-js';
import { DIALECTS } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { CONSOLE_FLAGS, consoleCall, consoleLogin } from '../support/console.js';

for (const dialect of DIALECTS) {
  describe(`console leaderboards API (${dialect})`, () => {
    let server: TestServer;
    let client: Client;
    let auth: string;
    before(async () => {
      server = await startTestServer(dialect, CONSOLE_FLAGS);
      client = server.client();
      auth = await consoleLogin(server);
    });
    after(async () => {
      await server?.stop();
    });
    const call = (method: string, path: string) => consoleCall(server, method, `/v2/console${path}`, { auth });
    const players = async (n: number): Promise<Session[]> => {
      const out: Session[] = [];
      for (let i = 0; i < n; i++) out.push(await client.authenticateDevice(`device-${randomUUID()}`, true));
      return out;
    };

    it('requires an admin token', async () => {
      for (const [method, path] of [['GET', '/leaderboard'], ['GET', '/leaderboard/x'], ['GET', '/leaderboard/x/record'], ['DELETE', `/leaderboard/x/record/${randomUUID()}`]] as const) {
        const reply = await consoleCall(server, method, `/v2/console${path}`, { auth: 'Bearer nope' });
        assert.deepEqual([reply.status, reply.body.code], [401, 16], `${method} ${path}`);
      }
    });

    it('lists boards, pages records by rank and deletes one', async () => {
      const id = `weekly-${randomUUID().slice(0, 8)}`;
      await server.outpost.leaderboards.create({ id, sortOrder: 'desc', operator: 'best', resetSchedule: '0 0 * * 1' });
      const cup = `cup-${randomUUID().slice(0, 8)}`;
      await server.outpost.tournaments.create({ id: cup, duration: 3600, title: 'Spring cup', maxSize: 10 });
      const ps = await players(5);
      for (const [i, s] of ps.entries()) await client.writeLeaderboardRecord(s, id, { score: String((i + 1) * 100), subscore: String(i) });
      await client.writeTournamentRecord(ps[0]!, cup, { score: '7' });

      const boards = (await call('GET', '/leaderboard')).body.leaderboards as { id: string; tournament: boolean; title: string; resetSchedule: string; nextReset: number; size: number; maxSize: number }[];
      const board = boards.find((b) => b.id === id)!;
      assert.deepEqual([board.tournament, board.resetSchedule], [false, '0 0 * * 1']);
      assert.ok(board.nextReset > Date.now());
      const t = boards.find((b) => b.id === cup)!;
      assert.deepEqual([t.tournament, t.title, t.size, t.maxSize], [true, 'Spring cup', 1, 10]);
      assert.equal((await call('GET', `/leaderboard/${cup}`)).body.title, 'Spring cup');

      const page1 = await call('GET', `/leaderboard/${id}/record?limit=2`);
      assert.deepEqual(page1.body.records.map((r: { ownerId: string; rank: number; score: number }) => [r.ownerId, r.rank, r.score]), [[ps[4]!.user_id, 1, 500], [ps[3]!.user_id, 2, 400]]);
      assert.equal(page1.body.rankCount, 5);
      assert.equal(page1.body.records[0].username, ps[4]!.username);
      const page2 = await call('GET', `/leaderboard/${id}/record?limit=2&cursor=${encodeURIComponent(page1.body.nextCursor)}`);
      assert.deepEqual(page2.body.records.map((r: { rank: number }) => r.rank), [3, 4]);
      const tRecords = await call('GET', `/leaderboard/${cup}/record`);
      assert.deepEqual(tRecords.body.records.map((r: { ownerId: string; score: number }) => [r.ownerId, r.score]), [[ps[0]!.user_id, 7]]);

      assert.equal((await call('DELETE', `/leaderboard/${id}/record/${ps[4]!.user_id}`)).status, 200);
      const seen = await client.listLeaderboardRecords(ps[0]!, id, undefined, 10);
      assert.deepEqual(seen.records!.map((r) => [r.owner_id, r.rank]), [[ps[3]!.user_id, 1], [ps[2]!.user_id, 2], [ps[1]!.user_id, 3], [ps[0]!.user_id, 4]]);
      const again = await call('DELETE', `/leaderboard/${id}/record/${ps[4]!.user_id}`);
      assert.deepEqual([again.status, again.body.message], [404, 'That owner has no record on this board in the current period.']);
      assert.equal((await call('DELETE', `/leaderboard/${cup}/record/${ps[0]!.user_id}`)).status, 200);
      assert.deepEqual((await client.listTournamentRecords(ps[0]!, cup)).records ?? [], []);

      assert.equal((await call('GET', '/leaderboard/no-such-board/record')).status, 404);
      assert.equal((await call('GET', '/leaderboard/no-such-board')).status, 404);
      const badOwner = await call('DELETE', `/leaderboard/${id}/record/not-a-uuid`);
      assert.deepEqual([badOwner.status, badOwner.body.code], [400, 3]);
      assert.equal((await call('GET', `/leaderboard/${id}/record?limit=500`)).status, 400);
    });

    it('deletes a record on an authoritative board, which clients cannot', async () => {
      const id = `auth-${randomUUID().slice(0, 8)}`;
      await server.outpost.leaderboards.create({ id, authoritative: true });
      const [p] = await players(1);
      await server.outpost.leaderboards.writeRecord(null, id, { ownerId: p!.user_id!, username: p!.username!, score: 42, subscore: 0 });
      assert.equal((await call('GET', `/leaderboard/${id}/record`)).body.records.length, 1);
      // nakama-js has no delete call; the client endpoint it would use refuses on an authoritative board.
      const refused = await fetch(`${server.baseUrl}/v2/leaderboard/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${p!.token}` } });
      assert.notEqual(refused.status, 200);
      assert.equal((await call('DELETE', `/leaderboard/${id}/record/${p!.user_id}`)).status, 200);
      assert.equal((await call('GET', `/leaderboard/${id}/record`)).body.records.length, 0);
    });
  });
}
