import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from '../support/server.js';
import { nakamaSocket, rawSocket } from '../support/sockets.js';

const deviceId = () => `device-${randomUUID()}`;

describe('realtime socket (sqlite)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('sqlite', ['--session.single_socket']);
  });
  after(async () => {
    await server?.stop();
  });

  it('refuses an upgrade without a valid token, or with an unknown format', async () => {
    await assert.rejects(rawSocket(server, 'token=not-a-token'), { statusCode: 401 });
    await assert.rejects(rawSocket(server, ''), { statusCode: 401 });
    const session = await server.client().authenticateDevice(deviceId());
    await assert.rejects(rawSocket(server, `token=${session.token}&format=xml`), { statusCode: 400 });
  });

  it('connects the official client and answers ping with pong under the same cid', async () => {
    const session = await server.client().authenticateDevice(deviceId());
    const socket = await nakamaSocket(server, session);
    socket.disconnect(false);
    const raw = await rawSocket(server, `token=${session.token}`);
    raw.send({ cid: '7', ping: {} });
    assert.deepEqual(await raw.waitFor((m) => m.cid === '7'), { cid: '7', pong: {} });
    // A client pong is accepted silently; the socket stays usable.
    raw.send({ pong: {} });
    raw.send({ cid: '8', ping: {} });
    assert.deepEqual(await raw.waitFor((m) => m.cid === '8'), { cid: '8', pong: {} });
    assert.equal(raw.messages.length, 2);
    raw.ws.close();
  });

  it('closes the socket on an unknown or malformed envelope, without an error envelope', async () => {
    const session = await server.client().authenticateDevice(deviceId());
    for (const frame of ['{"cid":"1","not_a_case":{}}', 'not json', '{"cid":"2"}', '{"ping":{"unknown_field":1}}', '[1,2,3]']) {
      const raw = await rawSocket(server, `token=${session.token}`);
      raw.send(frame);
      const { code } = await raw.closed;
      assert.equal(code, 1005, `frame ${frame}`);
      assert.deepEqual(raw.messages, []);
    }
  });

  it('answers a server-only case from a client with UNRECOGNIZED_PAYLOAD and closes', async () => {
    const session = await server.client().authenticateDevice(deviceId());
    const raw = await rawSocket(server, `token=${session.token}`);
    raw.send({ cid: '3', status: {} });
    const closed = await raw.closed;
    assert.equal(closed.code, 1000);
    assert.deepEqual(raw.messages, [{ cid: '3', error: { code: 1, message: 'Unrecognized message.' } }]);
  });

  it('closes a socket that sends a frame over socket.max_message_size_bytes, leaving others alone', async () => {
    const a = await server.client().authenticateDevice(deviceId());
    const b = await server.client().authenticateDevice(deviceId());
    const big = await rawSocket(server, `token=${a.token}`);
    const other = await rawSocket(server, `token=${b.token}`);
    big.send({ cid: '1', status_follow: { usernames: ['x'.repeat(5000)] } });
    assert.equal((await big.closed).code, 1009);
    other.send({ cid: '9', ping: {} });
    assert.deepEqual(await other.waitFor((m) => m.cid === '9'), { cid: '9', pong: {} });
    other.ws.close();
  });

  it('handles a burst of 1,000 messages from one client in order while another session is served', async () => {
    const a = await server.client().authenticateDevice(deviceId());
    const b = await server.client().authenticateDevice(deviceId());
    const burst = await rawSocket(server, `token=${a.token}`);
    const calm = await rawSocket(server, `token=${b.token}`);
    for (let i = 1; i <= 1000; i++) burst.send({ cid: String(i), ping: {} });
    calm.send({ cid: 'calm', ping: {} });
    assert.deepEqual(await calm.waitFor((m) => m.cid === 'calm'), { cid: 'calm', pong: {} });
    await burst.waitFor((m) => m.cid === '1000', 10_000);
    assert.deepEqual(burst.messages.map((m) => Number(m.cid)), Array.from({ length: 1000 }, (_, i) => i + 1));
    burst.ws.close();
    calm.ws.close();
  });

  it('keeps one socket per user with session.single_socket', async () => {
    const session = await server.client().authenticateDevice(deviceId());
    const first = await rawSocket(server, `token=${session.token}`);
    const second = await rawSocket(server, `token=${session.token}`);
    assert.equal((await first.closed).code, 1000);
    second.send({ cid: '1', ping: {} });
    assert.deepEqual(await second.waitFor((m) => m.cid === '1'), { cid: '1', pong: {} });
    second.ws.close();
  });
});
