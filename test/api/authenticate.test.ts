import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DIALECTS } from '../support/databases.js';
import { errorOf, startTestServer, type TestServer } from '../support/server.js';

const deviceId = () => `device-${randomUUID()}`;

for (const dialect of DIALECTS) {
  describe(`authenticate (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(dialect);
    });
    after(async () => {
      await server?.stop();
    });

    it('creates a device account, then logs the same device back in', async () => {
      const client = server.client();
      const id = deviceId();
      const first = await client.authenticateDevice(id, true, undefined, { level: 'one' });
      assert.equal(first.created, true);
      assert.match(first.user_id!, /^[0-9a-f-]{36}$/);
      assert.match(first.username!, /^[A-Za-z]{10}$/);
      assert.deepEqual(first.vars, { level: 'one' });
      assert.ok(first.expires_at! - Date.now() / 1000 > 7000, 'token lifetime follows session.token_expiry_sec');
      assert.ok(first.refresh_expires_at! > first.expires_at!);
      const second = await client.authenticateDevice(id);
      assert.equal(second.created, false);
      assert.equal(second.user_id, first.user_id);
      assert.equal(second.username, first.username);
    });

    it('honours create=false and the username parameter', async () => {
      const client = server.client();
      const missing = await errorOf(client.authenticateDevice(deviceId(), false));
      assert.deepEqual(missing, { status: 404, code: 5, message: 'User account not found.' });
      const name = `player_${randomUUID().slice(0, 8)}`;
      const session = await client.authenticateDevice(deviceId(), true, name);
      assert.equal(session.username, name);
      const taken = await errorOf(client.authenticateDevice(deviceId(), true, name));
      assert.deepEqual(taken, { status: 409, code: 6, message: 'Username is already in use.' });
    });

    it('applies Nakama validation to device ids and usernames', async () => {
      const client = server.client();
      assert.deepEqual(await errorOf(client.authenticateDevice('short')), {
        status: 400, code: 3, message: 'Device ID invalid, must be 10-128 bytes.',
      });
      assert.deepEqual(await errorOf(client.authenticateDevice('x'.repeat(129))), {
        status: 400, code: 3, message: 'Device ID invalid, must be 10-128 bytes.',
      });
      assert.deepEqual(await errorOf(client.authenticateDevice('has a space in it')), {
        status: 400, code: 3, message: 'Device ID invalid, no spaces or control characters allowed.',
      });
      assert.deepEqual(await errorOf(client.authenticateDevice('')), { status: 400, code: 3, message: 'Device ID is required.' });
      assert.deepEqual(await errorOf(client.authenticateDevice(deviceId(), true, 'bad name')), {
        status: 400, code: 3, message: 'Username invalid, no spaces or control characters allowed.',
      });
      assert.deepEqual(await errorOf(client.authenticateDevice(deviceId(), true, 'n'.repeat(129))), {
        status: 400, code: 3, message: 'Username invalid, must be 1-128 bytes.',
      });
      // 128 bytes is the inclusive upper bound.
      const longest = await client.authenticateDevice('d'.repeat(128));
      assert.equal(longest.created, true);
    });

    it('authenticates custom ids with their 6-128 byte rule', async () => {
      const client = server.client();
      const id = `custom-${randomUUID()}`;
      const session = await client.authenticateCustom(id);
      assert.equal(session.created, true);
      assert.equal((await client.authenticateCustom(id)).user_id, session.user_id);
      assert.deepEqual(await errorOf(client.authenticateCustom('abc')), {
        status: 400, code: 3, message: 'Custom ID invalid, must be 6-128 bytes.',
      });
      assert.deepEqual(await errorOf(client.authenticateCustom(`custom-${randomUUID()}`, false)), {
        status: 404, code: 5, message: 'User account not found.',
      });
    });

    it('creates email accounts, checks passwords, and logs in by username', async () => {
      const client = server.client();
      const email = `Player.${randomUUID()}@Example.com`;
      const name = `mail_${randomUUID().slice(0, 8)}`;
      const created = await client.authenticateEmail(email, 'correct horse', true, name);
      assert.equal(created.created, true);
      // Emails are case-insensitive: Nakama stores them lower-cased.
      const again = await client.authenticateEmail(email.toLowerCase(), 'correct horse');
      assert.equal(again.user_id, created.user_id);
      assert.equal(again.created, false);
      assert.deepEqual(await errorOf(client.authenticateEmail(email, 'wrong password')), {
        status: 401, code: 16, message: 'Invalid credentials.',
      });
      const byName = await client.authenticateEmail('', 'correct horse', false, name);
      assert.equal(byName.user_id, created.user_id);
      assert.deepEqual(await errorOf(client.authenticateEmail('', 'correct horse', false, `nobody_${randomUUID().slice(0, 8)}`)), {
        status: 404, code: 5, message: 'User account not found.',
      });
    });

    it('rejects bad emails and short passwords', async () => {
      const client = server.client();
      assert.deepEqual(await errorOf(client.authenticateEmail('not-an-email', 'password123')), {
        status: 400, code: 3, message: 'Invalid email address format.',
      });
      assert.deepEqual(await errorOf(client.authenticateEmail('a@b.co', 'password123')), {
        status: 400, code: 3, message: 'Invalid email address, must be 10-255 bytes.',
      });
      assert.deepEqual(await errorOf(client.authenticateEmail(`p${randomUUID()}@example.com`, 'short')), {
        status: 400, code: 3, message: 'Password must be at least 8 characters long.',
      });
      assert.deepEqual(await errorOf(client.authenticateEmail(`p${randomUUID()}@example.com`, '')), {
        status: 400, code: 3, message: 'Email address and password is required.',
      });
      assert.deepEqual(await errorOf(client.authenticateEmail(`has space${randomUUID()}@example.com`, 'password123')), {
        status: 400, code: 3, message: 'Invalid email address, no spaces or control characters allowed.',
      });
    });

    it('requires the right server key', async () => {
      const wrong = server.client({ serverKey: 'not-the-key' });
      assert.deepEqual(await errorOf(wrong.authenticateDevice(deviceId())), { status: 401, code: 16, message: 'Server key invalid' });
      const res = await fetch(`${server.baseUrl}/v2/account/authenticate/device`, { method: 'POST', body: JSON.stringify({ id: deviceId() }) });
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('www-authenticate'), 'Server key required');
      assert.deepEqual(await res.json(), { code: 16, message: 'Server key required' });
    });

    it('gives each concurrent first login of one device the same account', async () => {
      const client = server.client();
      const id = deviceId();
      const sessions = await Promise.all(Array.from({ length: 16 }, () => client.authenticateDevice(id)));
      assert.equal(new Set(sessions.map((s) => s.user_id)).size, 1);
      assert.equal(sessions.filter((s) => s.created).length, 1);
    });
  });
}
