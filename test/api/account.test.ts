import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DIALECTS } from '../support/databases.js';
import { errorOf, startTestServer, type TestServer } from '../support/server.js';

const deviceId = () => `device-${randomUUID()}`;

for (const dialect of DIALECTS) {
  describe(`accounts and users (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(dialect);
    });
    after(async () => {
      await server?.stop();
    });

    it('returns the account in Nakama shape', async () => {
      const client = server.client();
      const id = deviceId();
      const session = await client.authenticateDevice(id);
      const account = await client.getAccount(session);
      assert.equal(account.user!.id, session.user_id);
      assert.equal(account.user!.username, session.username);
      assert.equal(account.user!.lang_tag, 'en');
      assert.equal(account.user!.metadata, '{}');
      assert.equal(account.wallet, '{}');
      assert.deepEqual(account.devices, [{ id }]);
      assert.match(account.user!.create_time!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
      // Zero values are omitted, as protojson does.
      assert.equal(account.user!.online, undefined);
      assert.equal(account.user!.edge_count, undefined);
      assert.equal(account.email, undefined);
      assert.equal(account.custom_id, undefined);
      assert.equal(account.verify_time, undefined);
    });

    it('updates only the fields given and enforces unique usernames', async () => {
      const client = server.client();
      const session = await client.authenticateDevice(deviceId());
      const other = await client.authenticateDevice(deviceId());
      const name = `renamed_${randomUUID().slice(0, 8)}`;
      assert.equal(await client.updateAccount(session, { username: name, display_name: 'Ace', lang_tag: 'fr', location: 'Lyon', timezone: 'Europe/Paris', avatar_url: 'https://x/a.png' }), true);
      await client.updateAccount(session, { display_name: 'Ace 2' });
      const account = await client.getAccount(session);
      assert.equal(account.user!.username, name);
      assert.equal(account.user!.display_name, 'Ace 2');
      assert.equal(account.user!.lang_tag, 'fr');
      assert.equal(account.user!.location, 'Lyon');
      assert.equal(account.user!.timezone, 'Europe/Paris');
      assert.equal(account.user!.avatar_url, 'https://x/a.png');
      assert.deepEqual(await errorOf(client.updateAccount(other, { username: name })), { status: 409, code: 6, message: 'Username is already in use.' });
      assert.deepEqual(await errorOf(client.updateAccount(other, { username: '' })), { status: 400, code: 3, message: 'Username invalid, must be 1-128 bytes.' });
      // camelCase input is accepted too, as protojson does.
      const res = await fetch(`${server.baseUrl}/v2/account`, { method: 'PUT', headers: { authorization: `Bearer ${other.token}` }, body: JSON.stringify({ displayName: 'Camel' }) });
      assert.equal(res.status, 200);
      assert.equal((await client.getAccount(other)).user!.display_name, 'Camel');
    });

    it('gets users by ids and usernames, skipping unknown ones', async () => {
      const client = server.client();
      const a = await client.authenticateDevice(deviceId());
      const b = await client.authenticateDevice(deviceId());
      const found = await client.getUsers(a, [a.user_id!, randomUUID()], [b.username!, 'nobody-here']);
      assert.deepEqual(found.users!.map((u) => u.id).sort(), [a.user_id, b.user_id].sort());
      assert.deepEqual(await client.getUsers(a), { users: [] });
      assert.deepEqual(await errorOf(client.getUsers(a, ['not-a-uuid'])), { status: 400, code: 3, message: "ID 'not-a-uuid' is not a valid system ID." });
      // The system user is never returned.
      assert.deepEqual(await client.getUsers(a, ['00000000-0000-0000-0000-000000000000']), { users: [] });
    });

    it('deletes the account and ends its sessions', async () => {
      const client = server.client();
      const id = deviceId();
      const session = await client.authenticateDevice(id);
      assert.equal(await client.deleteAccount(session), true);
      assert.equal((await errorOf(client.getAccount(session))).status, 401);
      assert.deepEqual(await errorOf(client.authenticateDevice(id, false)), { status: 404, code: 5, message: 'User account not found.' });
      const fresh = await client.authenticateDevice(id);
      assert.equal(fresh.created, true);
      assert.notEqual(fresh.user_id, session.user_id);
    });
  });

  describe(`link and unlink (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(dialect);
    });
    after(async () => {
      await server?.stop();
    });

    it('links device, custom and email, then logs in with each', async () => {
      const client = server.client();
      const session = await client.authenticateDevice(deviceId());
      const device2 = deviceId();
      const custom = `custom-${randomUUID()}`;
      const email = `link-${randomUUID()}@example.com`;
      await client.linkDevice(session, { id: device2 });
      await client.linkCustom(session, { id: custom });
      await client.linkEmail(session, { email, password: 'linked-password' });
      // Linking what the account already holds is a no-op.
      await client.linkDevice(session, { id: device2 });
      const account = await client.getAccount(session);
      assert.equal(account.devices!.length, 2);
      assert.equal(account.custom_id, custom);
      assert.equal(account.email, email);
      for (const s of [await client.authenticateDevice(device2, false), await client.authenticateCustom(custom, false), await client.authenticateEmail(email, 'linked-password', false)]) {
        assert.equal(s.user_id, session.user_id);
      }
    });

    it('refuses identities held by another account', async () => {
      const client = server.client();
      const holderDevice = deviceId();
      const holder = await client.authenticateDevice(holderDevice);
      const custom = `custom-${randomUUID()}`;
      const email = `held-${randomUUID()}@example.com`;
      await client.linkCustom(holder, { id: custom });
      await client.linkEmail(holder, { email, password: 'password-1' });
      const other = await client.authenticateDevice(deviceId());
      assert.deepEqual(await errorOf(client.linkDevice(other, { id: holderDevice })), { status: 409, code: 6, message: 'Device ID already in use.' });
      assert.deepEqual(await errorOf(client.linkCustom(other, { id: custom })), { status: 409, code: 6, message: 'Custom ID is already in use.' });
      assert.deepEqual(await errorOf(client.linkEmail(other, { email, password: 'password-2' })), { status: 409, code: 6, message: 'Email is already in use.' });
      assert.deepEqual(await errorOf(client.linkDevice(other, { id: 'tiny' })), { status: 400, code: 3, message: 'Device ID invalid, must be 10-128 bytes.' });
      assert.deepEqual(await errorOf(client.linkEmail(other, { email: `x${randomUUID()}@example.com`, password: 'short' })), {
        status: 400, code: 3, message: 'Password must be at least 8 characters long.',
      });
    });

    it('unlinks identities but never the last way in', async () => {
      const client = server.client();
      const device = deviceId();
      const session = await client.authenticateDevice(device);
      const custom = `custom-${randomUUID()}`;
      const email = `unlink-${randomUUID()}@example.com`;
      await client.linkCustom(session, { id: custom });
      await client.linkEmail(session, { email, password: 'password-1' });
      await client.unlinkDevice(session, { id: device });
      await client.unlinkEmail(session, { email, password: 'anything-at-all' });
      const last = await errorOf(client.unlinkCustom(session, { id: custom }));
      assert.deepEqual(last, { status: 403, code: 7, message: 'Cannot unlink last account identifier. Check profile exists and is not last link.' });
      // Unlinking something the account does not hold is refused the same way.
      assert.equal((await errorOf(client.unlinkDevice(session, { id: deviceId() }))).status, 403);
      assert.deepEqual(await errorOf(client.unlinkDevice(session, {})), { status: 400, code: 3, message: 'A device ID must be supplied.' });
      const account = await client.getAccount(session);
      assert.equal(account.devices, undefined);
      assert.equal(account.email, undefined);
      assert.equal(account.custom_id, custom);
      assert.deepEqual(await errorOf(client.authenticateEmail(email, 'password-1', false)), { status: 404, code: 5, message: 'User account not found.' });
    });
  });
}
