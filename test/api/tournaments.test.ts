import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Client, Session } from '@heroiclabs/nakama-js';
import type { TournamentConfig } from '../../server/core/leaderboard/tournament-service.js';
import { DIALECTS } from '../support/databases.js';
import { errorOf, startTestServer, type TestServer } from '../support/server.js';
import { ManualClock } from '../support/clock.js';

const START = Date.UTC(2030, 0, 7, 12, 0, 0);
const sec = (ms: number) => ms / 1000;
const MIN = 60_000;

for (const dialect of DIALECTS) {
  describe(`tournaments (${dialect})`, () => {
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
    beforeEach(() => clock.set(START));

    const user = () => client.authenticateDevice(`device-${randomUUID()}`, true);
    const tournament = async (config: Partial<TournamentConfig> = {}) => {
      const id = `t-${randomUUID()}`;
      await server.outpost.tournaments.create({ id, duration: 3600, ...config });
      return id;
    };
    /** One tournament as it is on the wire (nakama-js's wrapper drops prev_reset, join_required, operator). */
    const wireTournament = async (s: Session, id: string) => {
      const res = await fetch(`${server.baseUrl}/v2/tournament?limit=100`, { headers: { authorization: `Bearer ${s.token}` } });
      const body = (await res.json()) as { tournaments: Record<string, unknown>[] };
      return body.tournaments.find((t) => t.id === id)!;
    };
    const write = (s: Session, id: string, score: number, subscore = 0) =>
      client.writeTournamentRecord(s, id, { score: String(score), subscore: String(subscore) });

    it('creates, lists and describes a tournament', async () => {
      const id = await tournament({ title: 'Cup', description: 'weekly', category: 42, maxSize: 10, maxNumScore: 3, metadata: '{"prize":1}', joinRequired: true, endTime: sec(START) + 7200 });
      const s = await user();
      const list = await client.listTournaments(s, 42, 42);
      const t = list.tournaments!.find((x) => x.id === id)!;
      assert.ok(t, 'the tournament is listed');
      assert.equal(t.title, 'Cup');
      assert.equal(t.description, 'weekly');
      assert.equal(t.category, 42);
      assert.equal(t.max_size, 10);
      assert.equal(t.max_num_score, 3);
      assert.equal(t.size, 0);
      assert.equal(t.can_enter, true);
      assert.equal(t.duration, 3600);
      assert.equal(t.start_active, sec(START));
      assert.equal(t.end_active, sec(START) + 3600);
      assert.equal(t.next_reset, sec(START) + 7200);
      assert.deepEqual(t.metadata, { prize: 1 });
      assert.equal(t.start_time, new Date(START).toISOString().replace('.000', ''));
      assert.equal(t.end_time, new Date(START + 7_200_000).toISOString().replace('.000', ''));
      // Fields nakama-js drops from its wrapper still reach the wire.
      const raw = (await (await fetch(`${server.baseUrl}/v2/tournament?category_start=42&category_end=42`, { headers: { authorization: `Bearer ${s.token}` } })).json()) as {
        tournaments: Record<string, unknown>[];
      };
      const wire = raw.tournaments.find((x) => x.id === id)!;
      assert.equal(wire.join_required, true);
      assert.equal(wire.operator, 1);
      assert.equal(wire.sort_order, 1);
    });

    it('filters by category and time window and pages with a cursor', async () => {
      const s = await user();
      const cat = 100 + Math.floor(Math.random() * 20);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await tournament({ category: cat, startTime: sec(START) + i * 60, endTime: sec(START) + 100_000 }));
      const never = await tournament({ category: cat, startTime: sec(START) + 10 });
      const p1 = await client.listTournaments(s, cat, cat, undefined, undefined, 2);
      assert.equal(p1.tournaments!.length, 2);
      const p2 = await client.listTournaments(s, cat, cat, undefined, undefined, 2, p1.cursor);
      const p3 = await client.listTournaments(s, cat, cat, undefined, undefined, 2, p2.cursor);
      const seen = [...p1.tournaments!, ...p2.tournaments!, ...p3.tournaments!].map((t) => t.id);
      // Nakama's order: start time, then the later end first (0 = never counts as earliest), category, id.
      assert.deepEqual(seen, [ids[0], never, ids[1], ids[2], ids[3], ids[4]]);
      assert.equal(p3.cursor, undefined);
      const late = await client.listTournaments(s, cat, cat, sec(START) + 120, undefined, 10);
      assert.deepEqual(late.tournaments!.map((t) => t.id), [ids[2], ids[3], ids[4]]);
      const noEnd = await client.listTournaments(s, cat, cat, undefined, 0, 10);
      assert.deepEqual(noEnd.tournaments!.map((t) => t.id), [never]);
      const other = await client.listTournaments(s, cat + 1, cat + 1);
      assert.ok(!other.tournaments!.some((t) => ids.includes(t.id!)));
    });

    it("answers Nakama's errors for bad list input", async () => {
      const s = await user();
      assert.deepEqual(await errorOf(client.listTournaments(s, 0, 128)), { status: 400, code: 3, message: 'Tournament category end must be >=0 and <128.' });
      assert.deepEqual(await errorOf(client.listTournaments(s, 10, 5)), { status: 400, code: 3, message: 'Tournament category end must be greater than category start.' });
      assert.deepEqual(await errorOf(client.listTournaments(s, 0, 10, 500, 100)), { status: 400, code: 3, message: 'Tournament end time must be greater than start time.' });
      for (const limit of [0, 101]) {
        assert.deepEqual(await errorOf(client.listTournaments(s, 0, 10, undefined, undefined, limit)), { status: 400, code: 3, message: 'Limit must be between 1 and 100.' });
      }
      const id = await tournament();
      for (const limit of [0, 101]) {
        assert.deepEqual(await errorOf(client.listTournamentRecords(s, id, undefined, limit)), { status: 400, code: 3, message: 'Invalid limit - limit must be between 1 and 100.' });
        assert.deepEqual(await errorOf(client.listTournamentRecordsAroundOwner(s, id, s.user_id!, limit)), { status: 400, code: 3, message: 'Invalid limit - limit must be between 1 and 100.' });
      }
      assert.deepEqual(await errorOf(client.listTournamentRecordsAroundOwner(s, id, 'x')), { status: 400, code: 3, message: 'Invalid owner ID provided.' });
      for (const call of [write(s, 'nope', 1), client.joinTournament(s, 'nope'), client.listTournamentRecords(s, 'nope'), client.listTournamentRecordsAroundOwner(s, 'nope', s.user_id!), client.deleteTournamentRecord(s, 'nope')]) {
        assert.deepEqual(await errorOf(call), { status: 404, code: 5, message: 'Tournament not found.' });
      }
    });

    it('accepts scores only inside the active window', async () => {
      const s = await user();
      const future = await tournament({ startTime: sec(START) + 600, duration: 600, endTime: sec(START) + 3600 });
      assert.deepEqual(await errorOf(write(s, future, 1)), { status: 400, code: 9, message: 'Tournament is not active and cannot accept new scores.' });
      clock.set(START + 11 * MIN);
      const rec = await write(s, future, 7);
      assert.equal(rec.score, 7);
      assert.equal(rec.rank, 1);
      assert.equal(Date.parse(rec.expiry_time!), START + 3_600_000);
      clock.set(START + 21 * MIN);
      assert.deepEqual(await errorOf(write(s, future, 9)), { status: 400, code: 9, message: 'Tournament is not active and cannot accept new scores.' });
      assert.deepEqual((await client.listTournamentRecords(s, future)).records!.map((r) => r.score), [7], 'records stay readable until the end');
      clock.set(START + 61 * MIN);
      assert.deepEqual(await errorOf(write(s, future, 9)), { status: 404, code: 5, message: 'Tournament not found or has ended.' });
      assert.deepEqual(await errorOf(client.listTournamentRecords(s, future)), { status: 404, code: 5, message: 'Tournament has ended.' });
      const old = await client.listTournamentRecords(s, future, undefined, 10, undefined, String(sec(START) + 3600));
      assert.deepEqual(old.records!.map((r) => r.score), [7], 'an ended period is read by its expiry');
    });

    it('refuses client writes on an authoritative tournament', async () => {
      const s = await user();
      const id = await tournament({ authoritative: true });
      assert.deepEqual(await errorOf(write(s, id, 1)), { status: 403, code: 7, message: 'Tournament only allows authoritative score submissions.' });
      assert.deepEqual(await errorOf(client.deleteTournamentRecord(s, id)), { status: 403, code: 7, message: 'Tournament only allows authoritative score deletions.' });
      const rec = await server.outpost.tournaments.writeRecord(null, id, { ownerId: s.user_id!, username: s.username!, score: 3, subscore: 0 });
      assert.equal(rec.score, 3);
    });

    it('requires joining when join_required, and enforces max size on joins', async () => {
      const id = await tournament({ joinRequired: true, maxSize: 2 });
      const [a, b, c] = [await user(), await user(), await user()];
      assert.deepEqual(await errorOf(write(a, id, 5)), { status: 400, code: 9, message: 'Must join tournament before attempting to write value.' });
      assert.equal(await client.joinTournament(a, id), true);
      assert.equal(await client.joinTournament(a, id), true, 'joining twice is fine and takes one place');
      await client.joinTournament(b, id);
      assert.deepEqual(await errorOf(client.joinTournament(c, id)), { status: 400, code: 3, message: 'Tournament cannot be joined as it has reached its max size.' });
      const joined = await client.listTournamentRecords(a, id, undefined, 10);
      assert.equal(joined.records!.length, 2, 'a join creates an empty record');
      const rec = await write(a, id, 5);
      assert.deepEqual([rec.score, rec.num_score], [5, 1]);
      const t = await wireTournament(a, id);
      assert.equal(t.size, 2);
      assert.equal(t.can_enter, undefined, 'a full tournament cannot be entered (false is omitted on the wire)');
      assert.equal((await wireTournament(a, await tournament())).can_enter, true);
      clock.set(START + 61 * MIN);
      assert.deepEqual(await errorOf(client.joinTournament(c, id)), { status: 400, code: 3, message: 'Tournament is not active and cannot accept new joins.' });
    });

    it('enforces max size on writes and frees a place when a record is deleted', async () => {
      const id = await tournament({ maxSize: 2 });
      const [a, b, c] = [await user(), await user(), await user()];
      await write(a, id, 1);
      await write(b, id, 2);
      await write(a, id, 3);
      assert.deepEqual(await errorOf(write(c, id, 4)), { status: 400, code: 9, message: 'Tournament has reached max size.' });
      await client.deleteTournamentRecord(b, id);
      assert.equal((await write(c, id, 4)).rank, 1);
      assert.deepEqual((await client.listTournamentRecords(a, id, undefined, 10)).records!.map((r) => r.owner_id), [c.user_id, a.user_id]);
    });

    it('counts submissions against max_num_score', async () => {
      const id = await tournament({ maxNumScore: 2, operator: 'incr' });
      const s = await user();
      await write(s, id, 1);
      assert.deepEqual([(await write(s, id, 1)).score], [2]);
      assert.deepEqual(await errorOf(write(s, id, 1)), { status: 400, code: 9, message: 'Reached allowed max number of score attempts.' });
      const joinId = await tournament({ maxNumScore: 1, joinRequired: true });
      await client.joinTournament(s, joinId);
      await write(s, joinId, 10);
      assert.deepEqual(await errorOf(write(s, joinId, 20)), { status: 400, code: 9, message: 'Reached allowed max number of score attempts.' });
      const rec = (await client.listTournamentRecords(s, joinId, [s.user_id!])).owner_records![0]!;
      assert.deepEqual([rec.score, rec.num_score, rec.max_num_score], [10, 1, 1]);
    });

    it('lists records with owners, pages and haystacks', async () => {
      const id = await tournament({ sortOrder: 'asc' });
      const sessions = await Promise.all(Array.from({ length: 6 }, () => user()));
      for (const [i, s] of sessions.entries()) await write(s, id, i);
      const viewer = sessions[0]!;
      const firstPage = await client.listTournamentRecords(viewer, id, [sessions[5]!.user_id!], 4);
      assert.deepEqual(firstPage.records!.map((r) => r.score), [0, 1, 2, 3]);
      assert.deepEqual(firstPage.owner_records!.map((r) => [r.score, r.rank]), [[5, 6]]);
      const next = await client.listTournamentRecords(viewer, id, undefined, 4, firstPage.next_cursor);
      assert.deepEqual(next.records!.map((r) => [r.score, r.rank]), [[4, 5], [5, 6]]);
      const defaults = await client.listTournamentRecords(viewer, id);
      assert.equal(defaults.records!.length, 6, 'ListTournamentRecords lists 10 by default');
      const around = await client.listTournamentRecordsAroundOwner(viewer, id, sessions[3]!.user_id!, 3);
      assert.deepEqual(around.records!.map((r) => r.rank), [3, 4, 5]);
    });

    it('opens a new period at each scheduled reset, ends windows and calls back', async () => {
      const ends: [string, number, number][] = [];
      const resets: [string, number, number][] = [];
      const scheduler = server.outpost.leaderboardScheduler;
      await scheduler.runDue(); // forget boundaries passed by earlier tests
      scheduler.onTournamentEnd((id, end, reset) => void ends.push([id, end, reset]));
      scheduler.onTournamentReset((id, end, reset) => void resets.push([id, end, reset]));
      // Hourly, each period open for 30 minutes, 2 places per period.
      const id = await tournament({ resetSchedule: '0 * * * *', duration: 1800, maxSize: 2 });
      const s = await user();
      clock.set(START + 10 * MIN);
      await write(s, id, 10);
      await write(await user(), id, 11);
      assert.deepEqual(await errorOf(write(await user(), id, 12)), { status: 400, code: 9, message: 'Tournament has reached max size.' });
      clock.set(START + 40 * MIN);
      assert.deepEqual(await errorOf(write(s, id, 20)), { status: 400, code: 9, message: 'Tournament is not active and cannot accept new scores.' });
      await scheduler.runDue();
      assert.deepEqual(ends.filter(([t]) => t === id), [[id, sec(START) + 1800, sec(START) + 3600]]);
      clock.set(START + 65 * MIN);
      await scheduler.runDue();
      assert.deepEqual(resets.filter(([t]) => t === id), [[id, sec(START) + 1800, sec(START) + 3600]]);
      const rec = await write(s, id, 5);
      assert.deepEqual([rec.score, rec.num_score, rec.rank], [5, 1, 1], 'the new period starts empty');
      assert.equal(Date.parse(rec.expiry_time!), START + 120 * MIN);
      assert.equal((await write(await user(), id, 6)).rank, 1, 'the reset freed the places');
      const t = await wireTournament(s, id);
      assert.equal(t.start_active, sec(START) + 3600);
      assert.equal(t.prev_reset, sec(START) + 3600);
      assert.equal(t.next_reset, sec(START) + 7200);
      scheduler.onTournamentEnd(undefined);
      scheduler.onTournamentReset(undefined);
    });
  });
}
