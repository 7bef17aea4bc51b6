import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { WebSocket } from 'ws';
import { DIALECTS } from '../support/databases.js';
import { errorOf, startTestServer, type TestServer } from '../support/server.js';
import { nakamaSocket, nextEvent } from '../support/sockets.js';
import { freePort } from '../support/process.js';
import { CONSOLE_FLAGS, CONSOLE_PASSWORD, CONSOLE_USER, consoleCall, consoleLogin, eventually } from '../support/console.js';

const basic = (user: string, password: string) => 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');

for (const dialect of DIALECTS) {
  describe(`console API (${dialect})`, () => {
    let server: TestServer;
    let auth: string;
    before(async () => {
      server = await startTestServer(dialect, CONSOLE_FLAGS);
      auth = await consoleLogin(server);
    });
    after(async () => {
      await server?.stop();
    });
    const call = (method: string, path: string, body?: unknown) => consoleCall(server, method, path, { auth, body });

    it('refuses every endpoint but the login without a valid admin token', async () => {
      const routes = server.outpost.console.routes.filter((r) => r.auth !== 'none');
      assert.ok(routes.length >= 20, `expected the whole table, got ${routes.length} routes`);
      const expired = auth.replace(/\.[^.]+$/, '.AAAA');
      for (const route of routes) {
        const path = '/v2/console' + route.path.replace(/\{[^}]+\}/g, randomUUID());
        for (const header of [undefined, expired, 'Bearer nonsense', `Bearer ${server.outpost.config.socket.server_key}`]) {
          const reply = await consoleCall(server, route.method, path, { auth: header, body: route.method === 'GET' || route.method === 'DELETE' ? undefined : {} });
          assert.equal(reply.status, 401, `${route.method} ${route.path} with ${header ?? 'no header'}`);
          assert.equal(reply.body.code, 16);
        }
      }
      // A client session token is not a console token.
      const session = await server.client().authenticateDevice(`dev-${randomUUID()}`);
      assert.equal((await consoleCall(server, 'GET', '/v2/console/status', { auth: `Bearer ${session.token}` })).status, 401);
      assert.equal((await consoleCall(server, 'GET', '/metrics')).status, 401);
      assert.equal((await consoleCall(server, 'GET', '/v2/console/authenticate/check', { auth })).body.username, CONSOLE_USER);
      assert.equal((await consoleCall(server, 'GET', '/v2/console/status', { auth: basic(CONSOLE_USER, CONSOLE_PASSWORD) })).status, 200);
    });

    it('rejects a wrong password or username with the same answer', async () => {
      for (const [username, password] of [[CONSOLE_USER, 'wrong'], ['root', CONSOLE_PASSWORD], [CONSOLE_USER, '']]) {
        const reply = await consoleCall(server, 'POST', '/v2/console/authenticate', { body: { username, password } });
        if (password === '') {
          assert.equal(reply.status, 400);
          continue;
        }
        assert.deepEqual([reply.status, reply.body], [401, { code: 16, message: 'Invalid credentials.' }]);
      }
      assert.equal((await consoleCall(server, 'POST', '/v2/console/authenticate', { body: '[]' as unknown })).status, 400);
      // Failures were below the lockout threshold, so the right password still works.
      assert.match(await consoleLogin(server), /^Bearer /);
    });

    it('shows sessions rising as nakama-js sockets connect, over GET and the live socket', async () => {
      const before = (await call('GET', '/v2/console/status')).body.status.sessions as number;
      const ws = new WebSocket(`${server.outpost.addresses().console.replace('http', 'ws')}/v2/console/ws?token=${auth.slice(7)}`);
      const seen: number[] = [];
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data));
        if (msg.type === 'status') seen.push(msg.status.sessions);
      });
      await new Promise((r) => ws.once('open', r));
      const client = server.client();
      const sockets = [];
      for (let i = 0; i < 3; i++) sockets.push(await nakamaSocket(server, await client.authenticateDevice(`dev-${randomUUID()}`)));
      const status = await eventually(() => call('GET', '/v2/console/status'), (r) => r.body.status.sessions >= before + 3);
      assert.equal(status.body.status.sessions, before + 3);
      assert.ok(status.body.status.rssBytes > 0);
      assert.ok(status.body.status.operations.some((o: { name: string; total: number }) => o.name === 'AuthenticateDevice' && o.total >= 3));
      await eventually(async () => seen, (s) => s.includes(before + 3));
      assert.ok(seen.includes(before + 3), `socket saw ${seen.join(',')}`);
      ws.close();
      for (const s of sockets) s.disconnect(false);

      const denied = new WebSocket(`${server.outpost.addresses().console.replace('http', 'ws')}/v2/console/ws?token=bad`);
      const code = await new Promise<number>((resolve) => denied.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
      assert.equal(code, 401);

      const metrics = await call('GET', '/metrics');
      assert.equal(metrics.status, 200);
      assert.match(metrics.body, /^outpost_sessions \d+$/m);
      assert.match(metrics.body, /outpost_api_requests_total\{operation="AuthenticateDevice"\} \d+/);
      assert.match(metrics.body, /outpost_api_request_duration_seconds_bucket\{le="0.005",operation="AuthenticateDevice"\}/);
      assert.match(metrics.body, /outpost_event_loop_lag_seconds/);
    });

    it('finds a player by id, username prefix and device, shows the account, bans, unbans, unlinks and deletes', async () => {
      const tag = randomUUID().slice(0, 8);
      const device = `dev-${randomUUID()}`;
      const client = server.client();
      const session = await client.authenticateDevice(device, true, `find_${tag}`);
      await client.linkDevice(session, { id: `second-${device}` });
      const id = session.user_id!;
      for (const q of [id, `FIND_${tag.toUpperCase()}`, device]) {
        const found = await call('GET', `/v2/console/account?q=${encodeURIComponent(q)}`);
        assert.deepEqual(found.body.users.map((u: { id: string }) => u.id), [id], `search ${q}`);
      }
      const page = await call('GET', '/v2/console/account?limit=1');
      assert.equal(page.body.users.length, 1);
      assert.ok(page.body.totalCount >= 2 && page.body.nextCursor !== '');
      assert.equal((await call('GET', '/v2/console/account?limit=0')).status, 400);

      const detail = await call('GET', `/v2/console/account/${id}`);
      assert.equal(detail.body.username, `find_${tag}`);
      assert.deepEqual([...detail.body.devices].sort(), [device, `second-${device}`].sort());
      assert.deepEqual(detail.body.wallet, {});
      assert.equal((await call('GET', `/v2/console/account/${randomUUID()}`)).status, 404);
      assert.equal((await call('GET', '/v2/console/account/not-a-uuid')).status, 400);

      const socket = await nakamaSocket(server, session);
      const closed = nextEvent<unknown>((resolve) => (socket.ondisconnect = resolve));
      assert.equal((await call('POST', `/v2/console/account/${id}/ban`)).status, 200);
      await closed;
      assert.ok((await call('GET', `/v2/console/account/${id}`)).body.disableTime > 0);
      const banned = await errorOf(client.authenticateDevice(device, false));
      assert.deepEqual([banned.status, banned.message], [403, 'User account banned.']);
      assert.equal((await errorOf(client.getAccount(session))).status, 401, 'the old session token is revoked');
      assert.equal((await call('POST', `/v2/console/account/${id}/unban`)).status, 200);
      const again = await client.authenticateDevice(device, false);
      assert.equal(again.user_id, id);

      assert.equal((await call('POST', `/v2/console/account/${id}/unlink/device`, { deviceId: `second-${device}` })).status, 200);
      assert.deepEqual((await call('GET', `/v2/console/account/${id}`)).body.devices, [device]);
      const last = await call('POST', `/v2/console/account/${id}/unlink/device`, { deviceId: device });
      assert.equal(last.status, 403, JSON.stringify(last.body));
      assert.equal((await call('POST', `/v2/console/account/${id}/unlink/custom`)).status, 400);
      assert.equal((await call('POST', `/v2/console/account/${id}/unlink/steam`)).status, 400);

      assert.equal((await call('DELETE', `/v2/console/account/${id}`)).status, 200);
      assert.equal((await call('GET', `/v2/console/account/${id}`)).status, 404);
      assert.equal((await call('DELETE', `/v2/console/account/${id}`)).status, 404);
    });

    it('lists relayed matches with their sizes and ends one', async () => {
      const client = server.client();
      const a = await nakamaSocket(server, await client.authenticateDevice(`dev-${randomUUID()}`));
      const b = await nakamaSocket(server, await client.authenticateDevice(`dev-${randomUUID()}`));
      const match = await a.createMatch();
      await b.joinMatch(match.match_id);
      const listed = await call('GET', '/v2/console/match');
      const row = listed.body.matches.find((m: { matchId: string }) => m.matchId === match.match_id);
      assert.deepEqual(row, { matchId: match.match_id, authoritative: false, label: '', size: 2, tickRate: 0, handlerName: '' });
      assert.equal((await call('GET', `/v2/console/match/${match.match_id}`)).body.presences.length, 2);
      assert.deepEqual((await call('DELETE', `/v2/console/match/${match.match_id}`)).body, { removed: 2 });
      const after = await call('GET', '/v2/console/match');
      assert.ok(!after.body.matches.some((m: { matchId: string }) => m.matchId === match.match_id));
      assert.equal((await call('DELETE', `/v2/console/match/${match.match_id}`)).status, 404);
      assert.equal((await call('DELETE', '/v2/console/match/garbage')).status, 404);
      a.disconnect(false);
      b.disconnect(false);
    });

    it('lists chat channels and messages and deletes a message', async () => {
      const client = server.client();
      const session = await client.authenticateDevice(`dev-${randomUUID()}`);
      const socket = await nakamaSocket(server, session);
      const room = `lobby-${randomUUID().slice(0, 6)}`;
      const channel = await socket.joinChat(room, 1, true, false);
      const ack1 = await socket.writeChatMessage(channel.id, { text: 'first' });
      const ack2 = await socket.writeChatMessage(channel.id, { text: 'second' });
      const channels = await call('GET', '/v2/console/channel');
      const row = channels.body.channels.find((c: { label: string }) => c.label === room);
      assert.equal(row.messageCount, 2);
      assert.equal(row.channelId, channel.id);
      const messages = await call('GET', `/v2/console/channel/${encodeURIComponent(channel.id)}/message?limit=1`);
      assert.deepEqual(messages.body.messages.map((m: { messageId: string }) => m.messageId), [ack2.message_id]);
      const older = await call('GET', `/v2/console/channel/${encodeURIComponent(channel.id)}/message?limit=1&cursor=${messages.body.nextCursor}`);
      assert.deepEqual(older.body.messages.map((m: { messageId: string }) => m.messageId), [ack1.message_id]);
      assert.equal((await call('DELETE', `/v2/console/message/${ack1.message_id}`)).status, 200);
      assert.equal((await call('DELETE', `/v2/console/message/${ack1.message_id}`)).status, 404);
      const left = await client.listChannelMessages(session, channel.id, 10, true);
      assert.deepEqual(left.messages?.map((m) => m.message_id), [ack2.message_id]);
      socket.disconnect(false);
    });

    it('sends a notification live and stored, lists and deletes it', async () => {
      const client = server.client();
      const session = await client.authenticateDevice(`dev-${randomUUID()}`);
      const socket = await nakamaSocket(server, session);
      const pushed = nextEvent<{ subject?: string; code?: number }>((resolve) => (socket.onnotification = resolve));
      const sent = await call('POST', '/v2/console/notification', { userIds: [session.user_id], subject: 'Maintenance', content: { at: '22:00' }, code: 7 });
      assert.deepEqual(sent.body, { sent: 1 });
      const live = await pushed;
      assert.deepEqual([live.subject, live.code], ['Maintenance', 7]);
      const listed = await call('GET', `/v2/console/notification?userId=${session.user_id}`);
      assert.equal(listed.body.notifications.length, 1);
      assert.deepEqual(JSON.parse(listed.body.notifications[0].content), { at: '22:00' });
      assert.equal((await call('DELETE', `/v2/console/notification/${session.user_id}/${listed.body.notifications[0].id}`)).status, 200);
      assert.equal((await call('GET', `/v2/console/notification?userId=${session.user_id}`)).body.notifications.length, 0);
      assert.equal((await call('POST', '/v2/console/notification', { userIds: [randomUUID()], subject: 'x' })).status, 400);
      assert.equal((await call('POST', '/v2/console/notification', { userIds: [session.user_id], subject: 'x', code: 0 })).status, 400);
      assert.equal((await call('POST', '/v2/console/notification', { userIds: [], subject: 'x' })).status, 400);
      socket.disconnect(false);
    });

    it('shows every config key with its source, masks secrets, warns on insecure defaults and edits live keys', async () => {
      const config = await call('GET', '/v2/console/config');
      const key = (k: string) => config.body.keys.find((x: { key: string }) => x.key === k);
      assert.equal(key('socket.server_key').source, 'flag');
      assert.equal(key('socket.server_key').value, '********');
      assert.equal(key('console.password').value, '********');
      assert.equal(key('session.encryption_key').insecure, true);
      assert.equal(key('session.encryption_key').value, 'defaultencryptionkey');
      assert.equal(key('matchmaker.max_tickets').source, 'default');
      assert.equal(key('logger.level').live, true);
      assert.equal(key('socket.port').live, false);
      assert.ok(config.body.warnings.some((w: string) => w.startsWith('session.encryption_key')));

      const changed = await call('PUT', '/v2/console/config/logger.level', { value: 'debug' });
      assert.deepEqual([changed.status, changed.body.value, changed.body.source], [200, 'debug', 'console']);
      assert.equal(server.outpost.config.logger.level, 'debug');
      const marker = `marker-${randomUUID()}`;
      server.outpost.logger.debug('a debug line', { marker });
      const logs = await call('GET', `/v2/console/logs?search=${marker}`);
      assert.deepEqual(logs.body.entries.map((e: { msg: string }) => e.msg), ['a debug line']);
      await call('PUT', '/v2/console/config/logger.level', { value: 'warn' });
      server.outpost.logger.info('an info line', { marker: `${marker}-2` });
      assert.deepEqual((await call('GET', `/v2/console/logs?search=${marker}-2`)).body.entries, []);
      assert.ok((await call('GET', '/v2/console/logs?level=warn')).body.entries.every((e: { level: string }) => e.level === 'warn' || e.level === 'error'));

      assert.equal((await call('PUT', '/v2/console/config/logger.level', { value: 'loud' })).status, 400);
      const restart = await call('PUT', '/v2/console/config/socket.port', { value: 7000 });
      assert.equal(restart.status, 400);
      assert.match(restart.body.message, /restart/);
      assert.equal((await call('PUT', '/v2/console/config/no.such_key', { value: 1 })).status, 404);
      assert.equal((await call('PUT', '/v2/console/config/session.token_expiry_sec', { value: '600' })).body.value, 600);
      assert.equal((await call('GET', '/v2/console/logs?level=verbose')).status, 400);
    });

    it('describes the server and backs up SQLite through storage', async () => {
      const info = await call('GET', '/v2/console/server');
      assert.equal(info.body.database.dialect, dialect);
      assert.ok(info.body.database.schemaVersion >= 3);
      assert.equal(info.body.version, '0.1.0');
      assert.equal(info.body.addresses.console, server.outpost.addresses().console);
      assert.ok(info.body.uptimeSec >= 0);
      const backup = await call('POST', '/v2/console/server/backup');
      if (dialect === 'sqlite') {
        assert.equal(backup.status, 200);
        assert.ok(existsSync(backup.body.file) && statSync(backup.body.file).size === backup.body.bytes);
        assert.ok(backup.body.file.startsWith(info.body.dataDir));
      } else {
        assert.deepEqual([backup.status, backup.body.code], [400, 9]);
      }
    });
  });
}

