/**
 * FriendRepository contract for every dialect: invites and accepts keep both edges and both edge counts in
 * step, deletes and blocks undo exactly what they should, listings page by (state, position, id), and a
 * deleted account takes its edges with it.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Storage } from '../../server/storage/repositories.js';
import { useMigratedStorage } from '../support/databases.js';

export function friendContract(dialect: 'sqlite' | 'postgres'): void {
  describe('friends', () => {
    let storage: Storage;
    useMigratedStorage(dialect, (opened) => (storage = opened));
    let clock = 1_000;
    const tick = () => ++clock;

    async function newUser(): Promise<string> {
      const id = randomUUID();
      await storage.accounts.createUser({ id, username: `u-${id}`, createTime: 1, deviceId: `d-${id}` });
      return id;
    }
    const edges = async (userId: string) => Object.fromEntries((await storage.friends.list(userId, 100, undefined)).map((e) => [e.otherId, e.state]));
    const count = async (userId: string) => (await storage.accounts.getUser(userId))!.edgeCount;

    it('invites, then accepts from the other side, counting one edge each', async () => {
      const [a, b] = [await newUser(), await newUser()];
      assert.deepEqual([...(await storage.friends.add(a, [b, b], '{"k":1}', tick(), tick()))], [[b, 'invited']]);
      assert.deepEqual(await edges(a), { [b]: 1 });
      assert.deepEqual(await edges(b), { [a]: 2 });
      assert.deepEqual([await count(a), await count(b)], [1, 1]);
      assert.deepEqual([...(await storage.friends.add(a, [b], '', tick(), tick()))], [[b, 'none']]);
      assert.deepEqual([...(await storage.friends.add(b, [a], '{"j":2}', tick(), tick()))], [[a, 'accepted']]);
      assert.deepEqual(await edges(a), { [b]: 0 });
      assert.deepEqual(await edges(b), { [a]: 0 });
      assert.deepEqual([await count(a), await count(b)], [1, 1]);
      const [mine] = await storage.friends.list(a, 10, 0);
      assert.equal(mine!.metadata, '{"k":1}');
      const [theirs] = await storage.friends.list(b, 10, 0);
      assert.equal(theirs!.metadata, '{"j":2}');
      // Unknown users are skipped inside the same transaction.
      assert.deepEqual([...(await storage.friends.add(a, [randomUUID()], '', tick(), tick()))].map(([, o]) => o), ['none']);
      assert.equal(await count(a), 1);
    });

    it('lists by state, position and id, filtered and paged strictly after a position', async () => {
      const me = await newUser();
      const others = [await newUser(), await newUser(), await newUser(), await newUser()];
      for (const other of others) await storage.friends.add(me, [other], '', tick(), tick());
      await storage.friends.add(others[2]!, [me], '', tick(), tick());
      const all = await storage.friends.list(me, 10, undefined);
      assert.deepEqual(all.map((e) => [e.otherId, e.state]), [[others[2], 0], [others[0], 1], [others[1], 1], [others[3], 1]]);
      assert.ok(all[1]!.position < all[2]!.position);
      const at = (i: number) => ({ state: all[i]!.state, position: all[i]!.position, id: all[i]!.otherId });
      const page = await storage.friends.list(me, 2, 1, at(1));
      assert.deepEqual(page.map((e) => e.otherId), [others[1], others[3]]);
      assert.deepEqual(await storage.friends.list(me, 2, 1, at(3)), []);
      assert.deepEqual((await storage.friends.list(me, 10, 0)).map((e) => e.otherId), [others[2]]);
      assert.deepEqual(await storage.friends.list(me, 10, 3), []);
    });

    it('deletes friendships and invites both ways, and a block only on the blocker’s side', async () => {
      const [a, b, c] = [await newUser(), await newUser(), await newUser()];
      await storage.friends.add(a, [b, c], '', tick(), tick());
      await storage.friends.add(b, [a], '', tick(), tick());
      // Which were removed, in no particular order (the repository locks rows in id order).
      assert.deepEqual((await storage.friends.delete(a, [b, c, randomUUID()], tick())).sort(), [b, c].sort());
      assert.deepEqual([await edges(a), await edges(b), await edges(c)], [{}, {}, {}]);
      assert.deepEqual([await count(a), await count(b), await count(c)], [0, 0, 0]);

      await storage.friends.block(b, [a], tick(), tick());
      // A delete by the blocked user leaves the block in place.
      assert.deepEqual(await storage.friends.delete(a, [b], tick()), []);
      assert.deepEqual(await edges(b), { [a]: 3 });
      assert.deepEqual(await storage.friends.delete(b, [a], tick()), []);
      assert.deepEqual(await edges(b), {});
      assert.equal(await count(b), 0);
    });

    it('blocks: replaces the blocker’s edge, drops the other side’s, and stops invites either way', async () => {
      const [a, b] = [await newUser(), await newUser()];
      await storage.friends.add(a, [b], '', tick(), tick());
      await storage.friends.add(b, [a], '', tick(), tick());
      await storage.friends.block(a, [b, randomUUID()], tick(), tick());
      assert.deepEqual(await edges(a), { [b]: 3 });
      assert.deepEqual(await edges(b), {});
      assert.deepEqual([await count(a), await count(b)], [1, 0]);
      assert.deepEqual([...(await storage.friends.add(b, [a], '', tick(), tick()))], [[a, 'none']]);
      assert.deepEqual([...(await storage.friends.add(a, [b], '', tick(), tick()))], [[b, 'none']]);
      assert.deepEqual(await edges(b), {});
      await storage.friends.block(a, [b], tick(), tick());
      assert.equal(await count(a), 1);
    });

    it('lists friends of friends by (referrer, id), excluding the user and their friends', async () => {
      const [me, b, c, d, e] = [await newUser(), await newUser(), await newUser(), await newUser(), await newUser()];
      const befriend = async (x: string, y: string) => {
        await storage.friends.add(x, [y], '', tick(), tick());
        await storage.friends.add(y, [x], '', tick(), tick());
      };
      await befriend(me, b);
      await befriend(me, d);
      await befriend(b, c);
      await befriend(b, d);
      await befriend(d, e);
      await storage.friends.add(d, [await newUser()], '', tick(), tick());
      const expected = [
        { referrer: b, userId: c },
        { referrer: d, userId: e },
      ].sort((x, y) => (x.referrer + x.userId < y.referrer + y.userId ? -1 : 1));
      assert.deepEqual(await storage.friends.listFriendsOfFriends(me, 10), expected);
      assert.deepEqual(await storage.friends.listFriendsOfFriends(me, 1), expected.slice(0, 1));
      assert.deepEqual(await storage.friends.listFriendsOfFriends(me, 10, { referrer: expected[0]!.referrer, id: expected[0]!.userId }), expected.slice(1));
    });

    it('takes a deleted account’s edges with it and keeps the others’ edge counts right', async () => {
      const [a, b, c] = [await newUser(), await newUser(), await newUser()];
      await storage.friends.add(a, [b, c], '', tick(), tick());
      await storage.friends.add(b, [a], '', tick(), tick());
      await storage.friends.block(c, [b], tick(), tick());
      assert.deepEqual([await count(a), await count(c)], [2, 2]);
      assert.equal(await storage.accounts.deleteUser(b), true);
      assert.deepEqual(await edges(a), { [c]: 1 });
      assert.deepEqual(await edges(c), { [a]: 2 });
      assert.deepEqual([await count(a), await count(c)], [1, 1]);
    });
  });
}
