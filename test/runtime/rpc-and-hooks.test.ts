import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import bcrypt from 'bcryptjs';
import { DIALECTS } from '../support/databases.js';
import { errorOf, startTestServer, type TestServer } from '../support/server.js';
import { nakamaSocket, nextEvent } from '../support/sockets.js';
import { TEST_MODULE, writeModule, type ModuleDir } from './module-fixture.js';

const HTTP_KEY = 'test-http-key';
const deviceId = () => `device-${randomUUID()}`;

for (const dialect of DIALECTS) {
  describe(`runtime RPCs, hooks and nk (${dialect})`, () => {
    let server: TestServer;
    let modules: ModuleDir;
    let echoServer: Server;
    let echoUrl: string;

    before(async () => {
      modules = await writeModule(TEST_MODULE, ['--runtime.env', 'GAME_MODE=ranked', '--runtime.http_key', HTTP_KEY, '--runtime.call_timeout_ms', '2500']);
      server = await startTestServer(dialect, modules.flags);
      echoServer = createServer((req, res) => res.end(`seen ${req.method} ${req.headers['x-test']}`));
      await new Promise<void>((r) => echoServer.listen(0, '127.0.0.1', r));
      echoUrl = `http://127.0.0.1:${(echoServer.address() as AddressInfo).port}/ping`;
    });
    after(async () => {
      await server?.stop();
      await modules?.remove();
      echoServer?.close();
    });

    const rpcUrl = (id: string, query = '') => `${server.baseUrl}/v2/rpc/${id}${query}`;

    it('lists what the module registered', () => {
      const names = server.outpost.runtime.registered();
      assert.ok(names.rpcs.includes('echo'), 'rpc ids are lower-cased as in Nakama');
      assert.deepEqual(names.before.sort(), ['GetUsers', 'UpdateAccount']);
      assert.deepEqual(names.after, ['GetAccount']);
      assert.deepEqual(names.rtBefore, ['StatusUpdate']);
      assert.deepEqual(names.rtAfter, ['ChannelJoin']);
      assert.deepEqual(names.callbacks, ['Event']);
    });

    it('runs an RPC over HTTP with a session: payload, ctx and env reach the module', async () => {
      const client = server.client();
      const session = await client.authenticateDevice(deviceId(), true, 'rpc-caller-' + dialect);
      const echo = await client.rpc(session, 'ECHO', { hello: 'world' });
      assert.deepEqual(echo.payload, { hello: 'world' });
      const who = (await client.rpc(session, 'whoami', { n: 1 })).payload as Record<string, unknown>;
      assert.equal(who.userId, session.user_id);
      assert.equal(who.username, 'rpc-caller-' + dialect);
      assert.equal(who.mode, 'rpc');
      assert.equal(who.env, 'ranked');
      assert.equal(who.payload, '{"n":1}');
      assert.equal(who.hasExp, true);
    });

    it('runs an RPC with the http_key: GET, no user, query parameters in ctx', async () => {
      const result = await server.client().rpcHttpKey(HTTP_KEY, 'whoami', { x: 1 });
      const who = result.payload as Record<string, unknown>;
      assert.equal(who.userId, '');
      assert.equal(who.payload, '', 'GET carries no payload, as in Nakama');
      assert.deepEqual(who.query, { payload: ['{"x":1}'] }, 'query parameters except http_key reach ctx.queryParams');

      const wrong = await fetch(rpcUrl('whoami', '?http_key=nope'));
      assert.equal(wrong.status, 401);
      assert.deepEqual(await wrong.json(), { error: 'HTTP key invalid', message: 'HTTP key invalid', code: 16 });
      const none = await fetch(rpcUrl('whoami'), { method: 'POST' });
      assert.equal(none.status, 401);
      assert.equal(((await none.json()) as { message: string }).message, 'Auth token or HTTP key required');
      const basic = await fetch(rpcUrl('echo'), { method: 'POST', headers: { authorization: 'Basic ' + Buffer.from(`${HTTP_KEY}:`).toString('base64') }, body: '"via basic"' });
      assert.deepEqual(await basic.json(), { payload: 'via basic' });
    });

    it('takes the double-encoded body, or the raw body with ?unwrap', async () => {
      const wrapped = await fetch(rpcUrl('echo', `?http_key=${HTTP_KEY}`), { method: 'POST', body: JSON.stringify('{"a":1}') });
      assert.equal(wrapped.status, 200);
      assert.deepEqual(await wrapped.json(), { payload: '{"a":1}' });

      const notString = await fetch(rpcUrl('echo', `?http_key=${HTTP_KEY}`), { method: 'POST', body: '{"a":1}' });
      assert.equal(notString.status, 400);
      assert.deepEqual(await notString.json(), {
        error: 'json: cannot unmarshal object into Go value of type string',
        message: 'json: cannot unmarshal object into Go value of type string',
        code: 3,
      });

      const raw = await fetch(rpcUrl('echo', `?http_key=${HTTP_KEY}&unwrap`), { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b\n1,2' });
      assert.equal(raw.status, 200);
      assert.equal(raw.headers.get('content-type'), 'text/csv');
      assert.equal(await raw.text(), 'a,b\n1,2');

      const client = server.client();
      const session = await client.authenticateDevice(deviceId());
      const get = await fetch(rpcUrl('whoami', '?mode=fast&mode=slow'), { headers: { authorization: `Bearer ${session.token}` } });
      const who = JSON.parse(((await get.json()) as { payload: string }).payload) as Record<string, unknown>;
      assert.deepEqual(who.query, { mode: ['fast', 'slow'] });
      assert.equal(who.userId, session.user_id);
    });

    it('answers an unknown RPC with 404, code 5', async () => {
      const res = await fetch(rpcUrl('nothing_here', `?http_key=${HTTP_KEY}`), { method: 'POST', body: '""' });
      assert.equal(res.status, 404);
      assert.deepEqual(await res.json(), { error: 'RPC function not found', message: 'RPC function not found', code: 5 });
    });

    it("sends a module's {message, code} to the client with that code, and plain throws as 13", async () => {
      const client = server.client();
      const session = await client.authenticateDevice(deviceId());
      const custom = await errorOf(client.rpc(session, 'fail', {}));
      assert.deepEqual(custom, { status: 400, code: 9, message: 'not enough gold', error: 'not enough gold' });
      const plain = await errorOf(client.rpc(session, 'plain_throw', {}));
      assert.equal(plain.status, 500);
      assert.equal(plain.code, 13);
      assert.equal(plain.message, 'kaboom');
    });

    it('runs RPCs over the socket, with errors as realtime error envelopes', async () => {
      const client = server.client();
      const session = await client.authenticateDevice(deviceId());
      const socket = await nakamaSocket(server, session);
      try {
        const echo = await socket.rpc('echo', '{"over":"socket"}');
        assert.deepEqual(echo, { id: 'echo', payload: '{"over":"socket"}' });
        const who = JSON.parse((await socket.rpc('whoami', 'x')).payload!) as Record<string, unknown>;
        assert.equal(who.userId, session.user_id);
        await assert.rejects(socket.rpc('fail', ''), (err: { code: number; message: string }) => err.code === 7 && err.message === 'not enough gold');
        await assert.rejects(socket.rpc('missing', ''), (err: { code: number; message: string }) => err.code === 6 && err.message === 'RPC function not found');
      } finally {
        socket.disconnect(false);
      }
    });

    it('lets a before hook rewrite a request', async () => {
      const client = server.client();
      const session = await client.authenticateDevice(deviceId());
      await client.updateAccount(session, { display_name: 'Zed' });
      const account = await client.getAccount(session);
      assert.equal(account.user?.display_name, 'hooked Zed');
    });

    it('lets a before hook reject a request, by returning nothing or by throwing', async () => {
      const client = server.client();
      const session = await client.authenticateDevice(deviceId());
      const dropped = await errorOf(client.getUsers(session, [], ['blocked']));
      assert.deepEqual(dropped, { status: 404, code: 5, message: 'Requested resource was not found.' });
      const refused = await errorOf(client.getUsers(session, [], ['forbidden']));
      assert.deepEqual(refused, { status: 403, code: 7, message: 'that name is off limits' });
      const allowed = await client.getUsers(session, [session.user_id!], []);
      assert.equal(allowed.users?.length, 1);
    });

    it('runs an after hook with the response', async () => {
      const client = server.client();
      const session = await client.authenticateDevice(deviceId(), true, 'after-' + randomUUID().slice(0, 8));
      const account = await client.getAccount(session);
      const seen = (await client.rpc(session, 'cache_read', {})).payload as { seen: string };
      assert.equal(seen.seen, account.user?.username);
    });

    it('runs realtime before hooks on envelopes (and follows through nk.statusFollow)', async () => {
      const client = server.client();
      const alice = await client.authenticateDevice(deviceId());
      const bob = await client.authenticateDevice(deviceId());
      const aliceSocket = await nakamaSocket(server, alice);
      const bobSocket = await nakamaSocket(server, bob, true);
      try {
        // Alice follows Bob through nk.statusFollow, on behalf of her socket.
        await aliceSocket.rpc('follow', bob.user_id!);
        const event = nextEvent<{ joins?: { status?: string }[] }>((resolve) => (aliceSocket.onstatuspresence = resolve as never));
        await bobSocket.updateStatus('away');
        const seen = await event;
        assert.equal(seen.joins?.[0]?.status, 'hooked:away');
      } finally {
        aliceSocket.disconnect(false);
        bobSocket.disconnect(false);
      }
    });

    it('reads and updates accounts through nk', async () => {
      const client = server.client();
      const id = deviceId();
      const session = await client.authenticateDevice(id);
      const result = (await client.rpc(session, 'account', {})).payload as Record<string, unknown>;
      assert.equal(result.username, session.username);
      assert.deepEqual(result.devices, [id]);
      assert.equal(typeof result.createTime, 'number');
      assert.ok(Math.abs((result.createTime as number) - Date.now() / 1000) < 60, 'times are unix seconds');
      assert.equal(result.displayName, 'Module Named');
      assert.equal(result.byName, 1);
    });

    it('sends notifications through nk', async () => {
      const client = server.client();
      const session = await client.authenticateDevice(deviceId());
      await client.rpc(session, 'notify', {});
      const list = await client.listNotifications(session, 10);
      const subjects = (list.notifications ?? []).map((n) => n.subject).sort();
      assert.deepEqual(subjects, ['reward', 'second']);
      const reward = list.notifications!.find((n) => n.subject === 'reward')!;
      assert.deepEqual(reward.content, { gold: 10 });
      assert.equal(reward.code, 101);
    });

    it('runs module SQL with $n placeholders through nk.sqlExec and nk.sqlQuery', async () => {
      const client = server.client();
      const session = await client.authenticateDevice(deviceId());
      const first = (await client.rpc(session, 'sql', { score: 42 })).payload as { affected: number; rows: unknown[] };
      assert.equal(first.affected, 1);
      assert.deepEqual(first.rows, [{ owner: session.user_id, score: 42 }]);
      const second = (await client.rpc(session, 'sql', { score: 7 })).payload as { rows: { score: number }[] };
      assert.deepEqual(second.rows.map((r) => r.score), [7, 42]);
    });

    it('computes encodings, hashes, ciphers, tokens and cron times like Nakama', async () => {
      const client = server.client();
      const session = await client.authenticateDevice(deviceId());
      const c = (await client.rpc(session, 'crypto', {})).payload as Record<string, unknown>;
      assert.equal(c.b64, Buffer.from('hello?').toString('base64'));
      assert.equal(c.b64back, 'hello?');
      assert.equal(c.b64url, Buffer.from('hello?').toString('base64url'));
      assert.equal(c.b16, '6869');
      assert.equal(c.b16back, 'hi');
      assert.equal(c.md5, createHash('md5').update('abc').digest('hex'));
      assert.equal(c.sha256, createHash('sha256').update('abc').digest('hex'));
      assert.equal(c.hmac, createHmac('sha256', 'key').update('data').digest('hex'));
      assert.equal(c.aes128, 'abc ', 'Nakama pads plain text with spaces to a multiple of 4 bytes');
      assert.equal(c.aes256, 'secret message  ');
      assert.equal(c.aesDiffers, true, 'every encryption uses a fresh IV');
      const [h, p, sig] = (c.jwt as string).split('.');
      assert.deepEqual(JSON.parse(Buffer.from(p!, 'base64url').toString()), { sub: 'player', n: 1 });
      assert.equal(sig, createHmac('sha256', 'signing-key').update(`${h}.${p}`).digest('base64url'));
      assert.equal(c.bcrypt, true);
      assert.equal(c.bcryptWrong, false);
      assert.equal(c.cron, 1700049600, 'next 12:00 UTC after 2023-11-14T22:13:20Z');
      assert.match(c.uuid as string, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(c.notImplemented, 'not implemented: nk.purchaseGetByTransactionId');
      assert.ok(bcrypt.compareSync('pw-123456', bcrypt.hashSync('pw-123456', 4)));
    });

    it('makes HTTP requests and records metrics through nk', async () => {
      const client = server.client();
      const session = await client.authenticateDevice(deviceId());
      const r = (await client.rpc(session, 'http', { url: echoUrl })).payload as { code: number; body: string };
      assert.deepEqual(r, { code: 200, body: 'seen GET yes' });
      await client.rpc(session, 'metrics', {});
      const series = server.outpost.runtime.metrics.snapshot();
      const counter = series.find((s) => s.name === 'module_rpc_calls');
      assert.equal(counter?.kind, 'counter');
      assert.ok((counter?.value ?? 0) >= 2);
      assert.deepEqual(counter?.tags, { area: 'test' });
      assert.equal(series.find((s) => s.name === 'module_players')?.value, 7);
    });

    it('joins, lists and sends on streams for the calling socket, and sends chat as the server', async () => {
      const client = server.client();
      const session = await client.authenticateDevice(deviceId());
      const socket = await nakamaSocket(server, session);
      try {
        const data = nextEvent<{ stream: { mode: number; label: string }; data: string }>((resolve) => (socket.onstreamdata = resolve as never));
        const presences: { joins?: { user_id: string }[]; leaves?: { user_id: string }[] }[] = [];
        socket.onstreampresence = (e) => presences.push(e as never);
        const r = JSON.parse((await socket.rpc('stream', '')).payload!) as Record<string, unknown>;
        assert.equal(r.joined, true);
        assert.equal(r.count, 1);
        assert.equal(r.status, 'here');
        assert.equal(r.after, 0);
        const got = await data;
        assert.equal(got.stream.mode, 123);
        assert.equal(got.stream.label, 'lobby');
        assert.deepEqual(JSON.parse(got.data), { hi: session.username });
        assert.equal(presences[0]?.joins?.[0]?.user_id, session.user_id, 'members hear the join on a module stream');

        const room = `room-${randomUUID().slice(0, 8)}`;
        const channel = await socket.joinChat(room, 1, true, false);
        const rtAfter = JSON.parse((await socket.rpc('cache_get', JSON.stringify({ key: `rt-after:${session.user_id}` }))).payload!) as { value: string };
        assert.match(rtAfter.value, new RegExp(`^${channel.id.replace(/\./g, '\\.')}\\|${room}\\|[0-9a-f-]{36}$`), 'the realtime after hook saw the reply, the request and the socket');
        const message = nextEvent<{ channel_id: string; content: unknown; username: string }>((resolve) => (socket.onchannelmessage = resolve as never));
        const chat = JSON.parse((await socket.rpc('chat', JSON.stringify({ room }))).payload!) as { channelId: string };
        assert.equal(chat.channelId, channel.id);
        const m = await message;
        assert.deepEqual(m.content, { text: 'from the server' });
        assert.equal(m.username, 'game-master');
        const history = await client.listChannelMessages(session, channel.id, 10);
        assert.equal(history.messages?.length, 1, 'persisted to the channel history');
      } finally {
        socket.disconnect(false);
      }
    });

    it('links and unlinks identities, lists and deletes notifications, and delivers nk.event to registerEvent', async () => {
      const client = server.client();
      const session = await client.authenticateDevice(deviceId());
      const r = (await client.rpc(session, 'links', {})).payload as Record<string, unknown>;
      assert.deepEqual(r, { linked: true, after: '', listed: 1, left: 0 });
      await client.rpc(session, 'event', 7 as unknown as object);
      let seen: unknown = null;
      for (let i = 0; i < 50 && seen === null; i++) {
        seen = ((await client.rpc(session, 'cache_get', { key: 'event:level_up' })).payload as { value: unknown }).value;
        if (seen === null) await new Promise((res) => setTimeout(res, 20));
      }
      assert.equal(seen, '7');
    });

    it('gives modules no Node APIs', async () => {
      const client = server.client();
      const session = await client.authenticateDevice(deviceId());
      const s = (await client.rpc(session, 'sandbox', {})).payload as Record<string, string>;
      assert.deepEqual(s, {
        require: 'undefined', process: 'undefined', Buffer: 'undefined', setTimeout: 'undefined', setInterval: 'undefined',
        fetch: 'undefined', queueMicrotask: 'undefined', globalProcess: 'undefined', module: 'undefined', escape: 'undefined', viaLogger: 'undefined',
      });
    });

    it('stops a runaway RPC at the time limit while other requests are served, then serves the next RPC', async () => {
      const client = server.client();
      const session = await client.authenticateDevice(deviceId());
      const started = Date.now();
      const spinning = errorOf(client.rpc(session, 'spin', {}));
      // While one worker spins, the API and the other worker keep answering.
      for (let i = 0; i < 5; i++) {
        const echo = await client.rpc(session, 'echo', { i });
        assert.deepEqual(echo.payload, { i });
        assert.equal((await fetch(`${server.baseUrl}/healthcheck`)).status, 200);
      }
      const failed = await spinning;
      assert.deepEqual(failed, { status: 500, code: 13, message: 'Runtime function exceeded its time limit.', error: 'Runtime function exceeded its time limit.' });
      assert.ok(Date.now() - started >= 2400, 'stopped at the limit, not before');
      for (let i = 0; i < 4; i++) assert.deepEqual((await client.rpc(session, 'echo', { after: i })).payload, { after: i });
    });
  });
}
