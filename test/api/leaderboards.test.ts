import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Client, Session } from '@heroiclabs/nakama-js';
import { DIALECTS } from '../support/databases.js';
import { errorOf, startTestServer, type TestServer } from '../support/server.js';
import { ManualClock } from '../support/clock.js';

/** nakama-js's generated API client: the official SDK's way to send fields its wrapper leaves out (operator). */
interface RawApi {
  writeLeaderboardRecord(token: string, id: string, record: { score?: string; subscore?: string; metadata?: string; operator?: number }): Promise<Record<string, unknown>>;
  /** nakama-js's Client has no wrapper for DeleteLeaderboardRecord. */
  deleteLeaderboardRecord(token: string, id: string): Promise<unknown>;
}
const rawApi = (client: Client) => (client as unknown as { apiClient: RawApi }).apiClient;

const START = Date.UTC(2030, 0, 7, 12, 0, 0); // a Monday, noon UTC

for (const dialect of DIALECTS) {
  describe(`leaderboards (${dialect})`, () => {
    let server: TestServer;
    let client: Client;
    const clock = new ManualClock(START);
    before(async () => {
      server = await startTestServer(dialect, [], { clock });
      client = server.client();
    });
    after(async () => {
      await server?.stop();
    });

    const user = () => client.authenticateDevice(`device-${randomUUID()}`, true);
    const board = async (config: Partial<Parameters<TestServer['outpost']['leaderboards']['create']>[0]> = {}) => {
      const id = `board-${randomUUID()}`;
      await server.outpost.leaderboards.create({ id, ...config });
      return id;
    };
    const write = (s: Session, id: string, score: number, subscore = 0, metadata?: object) =>
      client.writeLeaderboardRecord(s, id, { score: String(score), subscore: String(subscore), metadata });

    it('writes a record and returns it with rank, username and metadata', async () => {
      const id = await board();
      const alice = await user();
      const rec = await write(alice, id, 100, 7, { level: 3 });
      assert.equal(rec.leaderboard_id, id);
      assert.equal(rec.owner_id, alice.user_id);
      assert.equal(rec.username, alice.username);
      assert.equal(rec.score, 100);
      assert.equal(rec.subscore, 7);
      assert.equal(rec.num_score, 1);
      assert.equal(rec.rank, 1);
      assert.deepEqual(rec.metadata, { level: 3 });
      assert.equal(rec.expiry_time, undefined, 'a board without a reset schedule never expires');
      assert.match(rec.update_time!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const bob = await user();
      assert.equal((await write(bob, id, 150)).rank, 1);
      const list = await client.listLeaderboardRecords(alice, id, [alice.user_id!], 10);
      assert.deepEqual(list.records!.map((r) => [r.owner_id, r.rank]), [[bob.user_id, 1], [alice.user_id, 2]]);
      assert.equal(list.owner_records![0]!.rank, 2);
      assert.equal(list.rank_count, 2);
    });

    it("answers Nakama's errors for bad input", async () => {
      const s = await user();
      const id = await board();
      assert.deepEqual(await errorOf(write(s, 'no-such-board', 1)), { status: 404, code: 5, message: 'Leaderboard not found.' });
      assert.deepEqual(await errorOf(client.listLeaderboardRecords(s, 'no-such-board')), { status: 404, code: 5, message: 'Leaderboard not found.' });
      assert.deepEqual(await errorOf(client.listLeaderboardRecordsAroundOwner(s, 'no-such-board', s.user_id!)), { status: 404, code: 5, message: 'Leaderboard not found.' });
      assert.deepEqual(await errorOf(rawApi(client).deleteLeaderboardRecord(s.token, 'no-such-board')), { status: 404, code: 5, message: 'Leaderboard not found.' });
      for (const limit of [0, 1001]) {
        assert.deepEqual(await errorOf(client.listLeaderboardRecords(s, id, undefined, limit)), {
          status: 400, code: 3, message: 'Invalid limit - limit must be between 1 and 1000.',
        });
      }
      for (const limit of [0, 101]) {
        assert.deepEqual(await errorOf(client.listLeaderboardRecordsAroundOwner(s, id, s.user_id!, limit)), {
          status: 400, code: 3, message: 'Invalid limit - limit must be between 1 and 100.',
        });
      }
      assert.deepEqual(await errorOf(client.listLeaderboardRecordsAroundOwner(s, id, 'not-a-uuid')), { status: 400, code: 3, message: 'Invalid owner ID provided.' });
      assert.deepEqual(await errorOf(client.listLeaderboardRecords(s, id, ['nope'])), { status: 400, code: 3, message: 'One or more owner IDs are invalid.' });
      assert.deepEqual(await errorOf(client.listLeaderboardRecords(s, id, undefined, 5, 'garbage!')), { status: 400, code: 3, message: 'Cursor is invalid or expired.' });
      assert.deepEqual(await errorOf(rawApi(client).writeLeaderboardRecord(s.token, id, { score: '1', metadata: '[1]' })), {
        status: 400, code: 3, message: 'Metadata value must be JSON, if provided.',
      });
      assert.deepEqual(await errorOf(rawApi(client).writeLeaderboardRecord(s.token, id, { score: '1', operator: 9 })), { status: 400, code: 3, message: 'Invalid operator.' });
      const raw = await fetch(`${server.baseUrl}/v2/leaderboard/${id}`, { method: 'POST', headers: { authorization: `Bearer ${s.token}` } });
      assert.equal(raw.status, 400);
      assert.deepEqual(await raw.json(), { code: 3, message: 'Invalid input, record score value is required.' });
    });

    it('refuses client writes and deletes on an authoritative board but the server may write', async () => {
      const id = await board({ authoritative: true });
      const s = await user();
      assert.deepEqual(await errorOf(write(s, id, 5)), { status: 403, code: 7, message: 'Leaderboard only allows authoritative score submissions.' });
      assert.deepEqual(await errorOf(rawApi(client).deleteLeaderboardRecord(s.token, id)), { status: 403, code: 7, message: 'Leaderboard only allows authoritative score deletions.' });
      const rec = await server.outpost.leaderboards.writeRecord(null, id, { ownerId: s.user_id!, username: s.username!, score: 5, subscore: 0 });
      assert.equal(rec.rank, 1);
      const list = await client.listLeaderboardRecords(s, id, undefined, 10);
      assert.deepEqual(list.records!.map((r) => r.score), [5]);
    });

    it('applies each operator and the per-write override', async () => {
      const s = await user();
      const best = await board({ operator: 'best' });
      await write(s, best, 50, 5);
      let rec = await write(s, best, 40, 9);
      assert.deepEqual([rec.score, rec.subscore], [50, 9], 'best keeps each of score and subscore at its better value');
      assert.equal(rec.num_score, 2);
      rec = await write(s, best, 10, 1);
      assert.deepEqual([rec.score, rec.subscore, rec.num_score], [50, 9, 2], 'a write that improves nothing leaves the record as it was');

      const asc = await board({ operator: 'best', sortOrder: 'asc' });
      await write(s, asc, 50);
      assert.equal((await write(s, asc, 30)).score, 30);
      assert.equal((await write(s, asc, 70)).score, 30);

      const set = await board({ operator: 'set' });
      await write(s, set, 50);
      assert.equal((await write(s, set, 20)).score, 20);
      const incr = await board({ operator: 'incr' });
      await write(s, incr, 5, 1);
      rec = await write(s, incr, 7, 2);
      assert.deepEqual([rec.score, rec.subscore, rec.num_score], [12, 3, 2]);
      const decr = await board({ operator: 'decr' });
      rec = await write(s, decr, 5);
      assert.equal(rec.score, 0, 'a decrement board starts a new record at zero');
      await server.outpost.leaderboards.writeRecord(null, decr, { ownerId: s.user_id!, username: null, score: 10, subscore: 0, operator: 2 });
      assert.equal((await write(s, decr, 4)).score, 6);
      assert.equal((await write(s, decr, 40)).score, 0, 'decrement floors at zero');

      // Override: BEST=1, SET=2, INCREMENT=3, DECREMENT=4 on a "best" board.
      const over = await board({ operator: 'best' });
      const api = rawApi(client);
      await api.writeLeaderboardRecord(s.token, over, { score: '100' });
      assert.equal((await api.writeLeaderboardRecord(s.token, over, { score: '30', operator: 2 })).score, '30');
      assert.equal((await api.writeLeaderboardRecord(s.token, over, { score: '5', operator: 3 })).score, '35');
      assert.equal((await api.writeLeaderboardRecord(s.token, over, { score: '10', operator: 4 })).score, '25');
      assert.equal((await api.writeLeaderboardRecord(s.token, over, { score: '20', operator: 1 })).score, '25');
      assert.equal((await api.writeLeaderboardRecord(s.token, over, { score: '90', operator: 0 })).score, '90');
    });

    it('pages forward and back with cursors, counting ranks along the way', async () => {
      const id = await board();
      const sessions = await Promise.all(Array.from({ length: 7 }, () => user()));
      await Promise.all(sessions.map((s, i) => write(s, id, (i % 3) * 10, i)));
      const viewer = sessions[0]!;
      const all = (await client.listLeaderboardRecords(viewer, id, undefined, 100)).records!;
      const expected = sessions
        .map((s, i) => ({ owner: s.user_id!, score: (i % 3) * 10, subscore: i }))
        .sort((a, b) => b.score - a.score || b.subscore - a.subscore || (a.owner < b.owner ? 1 : -1));
      assert.deepEqual(all.map((r) => r.owner_id), expected.map((e) => e.owner));
      assert.deepEqual(all.map((r) => r.rank), [1, 2, 3, 4, 5, 6, 7]);

      const defaultPage = await client.listLeaderboardRecords(viewer, id);
      assert.equal(defaultPage.records!.length, 1, 'no limit lists one record');
      const p1 = await client.listLeaderboardRecords(viewer, id, undefined, 3);
      assert.equal(p1.prev_cursor, undefined);
      const p2 = await client.listLeaderboardRecords(viewer, id, undefined, 3, p1.next_cursor);
      const p3 = await client.listLeaderboardRecords(viewer, id, undefined, 3, p2.next_cursor);
      assert.deepEqual([...p1.records!, ...p2.records!, ...p3.records!].map((r) => [r.owner_id, r.rank]), all.map((r) => [r.owner_id, r.rank]));
      assert.equal(p3.next_cursor, undefined);
      const back = await client.listLeaderboardRecords(viewer, id, undefined, 3, p3.prev_cursor);
      assert.deepEqual(back.records!.map((r) => [r.owner_id, r.rank]), p2.records!.map((r) => [r.owner_id, r.rank]));
      const back2 = await client.listLeaderboardRecords(viewer, id, undefined, 3, back.prev_cursor);
      assert.deepEqual(back2.records!.map((r) => r.owner_id), p1.records!.map((r) => r.owner_id));
      assert.equal(back2.prev_cursor, undefined);
      const other = await board();
      assert.deepEqual(await errorOf(client.listLeaderboardRecords(viewer, other, undefined, 3, p1.next_cursor)), {
        status: 400, code: 3, message: 'Cursor is invalid or expired.',
      });
      // owner_ids without a limit lists only the owners' records.
      const owners = await client.listLeaderboardRecords(viewer, id, [sessions[2]!.user_id!, sessions[5]!.user_id!]);
      assert.deepEqual(owners.records, []);
      assert.deepEqual(owners.owner_records!.map((r) => r.owner_id), expected.filter((e) => [sessions[2]!.user_id, sessions[5]!.user_id].includes(e.owner)).map((e) => e.owner));
    });

    it('centres a page on the owner', async () => {
      const id = await board();
      const sessions = await Promise.all(Array.from({ length: 9 }, () => user()));
      for (const [i, s] of sessions.entries()) await write(s, id, i * 10);
      // Ranks: sessions[8] is 1st ... sessions[0] is 9th.
      const mid = sessions[4]!; // rank 5
      const around = await client.listLeaderboardRecordsAroundOwner(mid, id, mid.user_id!, 3);
      assert.deepEqual(around.records!.map((r) => r.rank), [4, 5, 6]);
      assert.equal(around.records![1]!.owner_id, mid.user_id);
      const top = await client.listLeaderboardRecordsAroundOwner(mid, id, sessions[8]!.user_id!, 3);
      assert.deepEqual(top.records!.map((r) => r.rank), [1, 2, 3]);
      const bottom = await client.listLeaderboardRecordsAroundOwner(mid, id, sessions[0]!.user_id!, 3);
      assert.deepEqual(bottom.records!.map((r) => r.rank), [7, 8, 9]);
      const next = await client.listLeaderboardRecordsAroundOwner(mid, id, mid.user_id!, 3, undefined, around.next_cursor);
      assert.deepEqual(next.records!.map((r) => r.rank), [7, 8, 9]);
      const nobody = await client.listLeaderboardRecordsAroundOwner(mid, id, randomUUID(), 3);
      assert.deepEqual(nobody.records, []);
    });

    it('picks the same haystack from the rank cache as from the index walk of an unranked board', async () => {
      const ranked = await board();
      const unranked = await board({ enableRanks: false });
      const sessions = await Promise.all(Array.from({ length: 8 }, () => user()));
      for (const [i, s] of sessions.entries()) {
        await write(s, ranked, i % 3, i % 2);
        await write(s, unranked, i % 3, i % 2);
      }
      const viewer = sessions[0]!;
      for (const s of sessions) {
        for (const limit of [1, 2, 3, 4, 5, 8, 9]) {
          const a = await client.listLeaderboardRecordsAroundOwner(viewer, ranked, s.user_id!, limit);
          const b = await client.listLeaderboardRecordsAroundOwner(viewer, unranked, s.user_id!, limit);
          const what = `owner ${sessions.indexOf(s)}, limit ${limit}`;
          assert.deepEqual(a.records!.map((r) => r.owner_id), b.records!.map((r) => r.owner_id), what);
          assert.deepEqual([a.next_cursor !== undefined, a.prev_cursor !== undefined], [b.next_cursor !== undefined, b.prev_cursor !== undefined], what);
          assert.ok(b.records!.every((r) => r.rank === 0), 'an unranked board shows no ranks');
          const all = (await client.listLeaderboardRecords(viewer, ranked, undefined, 100)).records!;
          assert.deepEqual(a.records!.map((r) => r.rank), a.records!.map((r) => all.findIndex((x) => x.owner_id === r.owner_id) + 1), what);
        }
      }
    });

    it("deletes the caller's own record and its rank", async () => {
      const id = await board();
      const a = await user();
      const b = await user();
      await write(a, id, 10);
      await write(b, id, 5);
      await rawApi(client).deleteLeaderboardRecord(a.token, id);
      const list = await client.listLeaderboardRecords(b, id, [b.user_id!], 10);
      assert.deepEqual(list.records!.map((r) => r.owner_id), [b.user_id]);
      assert.equal(list.owner_records![0]!.rank, 1);
      assert.equal(list.rank_count, 1);
      // Account deletion's hook removes an owner's records everywhere, ranks included.
      await write(a, id, 10);
      assert.equal(await server.outpost.leaderboards.deleteOwnerRecords(a.user_id!), 1);
      const after = await client.listLeaderboardRecords(b, id, [b.user_id!], 10);
      assert.deepEqual([after.records!.length, after.owner_records![0]!.rank, after.rank_count], [1, 1, 1]);
    });

    it('starts a new period at each reset and keeps old periods readable by expiry', async () => {
      clock.set(START);
      const resets: [string, number][] = [];
      server.outpost.leaderboardScheduler.onLeaderboardReset((boardId, at) => void resets.push([boardId, at]));
      const id = await board({ resetSchedule: '0 0 * * 1' }); // Mondays 00:00 UTC
      const s = await user();
      const first = await write(s, id, 100);
      const firstExpiry = Date.UTC(2030, 0, 14) / 1000;
      assert.equal(Date.parse(first.expiry_time!) / 1000, firstExpiry);
      assert.equal((await write(s, id, 50)).score, 100);

      clock.set(Date.UTC(2030, 0, 14, 0, 0, 1));
      assert.equal(await server.outpost.leaderboardScheduler.runDue(), 1, 'one reset between the two times');
      assert.deepEqual(resets.filter(([b]) => b === id), [[id, firstExpiry]]);
      const second = await write(s, id, 50);
      assert.equal(second.score, 50, 'a new period starts from nothing');
      assert.equal(second.num_score, 1);
      assert.equal(Date.parse(second.expiry_time!) / 1000, Date.UTC(2030, 0, 21) / 1000);
      const current = await client.listLeaderboardRecords(s, id, undefined, 10);
      assert.deepEqual(current.records!.map((r) => r.score), [50]);
      const old = await client.listLeaderboardRecords(s, id, undefined, 10, undefined, String(firstExpiry));
      assert.deepEqual(old.records!.map((r) => r.score), [100]);
      server.outpost.leaderboardScheduler.onLeaderboardReset(undefined);
      clock.set(START);
    });

    it('keeps ranks across a restart by rebuilding them from the database', async () => {
      const id = await board({ sortOrder: 'asc' });
      const sessions = await Promise.all(Array.from({ length: 5 }, () => user()));
      for (const [i, s] of sessions.entries()) await write(s, id, 100 - i);
      // A second server over the same database rebuilds ranks at start.
      await server.outpost.stop();
      server = await restart(server, clock);
      client = server.client();
      const again = await client.authenticateDevice(`device-${randomUUID()}`);
      const list = await client.listLeaderboardRecords(again, id, sessions.map((s) => s.user_id!), 10);
      assert.deepEqual(list.owner_records!.map((r) => r.rank), [1, 2, 3, 4, 5]);
      assert.deepEqual(list.owner_records!.map((r) => r.owner_id), [...sessions].reverse().map((s) => s.user_id));
      assert.equal(list.rank_count, 5);
    });
  });
}

/** Starts a fresh Outpost over the database of a stopped one. */
async function restart(old: TestServer, clock: ManualClock): Promise<TestServer> {
  const { loadConfig } = await import('../../server/config/load.js');
  const { createOutpost } = await import('../../server/main.js');
  const { createLogger } = await import('../../server/common/logger.js');
  const loaded = loadConfig({
    argv: ['--data_dir', old.db.dataDir, '--database.address', old.db.address, '--socket.address', '127.0.0.1', '--socket.port', '0', '--socket.server_key', 'test-server-key', '--logger.level', 'error'],
    env: {},
  });
  const outpost = await createOutpost(loaded, { clock, logger: createLogger({ level: 'error', format: 'text', write: () => {} }) });
  await outpost.start();
  const port = Number(new URL(outpost.addresses().api).port);
  const { Client } = await import('@heroiclabs/nakama-js');
  return {
    ...old,
    outpost,
    port,
    baseUrl: outpost.addresses().api,
    client: () => new Client('test-server-key', '127.0.0.1', String(port), false, 7000, false),
    async stop() {
      await outpost.stop();
      await old.db.drop();
    },
  };
}
