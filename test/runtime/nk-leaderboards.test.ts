import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Client, Session } from '@heroiclabs/nakama-js';
import { DIALECTS } from '../support/databases.js';
import { errorOf, startTestServer, type TestServer } from '../support/server.js';
import { writeModule, type ModuleDir } from './module-fixture.js';
import { NK_AREAS_MODULE, nkError, nkValue } from './nk-areas-module.js';

type RecordList = { records: Record<string, unknown>[]; ownerRecords: Record<string, unknown>[]; nextCursor: string | null; prevCursor: string | null; rankCount: number };

async function expectErrors(client: Client, session: Session, cases: [string, unknown[], string | RegExp][]): Promise<void> {
  for (const [fn, args, expected] of cases) {
    const message = await nkError(client, session, fn, ...args);
    if (expected instanceof RegExp) assert.match(message, expected, `${fn}(${JSON.stringify(args)})`);
    else assert.equal(message, expected, `${fn}(${JSON.stringify(args)})`);
  }
}

for (const dialect of DIALECTS) {
  describe(`runtime nk leaderboards and tournaments (${dialect})`, () => {
    let server: TestServer;
    let modules: ModuleDir;
    let client: Client;
    const players: Session[] = [];

    before(async () => {
      modules = await writeModule(NK_AREAS_MODULE);
      server = await startTestServer(dialect, modules.flags);
      client = server.client();
      for (let i = 0; i < 4; i++) players.push(await client.authenticateDevice(`device-${randomUUID()}`, true, `player${i}-${dialect}`));
    });
    after(async () => {
      await server?.stop();
      await modules?.remove();
    });

    it('InitModule creates a leaderboard (once, on every worker) that leaderboardsGetId and clients see', async () => {
      const [p0] = players;
      const boards = await nkValue<Record<string, unknown>[]>(client, p0!, 'leaderboardsGetId', ['weekly', 'no-such-board']);
      assert.equal(boards.length, 1);
      const weekly = boards[0]!;
      assert.equal(weekly.id, 'weekly');
      assert.equal(weekly.operator, 'best');
      assert.equal(weekly.sortOrder, 1);
      assert.equal(weekly.authoritative, true);
      assert.deepEqual(weekly.metadata, { season: 1 });
      assert.equal(typeof weekly.nextReset, 'number');
      assert.ok((weekly.nextReset as number) > Date.now() / 1000, 'the next Monday, in unix seconds');
      assert.deepEqual((await client.listLeaderboardRecords(p0!, 'weekly')).records ?? [], []);
    });

    it('an RPC writes scores to an authoritative board that clients cannot write; records list, page and rank', async () => {
      const scores = [30, 10, 50, 20];
      for (let i = 0; i < players.length; i++) {
        const record = (await client.rpc(players[i]!, 'submit_score', { board: 'weekly', score: scores[i], map: 'dunes' })).payload as Record<string, unknown>;
        assert.equal(record.ownerId, players[i]!.user_id);
        assert.equal(record.username, `player${i}-${dialect}`);
        assert.deepEqual(record.metadata, { map: 'dunes' });
        assert.equal(record.score, scores[i]);
        assert.equal(typeof record.expiryTime, 'number');
      }
      const refused = await errorOf(client.writeLeaderboardRecord(players[0]!, 'weekly', { score: '999' }));
      assert.equal(refused.status, 403);
      const listed = await client.listLeaderboardRecords(players[0]!, 'weekly', undefined, 10);
      assert.deepEqual(listed.records!.map((r) => Number(r.score)), [50, 30, 20, 10]);
      const page = await nkValue<RecordList>(client, players[0]!, 'leaderboardRecordsList', 'weekly', [players[1]!.user_id], 2);
      assert.deepEqual(page.records.map((r) => [r.score, r.rank]), [[50, 1], [30, 2]]);
      assert.deepEqual(page.ownerRecords.map((r) => [r.ownerId, r.rank]), [[players[1]!.user_id, 4]]);
      assert.equal(typeof page.nextCursor, 'string');
      assert.equal(page.prevCursor, null);
      assert.equal(page.rankCount, 4);
      const next = await nkValue<RecordList>(client, players[0]!, 'leaderboardRecordsList', 'weekly', null, 2, page.nextCursor);
      assert.deepEqual(next.records.map((r) => r.score), [20, 10]);
      const ownersOnly = await nkValue<RecordList>(client, players[0]!, 'leaderboardRecordsList', 'weekly', [players[2]!.user_id]);
      assert.deepEqual(ownersOnly.records, [], 'no limit: only the owners’ records, as in Nakama');
      assert.equal(ownersOnly.ownerRecords[0]!.score, 50);
      const around = await nkValue<RecordList>(client, players[0]!, 'leaderboardRecordsHaystack', 'weekly', players[3]!.user_id, 3);
      assert.ok(around.records.some((r) => r.ownerId === players[3]!.user_id));
      assert.equal(around.records.length, 3);
    });

    it('leaderboardRecordWrite takes an override operator; leaderboardRecordDelete removes the record', async () => {
      const [p0] = players;
      await nkValue(client, p0!, 'leaderboardCreate', 'coins', false, 'asc', 'set');
      await nkValue(client, p0!, 'leaderboardRecordWrite', 'coins', p0!.user_id, null, 5);
      const added = await nkValue<Record<string, unknown>>(client, p0!, 'leaderboardRecordWrite', 'coins', p0!.user_id, 'renamed', 7, 1, null, 'INCR');
      assert.equal(added.score, 12);
      assert.equal(added.numScore, 2);
      assert.equal(added.username, 'renamed');
      await client.writeLeaderboardRecord(players[1]!, 'coins', { score: '3' });
      assert.deepEqual((await client.listLeaderboardRecords(p0!, 'coins', undefined, 10)).records!.map((r) => Number(r.score)), [3, 12], 'ascending');
      await nkValue(client, p0!, 'leaderboardRecordDelete', 'coins', p0!.user_id);
      assert.deepEqual((await client.listLeaderboardRecords(p0!, 'coins', undefined, 10)).records!.map((r) => r.owner_id), [players[1]!.user_id]);
    });

    it('leaderboardList pages by id; leaderboardDelete removes a board', async () => {
      const [p0] = players;
      await nkValue(client, p0!, 'leaderboardCreate', 'zz-extra', false);
      const first = await nkValue<{ leaderboards: { id: string }[]; cursor: string | null }>(client, p0!, 'leaderboardList', 2);
      assert.deepEqual(first.leaderboards.map((l) => l.id), ['coins', 'weekly']);
      assert.equal(typeof first.cursor, 'string');
      const rest = await nkValue<{ leaderboards: { id: string }[]; cursor: string | null }>(client, p0!, 'leaderboardList', 2, first.cursor);
      assert.deepEqual(rest.leaderboards.map((l) => l.id), ['zz-extra']);
      assert.equal(rest.cursor, null);
      await nkValue(client, p0!, 'leaderboardDelete', 'zz-extra');
      assert.deepEqual(await nkValue(client, p0!, 'leaderboardsGetId', ['zz-extra']), []);
      assert.equal((await errorOf(client.listLeaderboardRecords(p0!, 'zz-extra'))).status, 404);
    });

    it('leaderboard functions refuse bad arguments with Nakama texts', async () => {
      const [p0] = players;
      await expectErrors(client, p0!, [
        ['leaderboardCreate', [''], 'expects a leaderboard ID string'],
        ['leaderboardCreate', [7], 'expects string'],
        ['leaderboardCreate', ['x', 'yes'], 'expects boolean'],
        ['leaderboardCreate', ['x', false, 'up'], "expects sort order to be 'asc' or 'desc'"],
        ['leaderboardCreate', ['x', false, 'asc', 'max'], "expects operator to be 'best', 'set', 'decr' or 'incr'"],
        ['leaderboardCreate', ['x', false, 'asc', 'best', 'every day'], /^error creating leaderboard: /],
        ['leaderboardCreate', ['x', false, 'asc', 'best', null, 'meta'], 'expects metadata to be an object'],
        ['leaderboardDelete', [''], 'expects a leaderboard ID string'],
        ['leaderboardList', [0], 'limit must be 1-100'],
        ['leaderboardList', [10, '***'], 'expects cursor to be valid when provided'],
        ['leaderboardsGetId', [null], 'expects an array of leaderboard ids'],
        ['leaderboardsGetId', [[1]], 'expects an array of strings'],
        ['leaderboardRecordWrite', ['weekly', 'nope', null, 1], 'expects owner ID to be a valid identifier'],
        ['leaderboardRecordWrite', ['weekly', p0!.user_id, null, 1.5], 'expects number'],
        ['leaderboardRecordWrite', ['weekly', p0!.user_id, null, 1, 0, null, 'max'], 'invalid operator'],
        ['leaderboardRecordWrite', ['no-such-board', p0!.user_id, null, 1], 'error writing leaderboard record: Leaderboard not found.'],
        ['leaderboardRecordDelete', ['weekly', 'nope'], 'expects owner ID to be a valid identifier'],
        ['leaderboardRecordsList', ['weekly', ['nope']], 'expects a valid owner id'],
        ['leaderboardRecordsList', ['weekly', 'x'], 'expects an array of user ids'],
        ['leaderboardRecordsList', ['no-such-board', null, 10], 'error listing leaderboard records: Leaderboard not found.'],
        ['leaderboardRecordsHaystack', ['weekly', 'nope'], 'expects user ID to be a valid identifier'],
        ['leaderboardRecordsHaystack', ['weekly', p0!.user_id, 101], 'limit must be 1-100'],
      ]);
    });

    it('tournamentCreate makes a tournament clients list and join; records need a join and count attempts', async () => {
      const [p0, p1] = players;
      await nkValue(client, p0!, 'tournamentCreate', 'cup', false, 'desc', 'incr', 3600, null, { prize: 'gold' }, 'The Cup', 'weekend cup', 2, 0, 0, 10, 2, true, true);
      const [cup] = await nkValue<Record<string, unknown>[]>(client, p0!, 'tournamentsGetId', ['cup', 'nope']);
      assert.equal(cup!.title, 'The Cup');
      assert.equal(cup!.description, 'weekend cup');
      assert.equal(cup!.category, 2);
      assert.equal(cup!.operator, 'increment');
      assert.equal(cup!.sortOrder, 1);
      assert.equal(cup!.duration, 3600);
      assert.equal(cup!.maxSize, 10);
      assert.equal(cup!.maxNumScore, 2);
      assert.equal(cup!.joinRequired, true);
      assert.equal(cup!.canEnter, true);
      assert.equal(cup!.endTime, null);
      assert.deepEqual(cup!.metadata, { prize: 'gold' });
      assert.ok(Math.abs((cup!.startTime as number) - Date.now() / 1000) < 60, 'unix seconds');
      const listed = await client.listTournaments(p0!, 2, 2);
      assert.deepEqual(listed.tournaments!.map((t) => t.id), ['cup']);

      const notJoined = await nkError(client, p0!, 'tournamentRecordWrite', 'cup', p0!.user_id, null, 5);
      assert.match(notJoined, /^error writing tournament record: /);
      await nkValue(client, p0!, 'tournamentJoin', 'cup', p0!.user_id, `player0-${dialect}`);
      await client.joinTournament(p1!, 'cup');
      await nkValue(client, p0!, 'tournamentRecordWrite', 'cup', p0!.user_id, null, 5, 0, { round: 1 });
      const second = await nkValue<Record<string, unknown>>(client, p0!, 'tournamentRecordWrite', 'cup', p0!.user_id, null, 4);
      assert.equal(second.score, 9, 'the tournament adds (incr)');
      assert.equal(second.numScore, 2);
      assert.equal(second.maxNumScore, 2);
      const third = await nkError(client, p0!, 'tournamentRecordWrite', 'cup', p0!.user_id, null, 1);
      assert.match(third, /^error writing tournament record: /, 'maxNumScore 2 reached');
      const set = await nkValue<Record<string, unknown>>(client, p0!, 'tournamentRecordWrite', 'cup', p1!.user_id, null, 20, 0, null, 'set');
      assert.equal(set.score, 20);

      const records = await client.listTournamentRecords(p0!, 'cup', undefined, 10);
      assert.deepEqual(records.records!.map((r) => [r.owner_id, Number(r.score)]), [[p1!.user_id, 20], [p0!.user_id, 9]]);
      const page = await nkValue<RecordList>(client, p0!, 'tournamentRecordsList', 'cup', [p0!.user_id], 1);
      assert.deepEqual(page.records.map((r) => r.score), [20]);
      assert.deepEqual(page.ownerRecords.map((r) => r.rank), [2]);
      assert.equal(typeof page.nextCursor, 'string');
      const around = await nkValue<RecordList>(client, p0!, 'tournamentRecordsHaystack', 'cup', p0!.user_id, 5);
      assert.deepEqual(around.records.map((r) => r.ownerId), [p1!.user_id, p0!.user_id]);
    });

    it('tournamentList filters by category and pages; tournamentDelete removes one', async () => {
      const [p0] = players;
      await nkValue(client, p0!, 'tournamentCreate', 'cup-2', true, 'asc', 'best', 600, null, null, 'Second', null, 2);
      await nkValue(client, p0!, 'tournamentCreate', 'other', true, 'asc', 'best', 600, null, null, 'Other', null, 9);
      const first = await nkValue<{ tournaments: { id: string }[]; cursor: string | null }>(client, p0!, 'tournamentList', 2, 2, null, null, 1);
      assert.equal(first.tournaments.length, 1);
      assert.equal(typeof first.cursor, 'string');
      const rest = await nkValue<{ tournaments: { id: string }[]; cursor: string | null }>(client, p0!, 'tournamentList', 2, 2, null, null, 1, first.cursor);
      assert.deepEqual([...first.tournaments, ...rest.tournaments].map((t) => t.id).sort(), ['cup', 'cup-2']);
      const none = await nkValue<{ tournaments: unknown[] }>(client, p0!, 'tournamentList');
      assert.deepEqual(none.tournaments, [], 'category 0 only by default, as in Nakama');
      await nkValue(client, p0!, 'tournamentDelete', 'cup-2');
      assert.deepEqual(await nkValue(client, p0!, 'tournamentsGetId', ['cup-2']), []);
      assert.deepEqual((await client.listTournaments(p0!, 0, 127)).tournaments!.map((t) => t.id).sort(), ['cup', 'other']);
    });

    it('tournament functions refuse bad arguments with Nakama texts', async () => {
      const [p0] = players;
      await expectErrors(client, p0!, [
        ['tournamentCreate', [''], 'expects a tournament ID string'],
        ['tournamentCreate', ['t', true, 'desc', 'best'], 'duration must be > 0'],
        ['tournamentCreate', ['t', true, 'desc', 'best', 0], 'duration must be > 0'],
        ['tournamentCreate', ['t', true, 'sideways', 'best', 60], "expects sort order to be 'asc' or 'desc'"],
        ['tournamentCreate', ['t', true, 'desc', 'best', 60, null, null, null, null, 128], 'category must be 0-127'],
        ['tournamentCreate', ['t', true, 'desc', 'best', 60, null, null, null, null, 0, -1], 'startTime must be >= 0.'],
        ['tournamentCreate', ['t', true, 'desc', 'best', 60, null, null, null, null, 0, 2000000000, 1999999999], 'endTime must be > startTime. Use 0 to indicate a tournament that never ends.'],
        ['tournamentCreate', ['t', true, 'desc', 'best', 60, null, null, null, null, 0, 0, 0, -1], 'maxSize must be >= 0'],
        ['tournamentCreate', ['t', true, 'desc', 'best', 60, null, null, null, null, 0, 0, 0, 0, -1], 'maxNumScore must be >= 0'],
        ['tournamentCreate', ['weekly', true, 'desc', 'best', 60], /^error creating tournament: /],
        ['tournamentDelete', [''], 'expects a tournament ID string'],
        ['tournamentJoin', ['cup', '', 'x'], 'expects a user ID string'],
        ['tournamentJoin', ['cup', 'nope', 'x'], 'expects user ID to be a valid identifier'],
        ['tournamentJoin', ['cup', p0!.user_id, ''], 'expects a username string'],
        ['tournamentJoin', ['no-such-cup', p0!.user_id, 'x'], 'error joining tournament: Tournament not found.'],
        ['tournamentsGetId', [null], 'expects an array of tournament ids'],
        ['tournamentList', [128], 'category start must be 0-127'],
        ['tournamentList', [5, 2], 'category end must be >= category start'],
        ['tournamentList', [0, 127, 100], 'end time must be >= start time'],
        ['tournamentList', [0, 127, null, null, 101], 'limit must be 1-100'],
        ['tournamentRecordWrite', ['cup', 'nope'], 'expects user ID to be a valid identifier'],
        ['tournamentRecordWrite', ['cup', p0!.user_id, null, 1, 0, null, 'incr'], 'invalid operator'],
        ['tournamentRecordsList', ['cup', ['nope']], 'expects a valid owner id'],
        ['tournamentRecordsList', ['no-such-cup', null, 10], 'error listing tournament records: Tournament not found.'],
        ['tournamentRecordsHaystack', ['cup', p0!.user_id, 10, null, -5], 'expiry should be time since epoch in seconds and has to be a positive integer'],
      ]);
    });
  });
}
