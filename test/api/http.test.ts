import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { gzipSync, gunzipSync } from 'node:zlib';
import { errorOf, serverKeyAuth, startTestServer, type TestServer } from '../support/server.js';

/** Raw HTTP: the gateway behaviours clients never see through nakama-js but rely on. */
function raw(server: TestServer, method: string, path: string, headers: Record<string, string>, body?: Buffer | string) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('HTTP gateway behaviour (sqlite)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('sqlite', ['--socket.max_request_size_bytes', '4096']);
  });
  after(async () => {
    await server?.stop();
  });

  it('answers healthcheck, root and unknown routes like Nakama', async () => {
    const health = await fetch(`${server.baseUrl}/healthcheck`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), {});
    assert.equal(health.headers.get('cache-control'), 'no-store, no-cache, must-revalidate');
    assert.equal((await fetch(`${server.baseUrl}/`)).status, 200);
    const missing = await fetch(`${server.baseUrl}/v2/nothing-here`);
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { code: 5, message: 'Not Found' });
  });

  it('answers CORS preflight and sets the origin header', async () => {
    const res = await raw(server, 'OPTIONS', '/v2/account', { origin: 'http://game.example', 'access-control-request-method': 'PUT' });
    assert.equal(res.status, 204);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.match(String(res.headers['access-control-allow-methods']), /PUT/);
    assert.match(String(res.headers['access-control-allow-headers']), /Authorization/);
  });

  it('rejects oversized, malformed and wrongly typed bodies with code 3', async () => {
    const auth = { authorization: serverKeyAuth(), 'content-type': 'application/json' };
    const big = await raw(server, 'POST', '/v2/account/authenticate/device', auth, JSON.stringify({ id: 'x'.repeat(5000) }));
    assert.equal(big.status, 400);
    assert.deepEqual(JSON.parse(big.body.toString()), { code: 3, message: 'http: request body too large' });
    // A small gzip body that inflates past the limit is refused the same way.
    const bomb = await raw(server, 'POST', '/v2/account/authenticate/device', { ...auth, 'content-encoding': 'gzip' }, gzipSync(JSON.stringify({ id: 'y'.repeat(100_000) })));
    assert.equal(bomb.status, 400);
    const malformed = await raw(server, 'POST', '/v2/account/authenticate/device', auth, '{"id": ');
    assert.equal(malformed.status, 400);
    assert.equal(JSON.parse(malformed.body.toString()).code, 3);
    const wrongType = await raw(server, 'POST', '/v2/account/authenticate/device', auth, JSON.stringify({ id: 12345678901 }));
    assert.deepEqual(JSON.parse(wrongType.body.toString()), { code: 3, message: "Invalid value for field 'id': expected a string." });
    const notObject = await raw(server, 'POST', '/v2/account/authenticate/device', auth, '[1,2]');
    assert.equal(notObject.status, 400);
  });

  it('inflates gzip requests and gzips large responses', async () => {
    const id = `device-${randomUUID()}`;
    const res = await raw(server, 'POST', '/v2/account/authenticate/device?create=true&username=gz_' + randomUUID().slice(0, 8),
      { authorization: serverKeyAuth(), 'content-encoding': 'gzip' }, gzipSync(JSON.stringify({ id })));
    assert.equal(res.status, 200);
    const session = JSON.parse(res.body.toString()) as { token: string; created: boolean };
    assert.equal(session.created, true);
    const client = server.client();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await client.authenticateDevice(`device-${randomUUID()}`)).user_id!);
    const query = ids.map((u) => `ids=${u}`).join('&');
    const users = await raw(server, 'GET', `/v2/user?${query}`, { authorization: `Bearer ${session.token}`, 'accept-encoding': 'gzip' });
    assert.equal(users.status, 200);
    assert.equal(users.headers['content-encoding'], 'gzip');
    const decoded = JSON.parse(gunzipSync(users.body).toString()) as { users: unknown[] };
    assert.equal(decoded.users.length, 12);
  });

  it('takes wrapper query parameters as plain values', async () => {
    const res = await raw(server, 'POST', `/v2/account/authenticate/custom?create=false`, { authorization: serverKeyAuth() }, JSON.stringify({ id: `custom-${randomUUID()}` }));
    assert.equal(res.status, 404);
    const bad = await raw(server, 'POST', `/v2/account/authenticate/custom?create=maybe`, { authorization: serverKeyAuth() }, JSON.stringify({ id: `custom-${randomUUID()}` }));
    assert.deepEqual(JSON.parse(bad.body.toString()), { code: 3, message: "Invalid value for field 'create': expected a boolean." });
  });

  it('lets before hooks rewrite or reject any operation', async () => {
    const client = server.client();
    server.outpost.hooks.registerBefore('AuthenticateCustom', async () => null);
    try {
      assert.deepEqual(await errorOf(client.authenticateCustom(`custom-${randomUUID()}`)), {
        status: 404, code: 5, message: 'Requested resource was not found.',
      });
    } finally {
      server.outpost.hooks.clear();
    }
    assert.equal((await client.authenticateCustom(`custom-${randomUUID()}`)).created, true);
  });
});
