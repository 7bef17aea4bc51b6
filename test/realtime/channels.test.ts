import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { ChannelMessage, ChannelPresenceEvent, Notification, Session, Socket } from '@heroiclabs/nakama-js';
import { DIALECTS } from '../support/databases.js';
import { errorOf, startTestServer, type TestServer } from '../support/server.js';
import { nakamaSocket, rawSocket } from '../support/sockets.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ROOM = 1;
const DIRECT = 2;
const GROUP = 3;

/** One user's socket with everything chat-related it receives, recorded from the moment it connects. */
interface Chatter {
  session: Session;
  socket: Socket;
  messages: ChannelMessage[];
  presence: ChannelPresenceEvent[];
  notifications: Notification[];
  /** A round trip on this socket: whatever was pushed to it before has arrived when this resolves. */
  sync(): Promise<void>;
}

async function chatter(server: TestServer, username?: string): Promise<Chatter> {
  const session = await server.client().authenticateDevice(`device-${randomUUID()}`, true, username);
  const socket = await nakamaSocket(server, session);
  const c: Chatter = {
    session,
    socket,
    messages: [],
    presence: [],
    notifications: [],
    async sync() {
      await socket.followUsers([]);
    },
  };
  socket.onchannelmessage = (m) => c.messages.push(m);
  socket.onchannelpresence = (e) => c.presence.push(e);
  socket.onnotification = (n) => c.notifications.push(n);
  return c;
}

const room = () => `room-${randomUUID().slice(0, 8)}`;
const userIds = (list: { user_id?: string }[] | undefined) => (list ?? []).map((p) => p.user_id).sort();

