import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Notification, Session, Socket } from '@heroiclabs/nakama-js';
import { NotificationInputError, type NotificationToSend } from '../../server/core/notification/notification-service.js';
import { DIALECTS } from '../support/databases.js';
import { errorOf, startTestServer, type TestServer } from '../support/server.js';
import { nakamaSocket, rawSocket } from '../support/sockets.js';

const deviceId = () => `device-${randomUUID()}`;
const SYSTEM_USER_ID = '00000000-0000-0000-0000-000000000000';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Nakama's notification times carry whole seconds. */
const WHOLE_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** Collects every notification a nakama-js socket is pushed. */
function collect(socket: Socket): Notification[] {
  const seen: Notification[] = [];
  socket.onnotification = (n) => seen.push(n);
  return seen;
}

/** A round trip on the socket: anything pushed to it before this call has arrived when it resolves. */
async function roundTrip(socket: Socket): Promise<void> {
  await socket.followUsers([]);
}

for (const dialect of DIALECTS) {
  describe(`notifications (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(dialect);
    });
    after(async () => {
      await server?.stop();
    });

    const send = (notifications: NotificationToSend[]) => server.outpost.notifications.send(notifications);
    const to = (session: Session, subject: string, persistent: boolean, extra: Partial<NotificationToSend> = {}): NotificationToSend => ({
      userId: session.user_id!,
      subject,
      content: { subject, reward: 5 },
      code: 101,
      persistent,
      ...extra,
    });

    it("pushes to every socket of the recipient and nobody else's", async () => {
      const client = server.client();
      const alice = await client.authenticateDevice(deviceId());
      const bob = await client.authenticateDevice(deviceId());
      const aliceSockets = [await nakamaSocket(server, alice), await nakamaSocket(server, alice, true)];
      const bobSocket = await nakamaSocket(server, bob);
      const raw = await rawSocket(server, `token=${alice.token}`);
      const aliceSeen = aliceSockets.map(collect);
      const bobSeen = collect(bobSocket);

      await send([to(alice, 'gift', true), to(alice, 'ping', false, { code: 7, senderId: bob.user_id })]);
      for (const s of aliceSockets) await roundTrip(s);
      assert.deepEqual(aliceSeen.map((seen) => seen.map((n) => n.subject)), [['gift', 'ping'], ['gift', 'ping']]);
      const [first, second] = aliceSeen.map((seen) => seen[0]!);
      for (const n of [first!, second!]) {
        assert.match(n.id!, UUID);
        assert.equal(n.subject, 'gift');
        assert.deepEqual(n.content, { subject: 'gift', reward: 5 });
        assert.equal(n.code, 101);
        assert.equal(n.persistent, true);
        assert.equal(n.sender_id, SYSTEM_USER_ID, 'Nakama pushes the nil id as the system sender');
        assert.match(n.create_time!, WHOLE_SECONDS);
      }
      assert.equal(first!.id, second!.id);
      assert.equal(aliceSeen[0]![1]!.sender_id, bob.user_id);
      assert.equal(aliceSeen[0]![1]!.persistent, undefined);

      // The wire shape: one envelope per recipient holding the whole batch, and no cid.
      const envelope = await raw.waitFor((m) => 'notifications' in m);
      assert.deepEqual(Object.keys(envelope), ['notifications']);
      const pushed = envelope.notifications.notifications as Record<string, unknown>[];
      assert.equal(pushed.length, 2);
      assert.equal(pushed[0]!.content, '{"subject":"gift","reward":5}');
      assert.deepEqual(pushed[1], {
        id: pushed[1]!.id,
        subject: 'ping',
        content: '{"subject":"ping","reward":5}',
        code: 7,
        sender_id: bob.user_id,
        create_time: pushed[1]!.create_time,
      });

      await roundTrip(bobSocket);
      assert.deepEqual(bobSeen, []);

      // A closed socket is no longer on the stream; the others still hear.
      aliceSockets[0]!.disconnect(false);
      await sleep(50);
      await send([to(alice, 'after close', false)]);
      await roundTrip(aliceSockets[1]!);
      assert.equal(aliceSeen[1]!.at(-1)!.subject, 'after close');
      assert.equal(aliceSeen[0]!.length, 2);
      assert.equal(server.outpost.realtime.tracker.listByStream({ mode: 0, subject: alice.user_id!, subcontext: '', label: '' }, true).length, 2);
      assert.equal(server.outpost.realtime.tracker.listByStream({ mode: 0, subject: alice.user_id!, subcontext: '', label: '' }, false).length, 0, 'hidden');

      aliceSockets[1]!.disconnect(false);
      bobSocket.disconnect(false);
      raw.ws.close();
    });

    it('lists persistent ones oldest first, pages with the cacheable cursor, and then returns only newer ones', async () => {
      const client = server.client();
      const alice = await client.authenticateDevice(deviceId());
      const bob = await client.authenticateDevice(deviceId());
      const empty = await client.listNotifications(alice, 10);
      assert.deepEqual(empty.notifications, []);
      assert.ok(empty.cacheable_cursor, 'a cursor even when there is nothing');

      for (const subject of ['one', 'two', 'three']) {
        await send([to(alice, subject, true, subject === 'two' ? { senderId: bob.user_id } : {})]);
        // Distinct create times keep the order the sends happened in.
        await sleep(3);
      }
      await send([to(alice, 'live only', false)]);
      await send([to(bob, 'for bob', true)]);

      const byDefault = await client.listNotifications(alice);
      assert.deepEqual(byDefault.notifications!.map((n) => n.subject), ['one'], 'limit defaults to 1');

      const page1 = await client.listNotifications(alice, 2);
      assert.deepEqual(page1.notifications!.map((n) => n.subject), ['one', 'two']);
      const [one, two] = page1.notifications!;
      assert.deepEqual(one!.content, { subject: 'one', reward: 5 });
      assert.equal(one!.code, 101);
      assert.equal(one!.persistent, true);
      assert.equal(one!.sender_id, undefined, 'a system sender is listed as empty');
      assert.equal(two!.sender_id, bob.user_id);
      assert.match(one!.create_time!, WHOLE_SECONDS);

      const page2 = await client.listNotifications(alice, 2, page1.cacheable_cursor);
      assert.deepEqual(page2.notifications!.map((n) => n.subject), ['three']);
      assert.ok(page2.cacheable_cursor);
      const caughtUp = await client.listNotifications(alice, 2, page2.cacheable_cursor);
      assert.deepEqual(caughtUp.notifications, []);
      assert.equal(caughtUp.cacheable_cursor, page2.cacheable_cursor, 'an exhausted list keeps the cursor');

      await sleep(3);
      await send([to(alice, 'four', true)]);
      const newer = await client.listNotifications(alice, 100, caughtUp.cacheable_cursor);
      assert.deepEqual(newer.notifications!.map((n) => n.subject), ['four']);
      // The cursor from an empty first list starts from the beginning.
      const fromStart = await client.listNotifications(alice, 100, empty.cacheable_cursor);
      assert.deepEqual(fromStart.notifications!.map((n) => n.subject), ['one', 'two', 'three', 'four']);
      assert.deepEqual((await client.listNotifications(bob, 100)).notifications!.map((n) => n.subject), ['for bob']);
    });

    it("deletes only the caller's notifications and ignores unknown ids", async () => {
      const client = server.client();
      const alice = await client.authenticateDevice(deviceId());
      const bob = await client.authenticateDevice(deviceId());
      await send([to(alice, 'a1', true), to(alice, 'a2', true), to(bob, 'b1', true)]);
      const aliceIds = (await client.listNotifications(alice, 100)).notifications!.map((n) => n.id!);
      const bobIds = (await client.listNotifications(bob, 100)).notifications!.map((n) => n.id!);
      assert.equal(aliceIds.length, 2);

      assert.equal(await client.deleteNotifications(bob, [...aliceIds]), true);
      assert.equal((await client.listNotifications(alice, 100)).notifications!.length, 2, "Bob cannot delete Alice's");

      assert.equal(await client.deleteNotifications(alice, [aliceIds[0]!, bobIds[0]!, randomUUID(), 'not-an-id']), true);
      assert.deepEqual((await client.listNotifications(alice, 100)).notifications!.map((n) => n.id), [aliceIds[1]]);
      assert.deepEqual((await client.listNotifications(bob, 100)).notifications!.map((n) => n.id), bobIds);
      assert.equal(await client.deleteNotifications(alice, []), true);
    });

    it("answers bad limits and cursors with Nakama's status and message", async () => {
      const client = server.client();
      const alice = await client.authenticateDevice(deviceId());
      const invalidLimit = { status: 400, code: 3, message: 'Invalid limit - limit must be between 1 and 100.' };
      assert.deepEqual(await errorOf(client.listNotifications(alice, 0)), invalidLimit);
      assert.deepEqual(await errorOf(client.listNotifications(alice, 101)), invalidLimit);
      assert.deepEqual(await errorOf(client.listNotifications(alice, -1)), invalidLimit);
      const malformed = { status: 400, code: 3, message: 'Malformed cursor was used.' };
      assert.deepEqual(await errorOf(client.listNotifications(alice, 10, 'not a cursor!')), malformed);
      assert.deepEqual(await errorOf(client.listNotifications(alice, 10, Buffer.from('["x",1]').toString('base64url'))), malformed);
      assert.deepEqual(await errorOf(client.listNotifications(alice, 10, Buffer.from('[1,"nope"]').toString('base64url'))), malformed);
      assert.equal((await client.listNotifications(alice, 100)).notifications!.length, 0);
      const res = await fetch(`${server.baseUrl}/v2/notification`);
      assert.equal(res.status, 401);
    });

    it('checks a whole batch before storing or pushing any of it', async () => {
      const client = server.client();
      const alice = await client.authenticateDevice(deviceId());
      const socket = await nakamaSocket(server, alice);
      const seen = collect(socket);
      const bad: Array<[Partial<NotificationToSend>, string]> = [
        [{ userId: 'nobody' }, 'expects userId to be a valid UUID'],
        [{ subject: '' }, 'expects subject to be a non-empty string'],
        [{ content: [] as unknown as Record<string, unknown> }, 'expects content to be an object'],
        [{ code: 1.5 }, 'expects code to be a 32-bit integer'],
        [{ senderId: 'someone' }, 'expects senderId to either be not set, empty string or a valid UUID'],
      ];
      for (const [extra, message] of bad) {
        await assert.rejects(send([to(alice, 'fine', true), to(alice, 'bad', true, extra)]), (err: unknown) => {
          assert.ok(err instanceof NotificationInputError);
          assert.equal(err.message, message);
          return true;
        });
      }
      // A persistent one for a user that does not exist fails the whole batch in the database.
      await assert.rejects(send([to(alice, 'fine', true), { ...to(alice, 'ghost', true), userId: randomUUID() }]));
      await roundTrip(socket);
      assert.deepEqual(seen, []);
      assert.deepEqual((await client.listNotifications(alice, 100)).notifications, []);
      socket.disconnect(false);
    });

    it('closes a socket whose client sends the server-only notifications case', async () => {
      const alice = await server.client().authenticateDevice(deviceId());
      const raw = await rawSocket(server, `token=${alice.token}`);
      raw.send({ cid: '1', notifications: { notifications: [] } });
      const error = await raw.waitFor((m) => m.cid === '1');
      assert.equal(error.error.code, 1);
      await raw.closed;
    });
  });
}
