import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { Session } from '@heroiclabs/nakama-js';
import { DIALECTS } from '../support/databases.js';
import { errorOf, serverKeyAuth, startTestServer, type TestServer } from '../support/server.js';

const deviceId = () => `device-${randomUUID()}`;

function decodeClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

function forge(claims: object, key: string): string {
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const sig = createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${sig}`;
}

for (const dialect of DIALECTS) {
  describe(`sessions (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(dialect);
    });
    after(async () => {
      await server?.stop();
    });

    it('issues HS256 tokens with Nakama claims', async () => {
      const session = await server.client().authenticateDevice(deviceId(), true, undefined, { a: 'b' });
      const header = JSON.parse(Buffer.from(session.token.split('.')[0]!, 'base64url').toString('utf8'));
      assert.deepEqual(header, { alg: 'HS256', typ: 'JWT' });
      const claims = decodeClaims(session.token);
      assert.deepEqual(Object.keys(claims).sort(), ['exp', 'iat', 'tid', 'uid', 'usn', 'vrs']);
      assert.equal(claims.uid, session.user_id);
      assert.equal(claims.usn, session.username);
      assert.deepEqual(claims.vrs, { a: 'b' });
      const refresh = decodeClaims(session.refresh_token);
      assert.equal(refresh.tid, claims.tid);
      assert.ok((refresh.exp as number) > (claims.exp as number));
    });

    it('refreshes keeping tid and iat, replacing vars only when given', async () => {
      const client = server.client();
      const session = await client.authenticateDevice(deviceId(), true, undefined, { v: '1' });
      const before = decodeClaims(session.token);
      await new Promise((r) => setTimeout(r, 1100));
      const refreshed = await client.sessionRefresh(Session.restore(session.token, session.refresh_token));
      const afterClaims = decodeClaims(refreshed.token);
      assert.equal(afterClaims.tid, before.tid);
      assert.equal(afterClaims.iat, before.iat);
      assert.ok((afterClaims.exp as number) > (before.exp as number));
      assert.deepEqual(afterClaims.vrs, { v: '1' }, 'nakama-js sends vars: {} which keeps the old vars');
      const withVars = await client.sessionRefresh(Session.restore(session.token, session.refresh_token), { v: '2' });
      assert.deepEqual(decodeClaims(withVars.token).vrs, { v: '2' });
      const account = await client.getAccount(refreshed);
      assert.equal(account.user!.id, session.user_id);
    });

    it('rejects refresh with a session token, garbage, or nothing', async () => {
      const client = server.client();
      const session = await client.authenticateDevice(deviceId());
      const wrongKind = await errorOf(client.sessionRefresh(Session.restore(session.token, session.token)));
      assert.deepEqual(wrongKind, { status: 401, code: 16, message: 'Refresh token invalid or expired.' });
      const res = await fetch(`${server.baseUrl}/v2/account/session/refresh`, {
        method: 'POST', headers: { authorization: serverKeyAuth() }, body: JSON.stringify({ token: '' }),
      });
      assert.equal(res.status, 400);
      assert.deepEqual(await res.json(), { code: 3, message: 'Refresh token is required.' });
    });

    it('rejects forged, expired and malformed bearer tokens', async () => {
      const client = server.client();
      const session = await client.authenticateDevice(deviceId());
      const claims = decodeClaims(session.token);
      const now = Math.floor(Date.now() / 1000);
      const cases: [string, string][] = [
        ['forged with another key', forge({ ...claims }, 'not-the-server-key')],
        ['expired', forge({ ...claims, exp: now - 10 }, 'defaultencryptionkey')],
        ['tampered payload', session.token.replace(/\.[^.]+\./, `.${Buffer.from(JSON.stringify({ ...claims, uid: randomUUID() })).toString('base64url')}.`)],
        ['alg none', `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${session.token.split('.')[1]}.`],
        ['not a jwt', 'abc.def'],
      ];
      for (const [label, token] of cases) {
        // Raw requests: nakama-js itself refuses to hold some of these tokens.
        const res = await fetch(`${server.baseUrl}/v2/account`, { headers: { authorization: `Bearer ${token}` } });
        assert.equal(res.status, 401, label);
        assert.deepEqual(await res.json(), { code: 16, message: 'Auth token invalid' }, label);
      }
      assert.equal((await client.getAccount(session)).user!.id, session.user_id, 'the genuine token still works');
      const res = await fetch(`${server.baseUrl}/v2/account`);
      assert.equal(res.status, 401);
      assert.deepEqual(await res.json(), { code: 16, message: 'Auth token required' });
    });

    it('logs out one session by its tokens, leaving the others', async () => {
      const client = server.client();
      const id = deviceId();
      const a = await client.authenticateDevice(id);
      const b = await client.authenticateDevice(id);
      assert.equal(await client.sessionLogout(a, a.token, a.refresh_token), true);
      assert.deepEqual(await errorOf(client.getAccount(a)), { status: 401, code: 16, message: 'Auth token invalid' });
      assert.deepEqual(await errorOf(client.sessionRefresh(Session.restore(a.token, a.refresh_token))), {
        status: 401, code: 16, message: 'Refresh token invalid or expired.',
      });
      assert.equal((await client.getAccount(b)).user!.id, b.user_id);
    });

    it('logs out every session when no token is named, but allows a new login right after', async () => {
      const client = server.client();
      const id = deviceId();
      const a = await client.authenticateDevice(id);
      const b = await client.authenticateDevice(id);
      const res = await fetch(`${server.baseUrl}/v2/session/logout`, {
        method: 'POST', headers: { authorization: `Bearer ${a.token}` }, body: '{}',
      });
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), {});
      for (const s of [a, b]) assert.equal((await errorOf(client.getAccount(s))).status, 401);
      const c = await client.authenticateDevice(id);
      assert.equal((await client.getAccount(c)).user!.id, a.user_id);
    });

    it('refuses to log out tokens that belong to someone else', async () => {
      const client = server.client();
      const mine = await client.authenticateDevice(deviceId());
      const theirs = await client.authenticateDevice(deviceId());
      assert.deepEqual(await errorOf(client.sessionLogout(mine, theirs.token, '')), {
        status: 400, code: 3, message: 'Session token invalid.',
      });
      assert.deepEqual(await errorOf(client.sessionLogout(mine, '', theirs.refresh_token)), {
        status: 400, code: 3, message: 'Refresh token invalid.',
      });
      assert.equal((await client.getAccount(theirs)).user!.id, theirs.user_id);
    });

    it('keeps logouts across a restart', async () => {
      const restartable = await startTestServer(dialect);
      try {
        const client = restartable.client();
        const s = await client.authenticateDevice(deviceId());
        await client.sessionLogout(s, s.token, s.refresh_token);
        await restartable.outpost.stop();
        const { createOutpost } = await import('../../server/main.js');
        const { loadConfig } = await import('../../server/config/load.js');
        const again = await createOutpost(
          loadConfig({
            argv: ['--data_dir', restartable.db.dataDir, '--database.address', restartable.db.address, '--socket.port', String(restartable.port),
              '--socket.address', '127.0.0.1', '--socket.server_key', 'test-server-key', '--logger.level', 'error'],
            env: {},
          }),
        );
        await again.start();
        try {
          assert.equal((await errorOf(client.getAccount(s))).status, 401);
        } finally {
          await again.stop();
        }
      } finally {
        await restartable.db.drop();
      }
    });
  });
}