for (const dialect of DIALECTS) {
  describe(`chat channels (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(dialect);
    });
    after(async () => {
      await server?.stop();
    });

    it('joins rooms with presences, presence events, and hidden members left out', async () => {
      const [alice, bob, carol] = [await chatter(server, `alice${randomUUID().slice(0, 6)}`), await chatter(server), await chatter(server)];
      const name = room();
      const a = await alice.socket.joinChat(name, ROOM, true, false);
      assert.equal(a.id, `2...${name}`);
      assert.equal((a as any).room_name, name);
      assert.deepEqual(a.presences ?? [], []);
      assert.equal(a.self.user_id, alice.session.user_id);
      assert.equal(a.self.username, alice.session.username);
      assert.equal((a.self as any).persistence, true);

      // Type 0 is a room too; bob sees alice, and everyone in the channel (bob too) hears bob's join.
      const b = await bob.socket.joinChat(name, 0, false, false);
      assert.equal(b.id, a.id);
      assert.deepEqual(userIds(b.presences), [alice.session.user_id]);
      assert.equal((b.self as any).persistence, undefined);
      const c = await carol.socket.joinChat(name, ROOM, true, true);
      assert.deepEqual(userIds(c.presences), userIds([alice.session, bob.session]));
      await Promise.all([alice.sync(), bob.sync(), carol.sync()]);
      // Each joiner hears its own join after its reply, as in Nakama; the hidden carol is never announced.
      assert.deepEqual(alice.presence.map((e) => userIds(e.joins)), [[alice.session.user_id], [bob.session.user_id]]);
      for (const who of [alice, bob]) {
        const event = who.presence.at(-1)!;
        assert.equal(event.channel_id, a.id);
        assert.equal((event as any).room_name, name);
        assert.deepEqual(userIds(event.joins), [bob.session.user_id]);
        assert.equal(event.joins[0]!.session_id, b.self.session_id);
      }
      assert.equal(carol.presence.length, 0);

      // A second join of the same session is no new presence: it lists itself and announces nothing.
      const again = await bob.socket.joinChat(name, ROOM, false, false);
      assert.deepEqual(userIds(again.presences), userIds([alice.session, bob.session]));

      await bob.socket.leaveChat(a.id);
      await carol.socket.leaveChat(a.id);
      await Promise.all([alice.sync(), bob.sync()]);
      assert.equal(alice.presence.length, 3);
      assert.deepEqual(userIds(alice.presence[2]!.leaves), [bob.session.user_id]);
      assert.deepEqual(alice.presence[2]!.joins ?? [], []);
      assert.equal(bob.presence.length, 1, 'a leaver hears nothing after leaving');
      // Leaving twice, or a channel never joined, is still an ack; a malformed id is not.
      await bob.socket.leaveChat(a.id);
      await assert.rejects(bob.socket.leaveChat('2..x'), { code: 3, message: 'Invalid channel identifier' });

      // A disconnect is a leave too.
      const d = await chatter(server);
      await d.socket.joinChat(name, ROOM, true, false);
      d.socket.disconnect(false);
      await waitUntil(async () => {
        await alice.sync();
        return alice.presence.some((e) => userIds(e.leaves).includes(d.session.user_id!));
      });
    });

    it('sends, updates and removes messages with acks and pushes to every member, the sender included', async () => {
      const [alice, bob, carol] = [await chatter(server), await chatter(server), await chatter(server)];
      const name = room();
      const { id } = await alice.socket.joinChat(name, ROOM, true, false);
      await bob.socket.joinChat(name, ROOM, true, false);
      await carol.socket.joinChat(name, ROOM, true, true);

      const ack = await alice.socket.writeChatMessage(id, { text: 'hello', n: 1 });
      assert.equal(ack.channel_id, id);
      assert.match(ack.message_id, UUID);
      assert.equal(ack.code, 0);
      assert.equal(ack.username, alice.session.username);
      assert.equal((ack as any).persistent, true);
      assert.equal((ack as any).room_name, name);
      assert.equal(ack.create_time, ack.update_time);
      assert.ok(Math.abs(Date.parse(ack.create_time!) - Date.now()) < 5000);
      assert.equal(alice.messages.length, 1, "the sender's own copy arrives before the ack");
      await Promise.all([bob.sync(), carol.sync()]);
      for (const who of [alice, bob, carol]) {
        const m = who.messages[0]!;
        assert.deepEqual(
          { ...m },
          {
            channel_id: id,
            message_id: ack.message_id,
            code: 0,
            sender_id: alice.session.user_id,
            username: alice.session.username,
            content: { text: 'hello', n: 1 },
            create_time: ack.create_time,
            update_time: ack.update_time,
            persistent: true,
            room_name: name,
          },
        );
      }

      // Only the sender can update or remove, and only messages that were stored.
      await assert.rejects(bob.socket.updateChatMessage(id, ack.message_id, { text: 'hacked' }), {
        code: 3,
        message: 'Could not find message to update in channel history',
      });
      await assert.rejects(bob.socket.removeChatMessage(id, ack.message_id), { code: 3, message: 'Could not find message to remove in channel history' });
      await new Promise((r) => setTimeout(r, 5));
      const updated = await alice.socket.updateChatMessage(id, ack.message_id, { text: 'edited' });
      assert.equal(updated.code, 1);
      assert.equal(updated.message_id, ack.message_id);
      assert.equal(updated.create_time, ack.create_time, 'the stored create time is kept');
      assert.ok(Date.parse(updated.update_time!) > Date.parse(ack.update_time!));
      await bob.sync();
      assert.deepEqual(bob.messages.map((m) => [m.code, m.content]), [[0, { text: 'hello', n: 1 }], [1, { text: 'edited' }]]);
      let history = await server.client().listChannelMessages(bob.session, id, 10, true);
      assert.deepEqual(history.messages!.map((m) => [m.message_id, m.code, m.content, m.update_time]), [[ack.message_id, 0, { text: 'edited' }, updated.update_time]]);

      const removed = await alice.socket.removeChatMessage(id, ack.message_id);
      assert.equal(removed.code, 2);
      assert.equal(removed.create_time, ack.create_time);
      assert.equal(removed.update_time, updated.update_time, 'a remove reports the stored times');
      await Promise.all([bob.sync(), carol.sync()]);
      assert.deepEqual(bob.messages.at(-1)!.content, {});
      assert.equal(bob.messages.at(-1)!.code, 2);
      assert.equal(carol.messages.length, 3, 'hidden members receive messages too');
      history = await server.client().listChannelMessages(bob.session, id, 10, true);
      assert.deepEqual(history.messages, []);
      await assert.rejects(alice.socket.removeChatMessage(id, ack.message_id), { code: 3, message: 'Could not find message to remove in channel history' });
    });

    it('does not store messages sent by a member who joined without persistence', async () => {
      const [alice, bob] = [await chatter(server), await chatter(server)];
      const name = room();
      const { id } = await alice.socket.joinChat(name, ROOM, false, false);
      await bob.socket.joinChat(name, ROOM, true, false);
      const ack = await alice.socket.writeChatMessage(id, { text: 'ephemeral' });
      assert.equal((ack as any).persistent, false);
      await bob.sync();
      assert.equal(bob.messages[0]!.persistent, false);
      const kept = await bob.socket.writeChatMessage(id, { text: 'kept' });
      const history = await server.client().listChannelMessages(alice.session, id, 10, true);
      assert.deepEqual(history.messages!.map((m) => m.message_id), [kept.message_id]);
      assert.equal(history.messages![0]!.persistent, true);
      // As in Nakama, a member without persistence never checks the history, so its update is only relayed.
      const relayed = await alice.socket.updateChatMessage(id, kept.message_id, { text: 'not stored' });
      assert.equal((relayed as any).persistent, false);
      const after = await server.client().listChannelMessages(alice.session, id, 10, true);
      assert.deepEqual(after.messages![0]!.content, { text: 'kept' });
    });

    it('opens direct chats between two users, readable only by them', async () => {
      const [alice, bob, carol] = [await chatter(server), await chatter(server), await chatter(server)];
      const [one, two] = [alice.session.user_id!, bob.session.user_id!].sort();
      const a = await alice.socket.joinChat(bob.session.user_id!.toUpperCase(), DIRECT, true, false);
      assert.equal(a.id, `4.${one}.${two}.`);
      assert.equal((a as any).user_id_one, one);
      assert.equal((a as any).user_id_two, two);
      // Bob was not there, so he is told someone wants to chat.
      await bob.sync();
      assert.equal(bob.notifications.length, 1);
      assert.equal(bob.notifications[0]!.subject, `${alice.session.username} wants to chat`);
      assert.equal(bob.notifications[0]!.code, -1);
      assert.equal(bob.notifications[0]!.sender_id, alice.session.user_id);
      assert.deepEqual(bob.notifications[0]!.content, { username: alice.session.username });

      const b = await bob.socket.joinChat(alice.session.user_id!, DIRECT, true, false);
      assert.equal(b.id, a.id);
      assert.deepEqual(userIds(b.presences), [alice.session.user_id]);
      await alice.sync();
      assert.equal(alice.notifications.length, 0, 'alice was in the chat already');
      assert.equal(alice.presence[0]!.channel_id, a.id);
      assert.equal((alice.presence[0] as any).user_id_one, one);

      const ack = await bob.socket.writeChatMessage(a.id, { text: 'hi alice' });
      assert.equal((ack as any).user_id_two, two);
      for (const who of [alice, bob]) {
        const history = await server.client().listChannelMessages(who.session, a.id, 10, true);
        assert.deepEqual(history.messages!.map((m) => [m.message_id, (m as any).user_id_one, (m as any).user_id_two]), [[ack.message_id, one, two]]);
      }
      assert.deepEqual(await errorOf(server.client().listChannelMessages(carol.session, a.id, 10, true)), { status: 400, code: 3, message: 'Channel not found.' });
      await assert.rejects(carol.socket.writeChatMessage(a.id, { text: 'sneaky' }), { code: 3, message: 'Must join channel before sending messages' });

      // Nakama lets a user open a direct chat with themselves.
      const self = await carol.socket.joinChat(carol.session.user_id!, DIRECT, true, false);
      assert.equal(self.id, `4.${carol.session.user_id}.${carol.session.user_id}.`);
    });

    it('refuses joins Nakama refuses, with its codes and messages', async () => {
      const alice = await chatter(server);
      const join = (target: string, type: number) => alice.socket.joinChat(target, type, true, false);
      const cases: Array<[string, number, string]> = [
        ['', ROOM, 'Invalid channel target'],
        ['x'.repeat(65), ROOM, 'Channel name is required and must be 1-64 chars: Invalid channel target'],
        ['é'.repeat(33), 0, 'Channel name is required and must be 1-64 chars: Invalid channel target'],
        ['bad\nname', ROOM, 'Channel name must not contain control chars: Invalid channel target'],
        ['room', 4, 'Invalid channel type'],
        ['not-a-user', DIRECT, 'Invalid user ID in direct message join: Invalid channel target'],
        ['00000000-0000-0000-0000-000000000000', DIRECT, 'Invalid user ID in direct message join: Invalid channel target'],
        [randomUUID(), DIRECT, 'User ID not found: Invalid channel target'],
        ['not-a-group', GROUP, 'Invalid group ID in group channel join: Invalid channel target'],
        [randomUUID(), GROUP, 'Group not found: Invalid channel target'],
      ];
      for (const [target, type, message] of cases) {
        await assert.rejects(join(target, type), { code: 3, message }, `${type} ${JSON.stringify(target)}`);
      }
      assert.equal((await join('x'.repeat(64), ROOM)).id, `2...${'x'.repeat(64)}`);
      // The socket stays open after errors.
      assert.equal((await join('still-open', ROOM)).id, '2...still-open');
    });

    it('refuses bad sends, updates and removes', async () => {
      const [alice, bob] = [await chatter(server), await chatter(server)];
      const { id } = await alice.socket.joinChat(room(), ROOM, true, false);
      // nakama-js JSON-encodes content itself, so raw content goes over a plain socket on alice's session.
      const plain = await rawSocket(server, `token=${alice.session.token}`);
      plain.send({ cid: 'j', channel_join: { target: id.slice(4) } });
      await plain.waitFor((m) => m.cid === 'j');
      let cid = 0;
      const raw = async (message: object) => {
        const mine = String(++cid);
        plain.send({ cid: mine, ...message });
        const reply = await plain.waitFor((m) => m.cid === mine);
        if (reply.error) throw reply.error;
        return reply;
      };
      await assert.rejects(bob.socket.writeChatMessage(id, { a: 1 }), { code: 3, message: 'Must join channel before sending messages' });
      await assert.rejects(bob.socket.updateChatMessage(id, randomUUID(), { a: 1 }), { code: 3, message: 'Must join channel before updating messages' });
      await assert.rejects(bob.socket.removeChatMessage(id, randomUUID()), { code: 3, message: 'Must join channel before removing messages' });
      const notObject = { code: 3, message: 'Message content must be a valid JSON object' };
      await assert.rejects(alice.socket.writeChatMessage(id, 'just a string'), notObject);
      await assert.rejects(alice.socket.writeChatMessage(id, [1, 2]), notObject);
      await assert.rejects(raw({ channel_message_send: { channel_id: id, content: '{not json' } }), notObject);
      await assert.rejects(raw({ channel_message_send: { channel_id: id } }), notObject);
      assert.equal((await raw({ channel_message_send: { channel_id: id, content: '  {"ok":true} ' } })).channel_message_ack.code, 0);
      await assert.rejects(alice.socket.writeChatMessage('2..nope', { a: 1 }), { code: 3, message: 'Invalid channel identifier' });
      await assert.rejects(alice.socket.writeChatMessage('9...room', { a: 1 }), { code: 3, message: 'Invalid channel identifier' });
      await assert.rejects(alice.socket.updateChatMessage(id, 'not-a-uuid', { a: 1 }), { code: 3, message: 'Invalid message identifier' });
      await assert.rejects(alice.socket.updateChatMessage('bad', 'not-a-uuid', { a: 1 }), { code: 3, message: 'Invalid message identifier' });
      await assert.rejects(alice.socket.removeChatMessage('bad', randomUUID()), { code: 3, message: 'Invalid channel identifier' });
      await assert.rejects(alice.socket.updateChatMessage(id, randomUUID(), 'text'), notObject);
      await assert.rejects(alice.socket.updateChatMessage(id, randomUUID(), { a: 1 }), { code: 3, message: 'Could not find message to update in channel history' });
      plain.ws.close();

      // The wire shape of an ack: code and persistent always present, under the request's cid.
      const socket = await rawSocket(server, `token=${alice.session.token}`);
      socket.send({ cid: '7', channel_join: { target: 'wire-room' } });
      const joined = await socket.waitFor((m) => m.cid === '7');
      assert.deepEqual(Object.keys(joined).sort(), ['channel', 'cid']);
      socket.send({ cid: '8', channel_message_send: { channel_id: '2...wire-room', content: '{}' } });
      const ack = (await socket.waitFor((m) => m.cid === '8')).channel_message_ack;
      assert.deepEqual(Object.keys(ack).sort(), ['channel_id', 'code', 'create_time', 'message_id', 'persistent', 'room_name', 'update_time', 'username']);
      assert.equal(ack.code, 0);
      const pushed = await socket.waitFor((m) => 'channel_message' in m);
      assert.equal(pushed.cid, undefined);
      assert.equal(pushed.channel_message.content, '{}');
      socket.ws.close();
    });

    it('pages history both ways with next, previous and cacheable cursors', async () => {
      const alice = await chatter(server);
      const client = server.client();
      const { id } = await alice.socket.joinChat(room(), ROOM, true, false);
      const sent: string[] = [];
      for (let i = 0; i < 5; i++) sent.push((await alice.socket.writeChatMessage(id, { i })).message_id);
      const ids = (list: { messages?: { message_id?: string }[] }) => (list.messages ?? []).map((m) => m.message_id);

      // Without a limit Nakama returns one message; without `forward`, oldest first.
      const first = await client.listChannelMessages(alice.session, id);
      assert.deepEqual(ids(first), [sent[0]]);

      const p1 = await client.listChannelMessages(alice.session, id, 2, true);
      assert.deepEqual(ids(p1), sent.slice(0, 2));
      assert.ok(p1.next_cursor);
      assert.equal(p1.prev_cursor, undefined);
      const p2 = await client.listChannelMessages(alice.session, id, 2, true, p1.next_cursor);
      assert.deepEqual(ids(p2), sent.slice(2, 4));
      assert.ok(p2.prev_cursor);
      const back = await client.listChannelMessages(alice.session, id, 2, true, p2.prev_cursor);
      assert.deepEqual(ids(back), sent.slice(0, 2));
      assert.equal(back.prev_cursor, undefined, 'nothing before the first page');
      assert.ok(back.next_cursor);
      const p3 = await client.listChannelMessages(alice.session, id, 2, true, p2.next_cursor);
      assert.deepEqual(ids(p3), sent.slice(4));
      assert.equal(p3.next_cursor, undefined);

      // Backwards: newest first.
      const n1 = await client.listChannelMessages(alice.session, id, 3, false);
      assert.deepEqual(ids(n1), [...sent].reverse().slice(0, 3));
      const n2 = await client.listChannelMessages(alice.session, id, 3, false, n1.next_cursor);
      assert.deepEqual(ids(n2), [sent[1], sent[0]]);
      assert.equal(n2.next_cursor, undefined);
      const n1Again = await client.listChannelMessages(alice.session, id, 3, false, n2.prev_cursor);
      assert.deepEqual(ids(n1Again), ids(n1));

      // The cacheable cursor of a full listing returns only what is newer.
      const all = await client.listChannelMessages(alice.session, id, 100, true);
      assert.deepEqual(ids(all), sent);
      const fresh = await alice.socket.writeChatMessage(id, { i: 5 });
      const newer = await client.listChannelMessages(alice.session, id, 100, true, all.cacheable_cursor);
      assert.deepEqual(ids(newer), [fresh.message_id]);
      const none = await client.listChannelMessages(alice.session, id, 100, true, newer.cacheable_cursor);
      assert.deepEqual(ids(none), []);
      assert.equal(none.cacheable_cursor, newer.cacheable_cursor);

      // A cursor only works for the direction and channel it was made for.
      const invalid = { status: 400, code: 3, message: 'Cursor is invalid or expired.' };
      assert.deepEqual(await errorOf(client.listChannelMessages(alice.session, id, 2, false, p1.next_cursor)), invalid);
      assert.deepEqual(await errorOf(client.listChannelMessages(alice.session, '2...other', 2, true, p1.next_cursor)), invalid);
      assert.deepEqual(await errorOf(client.listChannelMessages(alice.session, id, 2, true, 'garbage!')), invalid);
      assert.deepEqual(await errorOf(client.listChannelMessages(alice.session, id, 2, true, Buffer.from('[1,2]').toString('base64url'))), invalid);
    });

    it('rejects bad history requests with 400 and Nakama messages', async () => {
      const alice = await chatter(server);
      const client = server.client();
      const list = (channelId: string, limit?: number) => client.listChannelMessages(alice.session, channelId, limit, true);
      const limit = { status: 400, code: 3, message: 'Invalid limit - limit must be between 1 and 100.' };
      assert.deepEqual(await errorOf(list('2...room', 0)), limit);
      assert.deepEqual(await errorOf(list('2...room', 101)), limit);
      const badId = { status: 400, code: 3, message: 'Invalid channel ID.' };
      for (const channelId of ['nope', '5...room', '2.x..room', '2...', '3.not-uuid..', '4.a.b.', `2...${'x'.repeat(65)}`]) {
        assert.deepEqual(await errorOf(list(channelId, 10)), badId, channelId);
      }
      assert.deepEqual(await errorOf(list(`3.${randomUUID()}..`, 10)), { status: 400, code: 3, message: 'Group not found.' });
      assert.deepEqual((await list('2...never-used', 100)).messages, []);
      const res = await fetch(`${server.baseUrl}/v2/channel/${encodeURIComponent('2...room')}`);
      assert.equal(res.status, 401);
    });
  });
}

async function waitUntil(check: () => Promise<boolean>, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
