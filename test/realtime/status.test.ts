import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { StatusPresenceEvent } from '@heroiclabs/nakama-js';
import { DIALECTS } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { nakamaSocket, nextEvent } from '../support/sockets.js';

const deviceId = () => `device-${randomUUID()}`;

for (const dialect of DIALECTS) {
  describe(`status (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(dialect);
    });
    after(async () => {
      await server?.stop();
    });

    it('follows by id and username, and tells followers of status changes and disconnects', async () => {
      const client = server.client();
      const alice = await client.authenticateDevice(deviceId());
      const bob = await client.authenticateDevice(deviceId());
      const carol = await client.authenticateDevice(deviceId());
      const aliceSocket = await nakamaSocket(server, alice, true);
      const bobSocket = await nakamaSocket(server, bob);
      const carolSocket = await nakamaSocket(server, carol);

      const status = await bobSocket.followUsers([alice.user_id!]);
      assert.equal(status.presences.length, 1);
      assert.equal(status.presences[0]!.user_id, alice.user_id);
      assert.equal(status.presences[0]!.username, alice.username);
      assert.equal((status.presences[0] as { status?: string }).status, '');
      // Carol follows by username through the raw envelope the protocol allows.
      const carolStatus = (await (carolSocket as any).send({ status_follow: { usernames: [alice.username] } })).status;
      assert.equal(carolStatus.presences.length, 1);

      const bobSees = nextEvent<StatusPresenceEvent>((resolve) => (bobSocket.onstatuspresence = resolve));
      await aliceSocket.updateStatus('in a match');
      const changed = await bobSees;
      assert.equal(changed.joins[0]!.user_id, alice.user_id);
      assert.equal((changed.joins[0] as { status?: string }).status, 'in a match');
      assert.equal((changed.leaves[0] as { status?: string }).status, '');

      const users = await client.getUsers(bob, [alice.user_id!]);
      assert.equal(users.users![0]!.online, true);

      const bobSeesLeave = nextEvent<StatusPresenceEvent>((resolve) => (bobSocket.onstatuspresence = resolve));
      aliceSocket.disconnect(false);
      const left = await bobSeesLeave;
      assert.deepEqual(left.joins ?? [], []);
      assert.equal(left.leaves[0]!.user_id, alice.user_id);
      assert.equal((await client.getUsers(bob, [alice.user_id!])).users![0]!.online, undefined);
      bobSocket.disconnect(false);
      carolSocket.disconnect(false);
    });

    it('appears offline on an empty status update, and stops events after unfollow', async () => {
      const client = server.client();
      const alice = await client.authenticateDevice(deviceId());
      const bob = await client.authenticateDevice(deviceId());
      const aliceSocket = await nakamaSocket(server, alice);
      const bobSocket = await nakamaSocket(server, bob);
      assert.deepEqual((await bobSocket.followUsers([alice.user_id!])).presences ?? [], [], 'not online until a status is set');

      let seen = nextEvent<StatusPresenceEvent>((resolve) => (bobSocket.onstatuspresence = resolve));
      await aliceSocket.updateStatus('lobby');
      assert.equal((await seen).joins.length, 1);
      seen = nextEvent<StatusPresenceEvent>((resolve) => (bobSocket.onstatuspresence = resolve));
      await aliceSocket.updateStatus();
      const offline = await seen;
      assert.equal((offline.leaves[0] as { status?: string }).status, 'lobby');

      await bobSocket.unfollowUsers([alice.user_id!]);
      let late = false;
      bobSocket.onstatuspresence = () => (late = true);
      await aliceSocket.updateStatus('back');
      // A round trip on Bob's own socket orders after any event the server would have sent him.
      await bobSocket.followUsers([]);
      assert.equal(late, false);
      aliceSocket.disconnect(false);
      bobSocket.disconnect(false);
    });

    it('rejects bad input with BAD_INPUT and keeps the socket', async () => {
      const client = server.client();
      const s = await client.authenticateDevice(deviceId());
      const socket = await nakamaSocket(server, s);
      await assert.rejects(socket.followUsers(['not-a-uuid']), { code: 3, message: 'Invalid user identifier' });
      await assert.rejects(socket.updateStatus('x'.repeat(2049)), { code: 3, message: 'Status must be 2048 characters or less.' });
      assert.deepEqual((await socket.followUsers([randomUUID()])).presences ?? [], []);
      socket.disconnect(false);
    });
  });
}