describe('console login lockout', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('sqlite', CONSOLE_FLAGS);
  });
  after(async () => {
    await server?.stop();
  });

  it('locks the username and address after five failures, even for the right password and Basic auth', async () => {
    for (let i = 0; i < 5; i++) {
      const reply = await consoleCall(server, 'POST', '/v2/console/authenticate', { body: { username: CONSOLE_USER, password: `guess-${i}` } });
      assert.equal(reply.status, 401);
    }
    const locked = await consoleCall(server, 'POST', '/v2/console/authenticate', { body: { username: CONSOLE_USER, password: CONSOLE_PASSWORD } });
    assert.deepEqual([locked.status, locked.body], [429, { code: 8, message: 'Try again later.' }]);
    assert.equal((await consoleCall(server, 'GET', '/v2/console/status', { auth: basic(CONSOLE_USER, CONSOLE_PASSWORD) })).status, 429);
    // The address is locked too, whatever name it tries next.
    assert.equal((await consoleCall(server, 'POST', '/v2/console/authenticate', { body: { username: 'someone', password: 'x' } })).status, 429);
  });
});

describe('Prometheus port', () => {
  it('serves the same metrics without auth on metrics.prometheus_port, and nothing else', async () => {
    const port = await freePort();
    const server = await startTestServer('sqlite', [...CONSOLE_FLAGS, '--metrics.prometheus_port', String(port)]);
    try {
      await server.client().authenticateDevice(`dev-${randomUUID()}`);
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      assert.equal(res.status, 200);
      const text = await res.text();
      assert.match(text, /^outpost_sessions 0$/m);
      assert.match(text, /outpost_api_requests_total\{operation="AuthenticateDevice"\} 1/);
      assert.match(text, /outpost_api_request_duration_seconds_count\{operation="AuthenticateDevice"\} 1/);
      assert.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 404);
      assert.equal(server.outpost.addresses().prometheus, `http://127.0.0.1:${port}/metrics`);
    } finally {
      await server.stop();
    }
  });
});
