import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client, type Session } from '@heroiclabs/nakama-js';
import { DIALECTS } from '../support/databases.js';
import { SERVER_KEY, startTestServer, type TestServer } from '../support/server.js';

const USERS = 250;
const WRITES_PER_USER = 4;

/**
 * 1,000 leaderboard writes in flight at once from many users: afterwards every rank the server reports
 * (from its in-memory rank cache) must equal the position of that record in a sort of what is stored.
 */
for (const dialect of DIALECTS) {
  describe(`leaderboard writes under concurrency (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(dialect);
    });
    after(async () => {
      await server?.stop();
    });

    for (const operator of ['best', 'incr'] as const) {
      it(`ranks ${USERS * WRITES_PER_USER} concurrent '${operator}' writes exactly`, async () => {
        // A generous timeout: a thousand requests in flight on a shared machine can take seconds each. (nakama-js
        // never clears its timeout timers, so a longer one only keeps the test process alive longer at the end.)
        const client = new Client(SERVER_KEY, '127.0.0.1', String(server.port), false, 30_000, false);
        const id = `concurrent-${operator}-${randomUUID()}`;
        await server.outpost.leaderboards.create({ id, operator });
        const sessions: Session[] = [];
        for (let i = 0; i < USERS; i += 50) {
          sessions.push(...(await Promise.all(Array.from({ length: Math.min(50, USERS - i) }, () => client.authenticateDevice(`device-${randomUUID()}`, true)))));
        }
        // Few distinct scores, so ties (broken by subscore, then owner id) are common.
        const expected = new Map<string, { score: number; subscore: number; numScore: number }>();
        const writes: Promise<unknown>[] = [];
        for (let round = 0; round < WRITES_PER_USER; round++) {
          for (const [i, s] of sessions.entries()) {
            const score = (i * 7 + round * 13) % 40;
            const subscore = (i + round) % 3;
            const seen = expected.get(s.user_id!);
            if (!seen) expected.set(s.user_id!, { score: operator === 'incr' ? score : score, subscore, numScore: 1 });
            else if (operator === 'best') expected.set(s.user_id!, { score: Math.max(seen.score, score), subscore: Math.max(seen.subscore, subscore), numScore: 0 });
            // An increment by (0, 0) changes nothing, so it is not counted, as in Nakama.
            else expected.set(s.user_id!, { score: seen.score + score, subscore: seen.subscore + subscore, numScore: seen.numScore + (score !== 0 || subscore !== 0 ? 1 : 0) });
            writes.push(client.writeLeaderboardRecord(s, id, { score: String(score), subscore: String(subscore) }));
          }
        }
        const results = await Promise.allSettled(writes);
        assert.deepEqual(results.filter((r) => r.status === 'rejected'), [], 'every write succeeds');

        const stored = await server.outpost.storage.leaderboards.listRecords(id, 0, 'asc', 10_000);
        assert.equal(stored.length, USERS);
        for (const r of stored) {
          const want = expected.get(r.ownerId)!;
          assert.deepEqual([r.score, r.subscore], [want.score, want.subscore], 'no write was lost');
          // How many "best" writes improved the record depends on their order; increments count exactly.
          if (operator === 'incr') assert.equal(r.numScore, want.numScore);
          else assert.ok(r.numScore >= 1 && r.numScore <= WRITES_PER_USER);
        }
        const sorted = [...stored].sort((a, b) => b.score - a.score || b.subscore - a.subscore || (a.ownerId < b.ownerId ? 1 : -1));
        const expectedRank = new Map(sorted.map((r, i) => [r.ownerId, i + 1]));

        const viewer = sessions[0]!;
        const reported = new Map<string, number>();
        for (let i = 0; i < sessions.length; i += 100) {
          const batch = sessions.slice(i, i + 100).map((s) => s.user_id!);
          const list = await client.listLeaderboardRecords(viewer, id, batch);
          for (const r of list.owner_records!) reported.set(r.owner_id!, r.rank!);
          assert.equal(list.rank_count, USERS);
        }
        assert.deepEqual(reported, expectedRank);
        const page = await client.listLeaderboardRecords(viewer, id, undefined, 1000);
        assert.deepEqual(page.records!.map((r) => [r.owner_id, r.rank]), sorted.map((r, i) => [r.ownerId, i + 1]));
        const around = await client.listLeaderboardRecordsAroundOwner(viewer, id, sorted[120]!.ownerId, 5);
        assert.deepEqual(around.records!.map((r) => r.rank), [119, 120, 121, 122, 123]);
      });
    }
  });
}
