/**
 * Friends through the official nakama-js client on both databases: invites, accepts, listing with state
 * filters and cursors, deletes that reject invites, blocks, friends of friends, notifications, edge counts
 * and Nakama's errors for bad input.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Client, Notification, Session } from '@heroiclabs/nakama-js';
import { DIALECTS } from '../support/databases.js';
import { errorOf, startTestServer, type TestServer } from '../support/server.js';
import { nakamaSocket, nextEvent } from '../support/sockets.js';

const deviceId = () => `device-${randomUUID()}`;

for (const dialect of DIALECTS) {
  describe(`friends (${dialect})`, () => {
    let server: TestServer;
    let client: Client;
    before(async () => {
      server = await startTestServer(dialect);
      client = server.client();
    });
    after(async () => {
      await server?.stop();
    });

    const newUser = () => client.authenticateDevice(deviceId());
    const edgeCount = async (session: Session) => (await client.getAccount(session)).user!.edge_count ?? 0;
    const states = async (session: Session) =>
      Object.fromEntries((await client.listFriends(session)).friends!.map((f) => [f.user!.id!, f.state]));

    it('sends an invite by id, accepts it by username, and notifies both ways', async () => {
      const alice = await newUser();
      const bob = await newUser();
      const socket = await nakamaSocket(server, bob);
      const pushed = nextEvent<Notification>((resolve) => (socket.onnotification = resolve));
      assert.equal(await client.addFriends(alice, [bob.user_id!]), true);
      const live = await pushed;
      assert.equal(live.code, -2);
      assert.equal(live.subject, `${alice.username} wants to add you as a friend`);
      assert.deepEqual(live.content, { username: alice.username });
      assert.equal(live.sender_id, alice.user_id);
      socket.disconnect(false);

      assert.deepEqual(await states(alice), { [bob.user_id!]: 1 });
      assert.deepEqual(await states(bob), { [alice.user_id!]: 2 });
      assert.equal(await edgeCount(alice), 1);
      assert.equal(await edgeCount(bob), 1);

      await client.addFriends(bob, [], [alice.username!]);
      assert.deepEqual(await states(alice), { [bob.user_id!]: 0 });
      assert.deepEqual(await states(bob), { [alice.user_id!]: 0 });
      assert.equal(await edgeCount(alice), 1);
      assert.equal(await edgeCount(bob), 1);

      const aliceNotes = (await client.listNotifications(alice, 10)).notifications!;
      assert.deepEqual(aliceNotes.map((n) => [n.code, n.subject, n.sender_id]), [[-3, `${bob.username} accepted your friend request`, bob.user_id]]);
      const bobNotes = (await client.listNotifications(bob, 10)).notifications!;
      assert.deepEqual(bobNotes.map((n) => n.code), [-2]);

      // Adding again changes nothing and sends nothing.
      await client.addFriends(alice, [bob.user_id!]);
      assert.deepEqual(await states(alice), { [bob.user_id!]: 0 });
      assert.equal((await client.listNotifications(bob, 10)).notifications!.length, 1);
    });

    it('lists friends with the user, state, time and metadata, filtered by state and paged by cursor', async () => {
      const me = await newUser();
      const others = [await newUser(), await newUser(), await newUser(), await newUser()];
      for (const other of others) await client.addFriends(me, [other.user_id!]);
      // Two of them accept; two invites stay sent.
      await client.addFriends(others[1]!, [me.user_id!]);
      await client.addFriends(others[3]!, [me.user_id!]);
      const all = await client.listFriends(me);
      assert.deepEqual(
        all.friends!.map((f) => [f.user!.id, f.state]),
        [[others[1]!.user_id, 0], [others[3]!.user_id, 0], [others[0]!.user_id, 1], [others[2]!.user_id, 1]],
      );
      assert.equal(all.cursor, undefined);
      const first = all.friends![0]!;
      assert.equal(first.user!.username, others[1]!.username);
      // Nakama's friend listing leaves edge counts out.
      assert.equal(first.user!.edge_count, 0);
      assert.equal(first.user!.online, undefined);

      const raw = await (await fetch(`${server.baseUrl}/v2/friend?state=0`, { headers: { authorization: `Bearer ${me.token}` } })).json();
      assert.match(raw.friends[0].update_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(raw.friends[0].metadata, '{}');
      assert.equal(raw.friends[0].state, 0);

      const page1 = await client.listFriends(me, 1, 1);
      assert.deepEqual(page1.friends!.map((f) => f.user!.id), [others[0]!.user_id]);
      assert.ok(page1.cursor);
      const page2 = await client.listFriends(me, 1, 1, page1.cursor);
      assert.deepEqual(page2.friends!.map((f) => f.user!.id), [others[2]!.user_id]);
      assert.equal(page2.cursor, undefined);

      const walk: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listFriends(me, undefined, 1, cursor);
        walk.push(...page.friends!.map((f) => f.user!.id!));
        cursor = page.cursor;
      } while (cursor);
      assert.deepEqual(walk, all.friends!.map((f) => f.user!.id));
      assert.equal(await edgeCount(me), 4);

      assert.deepEqual(await errorOf(client.listFriends(me, 0, 1, page1.cursor)), { status: 400, code: 3, message: 'Cursor is invalid.' });
    });

    it('shows which friends are online, and forgets a deleted account with the edge counts right', async () => {
      const me = await newUser();
      const friend = await newUser();
      await client.addFriends(me, [friend.user_id!]);
      await client.addFriends(friend, [me.user_id!]);
      const socket = await nakamaSocket(server, friend, true);
      try {
        assert.equal((await client.listFriends(me)).friends![0]!.user!.online, true);
      } finally {
        socket.disconnect(false);
      }
      assert.equal(await edgeCount(me), 1);
      await client.deleteAccount(friend);
      assert.deepEqual(await states(me), {});
      assert.equal(await edgeCount(me), 0);
    });

    it('stores metadata given with an invite on the sender’s edge', async () => {
      const me = await newUser();
      const other = await newUser();
      const res = await fetch(`${server.baseUrl}/v2/friend?ids=${other.user_id}&metadata=${encodeURIComponent('{"note":"met in lobby"}')}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${me.token}` },
      });
      assert.equal(res.status, 200);
      const list = await (await fetch(`${server.baseUrl}/v2/friend`, { headers: { authorization: `Bearer ${me.token}` } })).json();
      assert.equal(list.friends[0].metadata, '{"note":"met in lobby"}');
      const bad = await fetch(`${server.baseUrl}/v2/friend?ids=${other.user_id}&metadata=nope`, { method: 'POST', headers: { authorization: `Bearer ${me.token}` } });
      assert.deepEqual([bad.status, await bad.json()], [400, { code: 3, message: 'Metadata must be a valid JSON object.' }]);
    });

    it('deletes friends, cancels and rejects invites, and keeps edge counts right', async () => {
      const alice = await newUser();
      const bob = await newUser();
      const carol = await newUser();
      await client.addFriends(alice, [bob.user_id!, carol.user_id!]);
      await client.addFriends(bob, [alice.user_id!]);
      assert.equal(await edgeCount(alice), 2);
      // Carol rejects the invite; Alice removes Bob.
      await client.deleteFriends(carol, [alice.user_id!]);
      await client.deleteFriends(alice, undefined, [bob.username!]);
      assert.deepEqual(await states(alice), {});
      assert.deepEqual(await states(bob), {});
      assert.deepEqual(await states(carol), {});
      for (const s of [alice, bob, carol]) assert.equal(await edgeCount(s), 0);
      const bobNotes = (await client.listNotifications(bob, 10)).notifications!;
      assert.deepEqual(bobNotes.map((n) => n.code), [-2, -9]);
      // Unknown users and empty requests are no-ops.
      assert.equal(await client.deleteFriends(alice, [randomUUID()], ['nobody-' + randomUUID()]), true);
      assert.equal(await client.deleteFriends(alice, []), true);
    });

    it('blocks: the blocked side loses its edge, cannot add back, and a delete lifts the block', async () => {
      const alice = await newUser();
      const bob = await newUser();
      await client.addFriends(alice, [bob.user_id!]);
      await client.addFriends(bob, [alice.user_id!]);
      await client.blockFriends(alice, [bob.user_id!]);
      assert.deepEqual(await states(alice), { [bob.user_id!]: 3 });
      assert.deepEqual(await states(bob), {});
      assert.equal(await edgeCount(alice), 1);
      assert.equal(await edgeCount(bob), 0);

      await client.addFriends(bob, [alice.user_id!]);
      await client.addFriends(alice, [bob.user_id!]);
      assert.deepEqual(await states(alice), { [bob.user_id!]: 3 });
      assert.deepEqual(await states(bob), {});

      // Bob blocks back: both hold a block, and neither block removes the other.
      await client.blockFriends(bob, undefined, [alice.username!]);
      assert.deepEqual(await states(bob), { [alice.user_id!]: 3 });
      assert.deepEqual(await states(alice), { [bob.user_id!]: 3 });
      const blocked = await client.listFriends(alice, 3);
      assert.deepEqual(blocked.friends!.map((f) => f.state), [3]);

      await client.deleteFriends(alice, [bob.user_id!]);
      assert.deepEqual(await states(alice), {});
      assert.deepEqual(await states(bob), { [alice.user_id!]: 3 });
      assert.equal(await edgeCount(alice), 0);
      assert.equal(await edgeCount(bob), 1);

      // Blocking a stranger creates the edge; unknown ids are ignored.
      const carol = await newUser();
      await client.blockFriends(carol, [alice.user_id!, randomUUID()]);
      assert.deepEqual(await states(carol), { [alice.user_id!]: 3 });
      assert.equal(await edgeCount(carol), 1);
    });

    it('lists friends of friends with their referrer, leaving out the caller and their friends', async () => {
      const [me, b, c, d, e] = [await newUser(), await newUser(), await newUser(), await newUser(), await newUser()];
      const befriend = async (x: Session, y: Session) => {
        await client.addFriends(x, [y.user_id!]);
        await client.addFriends(y, [x.user_id!]);
      };
      await befriend(me, b);
      await befriend(me, d);
      await befriend(b, c);
      await befriend(b, d);
      await befriend(d, e);
      // An invite is not a friendship.
      await client.addFriends(b, [(await newUser()).user_id!]);
      const all = await client.listFriendsOfFriends(me);
      const got = all.friends_of_friends!.map((f) => [f.referrer, f.user!.id]).sort();
      assert.deepEqual(got, [[b.user_id, c.user_id], [d.user_id, e.user_id]].sort());
      assert.equal(all.cursor, undefined);

      const page1 = await client.listFriendsOfFriends(me, 1);
      assert.equal(page1.friends_of_friends!.length, 1);
      assert.ok(page1.cursor);
      const page2 = await client.listFriendsOfFriends(me, 1, page1.cursor);
      assert.equal(page2.friends_of_friends!.length, 1);
      assert.equal(page2.cursor, undefined);
      assert.deepEqual(
        [...page1.friends_of_friends!, ...page2.friends_of_friends!].map((f) => [f.referrer, f.user!.id]).sort(),
        got,
      );
      assert.deepEqual((await client.listFriendsOfFriends(e)).friends_of_friends!.map((f) => f.user!.id).sort(), [b.user_id, me.user_id].sort());
      assert.deepEqual((await client.listFriendsOfFriends(await newUser())).friends_of_friends, []);
    });

    it("answers bad input with Nakama's errors", async () => {
      const me = await newUser();
      const bad = (p: Promise<unknown>) => errorOf(p);
      assert.deepEqual(await bad(client.addFriends(me, ['not-a-uuid'])), { status: 400, code: 3, message: "Invalid user ID 'not-a-uuid'." });
      assert.deepEqual(await bad(client.addFriends(me, [me.user_id!])), { status: 400, code: 3, message: 'Cannot add self as friend.' });
      assert.deepEqual(await bad(client.addFriends(me, [], [me.username!])), { status: 400, code: 3, message: 'Cannot add self as friend.' });
      assert.deepEqual(await bad(client.addFriends(me, [], [''])), { status: 400, code: 3, message: 'Username must not be empty.' });
      assert.deepEqual(await bad(client.addFriends(me, [], ['nobody-' + randomUUID()])), { status: 400, code: 3, message: 'No valid ID or username was provided.' });
      assert.deepEqual(await bad(client.deleteFriends(me, [me.user_id!])), { status: 400, code: 3, message: 'Cannot delete self.' });
      assert.deepEqual(await bad(client.deleteFriends(me, ['x'])), { status: 400, code: 3, message: "Invalid user ID 'x'." });
      assert.deepEqual(await bad(client.blockFriends(me, [me.user_id!])), { status: 400, code: 3, message: 'Cannot block self.' });
      assert.deepEqual(await bad(client.blockFriends(me, [], ['nobody-' + randomUUID()])), { status: 400, code: 3, message: 'No valid ID or username was provided.' });
      assert.deepEqual(await bad(client.listFriends(me, undefined, 0)), { status: 400, code: 3, message: 'Invalid limit - limit must be between 1 and 1000.' });
      assert.deepEqual(await bad(client.listFriends(me, undefined, 1001)), { status: 400, code: 3, message: 'Invalid limit - limit must be between 1 and 1000.' });
      assert.deepEqual(await bad(client.listFriends(me, 4)), { status: 400, code: 3, message: 'Invalid state - state must be between 0 and 3.' });
      assert.deepEqual(await bad(client.listFriends(me, undefined, 10, 'garbage!')), { status: 400, code: 3, message: 'Cursor is invalid.' });
      assert.deepEqual(await bad(client.listFriendsOfFriends(me, 101)), { status: 400, code: 3, message: 'Invalid limit - limit must be between 1 and 100.' });
      assert.deepEqual(await bad(client.listFriendsOfFriends(me, 10, 'Zm9v')), { status: 400, code: 3, message: 'Cursor is invalid.' });
      // Nothing named is a no-op.
      assert.equal(await client.addFriends(me, []), true);
      assert.equal(await edgeCount(me), 0);
    });
  });
}
