/**
 * LeaderboardRepository contract for every dialect: definitions round-trip, each operator's upsert (and its
 * "changed nothing" case), ordered pages after a key both ways, tournament joins, sizes and submission
 * limits with rollback, deletes, and the cascade from a deleted board.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { LeaderboardDefinition, LeaderboardRecordWrite, Storage } from '../../server/storage/repositories.js';
import { useMigratedStorage } from '../support/databases.js';

export function leaderboardContract(dialect: 'sqlite' | 'postgres'): void {
  describe('leaderboards', () => {
    let storage: Storage;
    useMigratedStorage(dialect, (opened) => (storage = opened));

    const definition = (extra: Partial<LeaderboardDefinition> = {}): LeaderboardDefinition => ({
      id: `b-${randomUUID()}`, authoritative: false, sortOrder: 'desc', operator: 'best', resetSchedule: '', metadata: '{}', createTime: 1_700_000_000_123,
      enableRanks: true, category: 0, title: '', description: '', durationSec: 0, startTime: 0, endTime: 0, maxSize: 2147483647, maxNumScore: 0,
      joinRequired: false, ...extra,
    });
    const board = async (extra: Partial<LeaderboardDefinition> = {}) => {
      const d = definition(extra);
      assert.equal(await storage.leaderboards.insertLeaderboard(d), true);
      return d;
    };
    const w = (leaderboardId: string, ownerId: string, score: number, extra: Partial<LeaderboardRecordWrite> = {}): LeaderboardRecordWrite => ({
      leaderboardId, ownerId, username: 'name', score, subscore: 0, metadata: null, expiryTime: 0, operator: 'best', sortOrder: 'desc', now: 5_000, ...extra,
    });

    it('stores definitions and refuses a second one with the same id', async () => {
      const d = await board({
        authoritative: true, sortOrder: 'asc', operator: 'decr', resetSchedule: '0 0 * * 1', metadata: '{"a":[1]}', enableRanks: false, category: 127,
        title: 't', description: 'd', durationSec: 3600, startTime: 1_000, endTime: 9_000_000_000_000, maxSize: 5, maxNumScore: 3, joinRequired: true,
      });
      const found = (await storage.leaderboards.listLeaderboards()).find((x) => x.id === d.id);
      assert.deepEqual(found, d);
      assert.equal(await storage.leaderboards.insertLeaderboard({ ...d, title: 'other' }), false);
      assert.equal((await storage.leaderboards.listLeaderboards()).find((x) => x.id === d.id)!.title, 't');
    });

    it('applies each operator in the upsert and reports writes that change nothing', async () => {
      const { id } = await board();
      const owner = randomUUID();
      let r = await storage.leaderboards.writeRecord(w(id, owner, 10, { subscore: 4, metadata: '{"m":1}', now: 1_000 }));
      assert.equal(r.changed, true);
      assert.deepEqual(r.record, {
        leaderboardId: id, ownerId: owner, username: 'name', score: 10, subscore: 4, numScore: 1, maxNumScore: 0, metadata: '{"m":1}',
        createTime: 1_000, updateTime: 1_000, expiryTime: 0,
      });
      r = await storage.leaderboards.writeRecord(w(id, owner, 5, { subscore: 1, username: 'new' }));
      assert.equal(r.changed, false);
      assert.deepEqual([r.record.score, r.record.numScore, r.record.username], [10, 1, 'name']);
      r = await storage.leaderboards.writeRecord(w(id, owner, 12, { username: null, now: 2_000 }));
      assert.deepEqual([r.changed, r.record.score, r.record.subscore, r.record.numScore, r.record.metadata, r.record.username, r.record.updateTime], [true, 12, 4, 2, '{"m":1}', 'name', 2_000]);
      r = await storage.leaderboards.writeRecord(w(id, owner, 3, { sortOrder: 'asc' }));
      assert.equal(r.record.score, 3, 'best on an ascending board keeps the lower score');
      r = await storage.leaderboards.writeRecord(w(id, owner, 8, { operator: 'set' }));
      assert.equal(r.record.score, 8);
      r = await storage.leaderboards.writeRecord(w(id, owner, 8, { operator: 'set' }));
      assert.equal(r.changed, false, 'setting the same values changes nothing');
      r = await storage.leaderboards.writeRecord(w(id, owner, 2_000_000_000_000, { operator: 'incr', subscore: 1 }));
      assert.deepEqual([r.record.score, r.record.subscore], [2_000_000_000_008, 1], 'scores are 64-bit');
      r = await storage.leaderboards.writeRecord(w(id, owner, 2_000_000_000_000, { operator: 'decr', subscore: 10 }));
      assert.deepEqual([r.record.score, r.record.subscore], [8, 0], 'decrement floors each value at zero');
      r = await storage.leaderboards.writeRecord(w(id, owner, 0, { operator: 'incr' }));
      assert.equal(r.changed, false);
      const fresh = await storage.leaderboards.writeRecord(w(id, randomUUID(), 7, { operator: 'decr' }));
      assert.equal(fresh.record.score, 0, 'a decrement creates a record at zero');
      const negative = await storage.leaderboards.writeRecord(w(id, randomUUID(), -7, { operator: 'set' }));
      assert.equal(negative.record.score, -7);
    });

    it('keeps one record per owner per period', async () => {
      const { id } = await board();
      const owner = randomUUID();
      await storage.leaderboards.writeRecord(w(id, owner, 1, { expiryTime: 1_000 }));
      await storage.leaderboards.writeRecord(w(id, owner, 2, { expiryTime: 2_000 }));
      assert.deepEqual((await storage.leaderboards.getRecords(id, 1_000, [owner])).map((r) => r.score), [1]);
      assert.deepEqual((await storage.leaderboards.getRecords(id, 2_000, [owner])).map((r) => r.score), [2]);
      assert.deepEqual(await storage.leaderboards.getRecords(id, 0, [owner]), []);
    });

    it('lists a period in key order both ways, strictly after a key', async () => {
      const { id } = await board();
      const owners = Array.from({ length: 12 }, () => randomUUID());
      for (const [i, owner] of owners.entries()) await storage.leaderboards.writeRecord(w(id, owner, i % 4, { subscore: i % 2 }));
      const keyed = owners.map((ownerId, i) => ({ ownerId, score: i % 4, subscore: i % 2 }));
      const asc = [...keyed].sort((a, b) => a.score - b.score || a.subscore - b.subscore || (a.ownerId < b.ownerId ? -1 : 1));
      const all = await storage.leaderboards.listRecords(id, 0, 'asc', 100);
      assert.deepEqual(all.map((r) => r.ownerId), asc.map((k) => k.ownerId));
      const desc = await storage.leaderboards.listRecords(id, 0, 'desc', 100);
      assert.deepEqual(desc.map((r) => r.ownerId), [...asc].reverse().map((k) => k.ownerId));
      const after = await storage.leaderboards.listRecords(id, 0, 'asc', 4, asc[3]);
      assert.deepEqual(after.map((r) => r.ownerId), asc.slice(4, 8).map((k) => k.ownerId));
      const before = await storage.leaderboards.listRecords(id, 0, 'desc', 3, asc[3]);
      assert.deepEqual(before.map((r) => r.ownerId), asc.slice(0, 3).reverse().map((k) => k.ownerId));
      const scan = await storage.leaderboards.scanRanks(id, 0, 'desc', 5, asc[6]);
      assert.deepEqual(scan, asc.slice(1, 6).reverse().map((k) => ({ ...k, numScore: 1 })));
      const some = await storage.leaderboards.getRecords(id, 0, [owners[3]!, owners[7]!, randomUUID(), owners[3]!]);
      assert.deepEqual(some.map((r) => r.ownerId).sort(), [owners[3]!, owners[7]!].sort());
      const many = await storage.leaderboards.getRecords(id, 0, [...Array.from({ length: 300 }, () => randomUUID()), owners[0]!]);
      assert.deepEqual(many.map((r) => r.ownerId), [owners[0]]);
    });

    it('joins tournaments up to their size, once per owner, and deletes free the place', async () => {
      const { id } = await board({ durationSec: 60, maxSize: 2, joinRequired: true, maxNumScore: 3 });
      const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
      const join = (ownerId: string) => storage.leaderboards.joinTournament({ leaderboardId: id, ownerId, username: 'u', expiryTime: 9_000, maxNumScore: 3, limitedSize: true, now: 1 });
      assert.equal(await join(a), 'joined');
      assert.equal(await join(a), 'already');
      assert.equal(await join(b), 'joined');
      assert.equal(await join(c), 'full');
      assert.deepEqual(await storage.leaderboards.getRecords(id, 9_000, [c]), [], 'a refused join leaves nothing behind');
      assert.equal((await storage.leaderboards.tournamentSizes([id])).get(id), 2);
      const [joined] = await storage.leaderboards.getRecords(id, 9_000, [a]);
      assert.deepEqual([joined!.numScore, joined!.maxNumScore, joined!.score], [0, 3, 0]);
      assert.equal(await storage.leaderboards.deleteRecord(id, b, 9_000, true), true);
      assert.equal(await storage.leaderboards.deleteRecord(id, b, 9_000, true), false);
      assert.equal((await storage.leaderboards.tournamentSizes([id])).get(id), 1);
      assert.equal(await join(c), 'joined');
      await storage.leaderboards.resetTournamentSize(id);
      assert.equal((await storage.leaderboards.tournamentSizes([id])).get(id), 0);
    });

    it('writes tournament records with join, submission and size rules, rolling back refusals', async () => {
      const t = await board({ durationSec: 60, maxSize: 1, maxNumScore: 2 });
      const tw = (ownerId: string, score: number, extra: Partial<Parameters<Storage['leaderboards']['writeTournamentRecord']>[0]> = {}) =>
        storage.leaderboards.writeTournamentRecord({ ...w(t.id, ownerId, score, { expiryTime: 7_000 }), maxNumScore: 2, joinRequired: false, limitedSize: true, ...extra });
      const [a, b] = [randomUUID(), randomUUID()];
      const first = await tw(a, 5);
      assert.equal(first.kind, 'written');
      assert.deepEqual(first.kind === 'written' && [first.record.score, first.record.numScore, first.record.maxNumScore], [5, 1, 2]);
      assert.deepEqual(await tw(b, 9), { kind: 'full' });
      assert.deepEqual(await storage.leaderboards.getRecords(t.id, 7_000, [b]), [], 'the refused record was rolled back');
      const second = await tw(a, 3);
      assert.ok(second.kind === 'written' && second.record.score === 5 && second.record.numScore === 2);
      assert.deepEqual(await tw(a, 50), { kind: 'maxNumScore' });
      assert.equal((await storage.leaderboards.getRecords(t.id, 7_000, [a]))[0]!.score, 5, 'the refused write was rolled back');
      assert.equal((await storage.leaderboards.tournamentSizes([t.id])).get(t.id), 1);

      const j = await board({ durationSec: 60, joinRequired: true, maxNumScore: 1 });
      const jw = (ownerId: string, score: number) =>
        storage.leaderboards.writeTournamentRecord({ ...w(j.id, ownerId, score, { expiryTime: 7_000, operator: 'incr' }), maxNumScore: 1, joinRequired: true, limitedSize: false });
      assert.deepEqual(await jw(a, 1), { kind: 'notJoined' });
      await storage.leaderboards.joinTournament({ leaderboardId: j.id, ownerId: a, username: 'u', expiryTime: 7_000, maxNumScore: 1, limitedSize: false, now: 1 });
      const ok = await jw(a, 4);
      assert.ok(ok.kind === 'written' && ok.record.score === 4 && ok.record.numScore === 1);
      assert.deepEqual(await jw(a, 4), { kind: 'maxNumScore' });
    });

    it("deletes all of one owner's records across boards and periods", async () => {
      const [x, y] = [await board(), await board()];
      const [owner, other] = [randomUUID(), randomUUID()];
      await storage.leaderboards.writeRecord(w(x.id, owner, 1));
      await storage.leaderboards.writeRecord(w(x.id, owner, 1, { expiryTime: 9_000 }));
      await storage.leaderboards.writeRecord(w(y.id, owner, 1));
      await storage.leaderboards.writeRecord(w(y.id, other, 1));
      const removed = await storage.leaderboards.deleteOwnerRecords(owner);
      assert.deepEqual(removed.sort((a, b) => (a.leaderboardId + a.expiryTime < b.leaderboardId + b.expiryTime ? -1 : 1)), [
        { leaderboardId: x.id, expiryTime: 0 }, { leaderboardId: x.id, expiryTime: 9_000 }, { leaderboardId: y.id, expiryTime: 0 },
      ].sort((a, b) => (a.leaderboardId + a.expiryTime < b.leaderboardId + b.expiryTime ? -1 : 1)));
      assert.deepEqual(await storage.leaderboards.getRecords(y.id, 0, [owner, other]).then((r) => r.map((x) => x.ownerId)), [other]);
      assert.deepEqual(await storage.leaderboards.deleteOwnerRecords(owner), []);
    });

    it('deletes a board with all its records', async () => {
      const { id } = await board();
      const owner = randomUUID();
      await storage.leaderboards.writeRecord(w(id, owner, 1));
      assert.equal(await storage.leaderboards.deleteLeaderboard(id), true);
      assert.equal(await storage.leaderboards.deleteLeaderboard(id), false);
      assert.deepEqual(await storage.leaderboards.getRecords(id, 0, [owner]), []);
      assert.ok(!(await storage.leaderboards.listLeaderboards()).some((d) => d.id === id));
    });
  });
}
