/**
 * Group chat follows group membership, through nakama-js on both databases: members (any rank) may join
 * the group channel and read its history; strangers, join requests and banned users are refused with
 * Nakama's "Group not found"; a kicked member is removed from the channel at once.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { ChannelPresenceEvent, Client, Session, Socket } from '@heroiclabs/nakama-js';
import { DIALECTS } from '../support/databases.js';
import { errorOf, startTestServer, type TestServer } from '../support/server.js';
import { nakamaSocket, nextEvent } from '../support/sockets.js';

const GROUP = 3;
const NOT_FOUND = { code: 3, message: 'Group not found: Invalid channel target' };

for (const dialect of DIALECTS) {
  describe(`group chat membership (${dialect})`, () => {
    let server: TestServer;
    let client: Client;
    const sockets: Socket[] = [];
    before(async () => {
      server = await startTestServer(dialect);
      client = server.client();
    });
    after(async () => {
      for (const socket of sockets) socket.disconnect(false);
      await server?.stop();
    });

    const user = async (): Promise<{ session: Session; socket: Socket }> => {
      const session = await client.authenticateDevice(`device-${randomUUID()}`);
      const socket = await nakamaSocket(server, session);
      sockets.push(socket);
      return { session, socket };
    };

    it('lets members chat and refuses strangers, join requests and the banned', async () => {
      const owner = await user();
      const member = await user();
      const stranger = await user();
      const requester = await user();
      const group = await client.createGroup(owner.session, { name: `chat-${randomUUID()}`, open: false });
      await client.addGroupUsers(owner.session, group.id!, [member.session.user_id!]);
      await client.joinGroup(requester.session, group.id!);

      const channel = await owner.socket.joinChat(group.id!, GROUP, true, false);
      assert.equal(channel.id, `3.${group.id}..`);
      assert.equal((channel as unknown as { group_id: string }).group_id, group.id);
      const memberChannel = await member.socket.joinChat(group.id!, GROUP, true, false);
      assert.equal(memberChannel.id, channel.id);
      await member.socket.writeChatMessage(channel.id, { hello: 'group' });
      const history = await client.listChannelMessages(owner.session, channel.id, 10);
      // The member's addition is in the history before their message.
      assert.deepEqual(history.messages!.map((m) => [m.code, m.content]), [[4, {}], [0, { hello: 'group' }]]);

      await assert.rejects(stranger.socket.joinChat(group.id!, GROUP, true, false), NOT_FOUND);
      await assert.rejects(requester.socket.joinChat(group.id!, GROUP, true, false), NOT_FOUND);
      assert.deepEqual(await errorOf(client.listChannelMessages(stranger.session, channel.id, 10)), { status: 400, code: 3, message: 'Group not found.' });

      // Accepted, the requester may chat; banned, nobody gets back in.
      await client.addGroupUsers(owner.session, group.id!, [requester.session.user_id!]);
      await requester.socket.joinChat(group.id!, GROUP, true, false);
      await client.banGroupUsers(owner.session, group.id!, [requester.session.user_id!]);
      await assert.rejects(requester.socket.joinChat(group.id!, GROUP, true, false), NOT_FOUND);
    });

    it('writes membership events to the group channel and its history with Nakama’s codes', async () => {
      const owner = await user();
      const [a, b, c] = [await user(), await user(), await user()];
      const group = await client.createGroup(owner.session, { name: `events-${randomUUID()}`, open: true });
      const channel = await owner.socket.joinChat(group.id!, GROUP, true, false);
      const seen: Array<[number, string]> = [];
      owner.socket.onchannelmessage = (m) => seen.push([m.code!, m.username!]);
      await client.joinGroup(a.session, group.id!);
      await client.addGroupUsers(owner.session, group.id!, [b.session.user_id!]);
      await client.promoteGroupUsers(owner.session, group.id!, [a.session.user_id!]);
      await client.demoteGroupUsers(owner.session, group.id!, [a.session.user_id!]);
      await client.kickGroupUsers(owner.session, group.id!, [b.session.user_id!]);
      await client.joinGroup(c.session, group.id!);
      await client.banGroupUsers(owner.session, group.id!, [c.session.user_id!]);
      await client.leaveGroup(a.session, group.id!);
      const expected: Array<[number, string]> = [
        [3, a.session.username!],
        [4, b.session.username!],
        [7, a.session.username!],
        [9, a.session.username!],
        [6, b.session.username!],
        [3, c.session.username!],
        [8, c.session.username!],
        [5, a.session.username!],
      ];
      const history = await client.listChannelMessages(owner.session, channel.id, 20, true);
      assert.deepEqual(history.messages!.map((m) => [m.code, m.username]), expected);
      assert.ok(history.messages!.every((m) => m.group_id === group.id && JSON.stringify(m.content) === '{}'));
      // Every event was pushed live too, before the operation answered.
      await owner.socket.writeChatMessage(channel.id, { flush: true });
      assert.deepEqual(seen.slice(0, expected.length), expected);
    });

    it('removes a kicked member from the channel and everyone leaves when the group is deleted', async () => {
      const owner = await user();
      const member = await user();
      const group = await client.createGroup(owner.session, { name: `kick-${randomUUID()}`, open: true });
      await client.joinGroup(member.session, group.id!);
      const channel = await owner.socket.joinChat(group.id!, GROUP, false, false);
      const joined = nextEvent<ChannelPresenceEvent>((resolve) => (owner.socket.onchannelpresence = resolve));
      await member.socket.joinChat(group.id!, GROUP, false, false);
      assert.deepEqual((await joined).joins!.map((p) => p.user_id), [member.session.user_id]);

      const left = nextEvent<ChannelPresenceEvent>((resolve) => (owner.socket.onchannelpresence = resolve));
      await client.kickGroupUsers(owner.session, group.id!, [member.session.user_id!]);
      assert.deepEqual((await left).leaves!.map((p) => p.user_id), [member.session.user_id]);
      await assert.rejects(member.socket.writeChatMessage(channel.id, { after: 'kick' }), { code: 3, message: 'Must join channel before sending messages' });
      await assert.rejects(member.socket.joinChat(group.id!, GROUP, false, false), NOT_FOUND);

      await client.deleteGroup(owner.session, group.id!);
      await assert.rejects(owner.socket.writeChatMessage(channel.id, { after: 'delete' }), { code: 3, message: 'Must join channel before sending messages' });
      await assert.rejects(owner.socket.joinChat(group.id!, GROUP, false, false), NOT_FOUND);
    });
  });
}
