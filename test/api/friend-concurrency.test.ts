/**
 * The friend graph under concurrency, through nakama-js on both databases: every pair of users adding each
 * other at the same moment ends as friends with exact edge counts and no failed call (no deadlocks on
 * PostgreSQL), and simultaneous deletes from both sides leave nothing behind.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Client, Session } from '@heroiclabs/nakama-js';
import { DIALECTS } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';

const USERS = 12;

for (const dialect of DIALECTS) {
  describe(`friends under concurrency (${dialect})`, () => {
    let server: TestServer;
    let client: Client;
    let users: Session[];
    before(async () => {
      server = await startTestServer(dialect);
      client = server.client();
      users = [];
      for (let i = 0; i < USERS; i++) users.push(await client.authenticateDevice(`device-${randomUUID()}`));
    });
    after(async () => {
      await server?.stop();
    });

    const pairs = () => users.flatMap((a, i) => users.slice(i + 1).map((b) => [a, b] as const));
    const edgeCount = async (s: Session) => (await client.getAccount(s)).user!.edge_count ?? 0;

    it('mutual adds at the same moment make every pair friends, with exact edge counts', async () => {
      await Promise.all(pairs().flatMap(([a, b]) => [client.addFriends(a, [b.user_id!]), client.addFriends(b, [a.user_id!])]));
      for (const user of users) {
        const friends = (await client.listFriends(user)).friends!;
        assert.equal(friends.length, USERS - 1);
        assert.ok(friends.every((f) => f.state === 0), `${user.user_id}: ${friends.map((f) => f.state).join(',')}`);
        assert.equal(await edgeCount(user), USERS - 1);
      }
    });

    it('mutual deletes at the same moment leave no edge and zero counts', async () => {
      await Promise.all(pairs().flatMap(([a, b]) => [client.deleteFriends(a, [b.user_id!]), client.deleteFriends(b, [a.user_id!])]));
      for (const user of users) {
        assert.deepEqual((await client.listFriends(user)).friends, []);
        assert.equal(await edgeCount(user), 0);
      }
    });
  });
}
