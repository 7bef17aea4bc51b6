import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { serverKeyAuth, startTestServer, type TestServer } from '../support/server.js';

/**
 * The client API's own HTTP/1.1 transport, byte for byte over real loopback sockets: what browsers,
 * engines' HTTP stacks and proxies send beyond nakama-js's plain keep-alive requests.
 */
class RawConnection {
  readonly socket: Socket;
  private data = '';
  closed = false;
  private waiters: Array<() => void> = [];

  constructor(port: number) {
    this.socket = connect({ host: '127.0.0.1', port });
    this.socket.setEncoding('latin1');
    this.socket.on('data', (d: string) => {
      this.data += d;
      this.wake();
    });
    this.socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    this.socket.on('error', () => undefined);
  }

  send(text: string | Buffer): void {
    this.socket.write(text);
  }

  /** Waits until `count` complete responses (Content-Length framed) have arrived, and takes them. */
  async responses(count: number, timeoutMs = 5000): Promise<{ status: number; head: string; body: string }[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const parsed = parseResponses(this.data);
      if (parsed.responses.length >= count) {
        this.data = this.data.slice(parsed.consumed);
        return parsed.responses;
      }
      if (this.closed || Date.now() > deadline) throw new Error(`wanted ${count} responses, got: ${JSON.stringify(this.data)}`);
      await this.changed(deadline - Date.now());
    }
  }

  /** Waits for the server to close the connection. */
  async untilClosed(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('connection stayed open');
      await this.changed(deadline - Date.now());
    }
  }

  async text(pattern: RegExp, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.data)) {
      if (this.closed || Date.now() > deadline) throw new Error(`never saw ${pattern}: ${JSON.stringify(this.data)}`);
      await this.changed(deadline - Date.now());
    }
    return this.data;
  }

  private changed(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, Math.max(1, ms));
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

function parseResponses(data: string): { responses: { status: number; head: string; body: string }[]; consumed: number } {
  const responses: { status: number; head: string; body: string }[] = [];
  let at = 0;
  for (;;) {
    const end = data.indexOf('\r\n\r\n', at);
    if (end === -1) break;
    const head = data.slice(at, end);
    const status = Number(head.slice(9, 12));
    if (status === 100) {
      at = end + 4;
      continue;
    }
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    if (data.length < end + 4 + length) break;
    responses.push({ status, head, body: data.slice(end + 4, end + 4 + length) });
    at = end + 4 + length;
  }
  return { responses, consumed: at };
}

const authHead = (body: string, extra = '') =>
  `POST /v2/account/authenticate/device HTTP/1.1\r\nhost: x\r\nauthorization: ${serverKeyAuth()}\r\ncontent-type: application/json\r\n${extra}` +
  (body === '' ? '' : `content-length: ${Buffer.byteLength(body)}\r\n`) + '\r\n';

describe('HTTP/1.1 transport of the client API', () => {
  let server: TestServer;
  const open: RawConnection[] = [];
  const conn = () => {
    const c = new RawConnection(server.port);
    open.push(c);
    return c;
  };
  before(async () => {
    server = await startTestServer('sqlite', ['--socket.max_request_size_bytes', '4096', '--socket.read_timeout_ms', '1500', '--socket.idle_timeout_ms', '2500']);
  });
  after(async () => {
    for (const c of open) c.socket.destroy();
    await server?.stop();
  });

  it('keeps a connection alive across requests and dates every response', async () => {
    const c = conn();
    c.send('GET /healthcheck HTTP/1.1\r\nhost: x\r\n\r\n');
    const [first] = await c.responses(1);
    c.send('GET /healthcheck HTTP/1.1\r\nhost: x\r\n\r\n');
    const [second] = await c.responses(1);
    assert.equal(first!.status, 200);
    assert.equal(second!.status, 200);
    assert.equal(second!.body, '{}');
    assert.match(first!.head, /\r\ndate: \w{3}, \d\d \w{3} \d{4} /);
    assert.doesNotMatch(second!.head, /connection: close/i);
    assert.equal(c.closed, false);
  });

  it('answers pipelined requests in order', async () => {
    const c = conn();
    const body = JSON.stringify({ id: randomUUID() });
    c.send(`GET /healthcheck HTTP/1.1\r\nhost: x\r\n\r\n${authHead(body)}${body}GET /v2/nowhere HTTP/1.1\r\nhost: x\r\n\r\nGET /healthcheck HTTP/1.1\r\nhost: x\r\n\r\n`);
    const responses = await c.responses(4);
    assert.deepEqual(responses.map((r) => r.status), [200, 200, 404, 200]);
    assert.ok(JSON.parse(responses[1]!.body).token);
  });

  it('reads chunked request bodies, with extensions and trailers', async () => {
    const c = conn();
    const body = JSON.stringify({ id: randomUUID() });
    const a = body.slice(0, 10);
    const b = body.slice(10);
    c.send(authHead('', 'transfer-encoding: chunked\r\n'));
    c.send(`${a.length.toString(16)};note=x\r\n${a}\r\n`);
    c.send(`${b.length.toString(16)}\r\n${b}\r\n0\r\nx-trailer: 1\r\n\r\n`);
    const [res] = await c.responses(1);
    assert.equal(res!.status, 200, res!.body);
    // The same device signing in with a plain body lands on the account the chunked body created.
    c.send(authHead(body) + body);
    const [again] = await c.responses(1);
    const uid = (r: { body: string }) => JSON.parse(Buffer.from(JSON.parse(r.body).token.split('.')[1], 'base64url').toString()).uid;
    assert.equal(uid(again!), uid(res!));
  });

  it('answers Expect: 100-continue before the body is sent', async () => {
    const c = conn();
    const body = JSON.stringify({ id: randomUUID() });
    c.send(authHead(body, 'expect: 100-continue\r\n'));
    await c.text(/^HTTP\/1\.1 100 Continue\r\n\r\n/);
    c.send(body);
    const [res] = await c.responses(1);
    assert.equal(res!.status, 200);
  });

  it('refuses an oversized chunked body with Nakama\'s error and closes', async () => {
    const c = conn();
    const big = JSON.stringify({ id: 'x'.repeat(5000) });
    c.send(authHead('', 'transfer-encoding: chunked\r\n') + `${big.length.toString(16)}\r\n${big}\r\n0\r\n\r\n`);
    const [res] = await c.responses(1);
    assert.equal(res!.status, 400);
    assert.deepEqual(JSON.parse(res!.body), { code: 3, message: 'http: request body too large' });
    await c.untilClosed();
  });

  it('refuses malformed and smuggling-shaped requests with 4xx and closes', async () => {
    const cases: [string, number][] = [
      ['NOT A REQUEST\r\n\r\n', 400],
      ['GET /healthcheck HTTP/2.0\r\nhost: x\r\n\r\n', 505],
      ['GET /healthcheck HTTP/1.1\r\nhost: x\r\nbad header\r\n\r\n', 400],
      ['GET /healthcheck HTTP/1.1\r\nhost: x\r\n folded: value\r\n\r\n', 400],
      ['POST /healthcheck HTTP/1.1\r\nhost: x\r\ncontent-length: 3\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n', 400],
      ['POST /healthcheck HTTP/1.1\r\nhost: x\r\ncontent-length: 3\r\ncontent-length: 4\r\n\r\nabcd', 400],
      ['POST /healthcheck HTTP/1.1\r\nhost: x\r\ncontent-length: -1\r\n\r\n', 400],
      ['POST /healthcheck HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n', 400],
      [`GET /healthcheck HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
    ];
    for (const [request, status] of cases) {
      const c = conn();
      c.send(request);
      const [res] = await c.responses(1);
      assert.equal(res!.status, status, JSON.stringify(request.slice(0, 60)));
      assert.match(res!.head, /connection: close/i);
      await c.untilClosed();
    }
  });

  it('closes HTTP/1.0 connections unless asked to keep them, and HEAD gets no body', async () => {
    const c = conn();
    c.send('GET /healthcheck HTTP/1.0\r\n\r\n');
    const [res] = await c.responses(1);
    assert.equal(res!.status, 200);
    await c.untilClosed();

    const k = conn();
    k.send('HEAD / HTTP/1.0\r\nconnection: keep-alive\r\n\r\n');
    const text = await k.text(/\r\n\r\n/);
    assert.match(text, /connection: keep-alive/i);
    assert.match(text, /^HTTP\/1\.1 200 /);
    assert.ok(text.endsWith('\r\n\r\n'), 'a HEAD response carries no body');
    k.send('GET /healthcheck HTTP/1.0\r\n\r\n');
    await k.untilClosed();
  });

  it('times out a request that trickles in, and an idle connection', async () => {
    const slow = conn();
    slow.send('GET /healthcheck HTTP/1.1\r\nhost: x\r\n');
    const [res] = await slow.responses(1, 6000);
    assert.equal(res!.status, 408);
    await slow.untilClosed();

    const idle = conn();
    idle.send('GET /healthcheck HTTP/1.1\r\nhost: x\r\n\r\n');
    await idle.responses(1);
    await idle.untilClosed(8000);
  });

  it('still answers a client that half-closes right after its request', async () => {
    const c = conn();
    const body = JSON.stringify({ id: randomUUID() });
    c.send(authHead(body) + body);
    c.socket.end();
    const [res] = await c.responses(1);
    assert.equal(res!.status, 200);
    assert.ok(JSON.parse(res!.body).token);
  });

  it('answers an upgrade to an unknown path with 404', async () => {
    const c = conn();
    c.send('GET /not-a-socket HTTP/1.1\r\nhost: x\r\nconnection: Upgrade\r\nupgrade: websocket\r\nsec-websocket-version: 13\r\nsec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n');
    const [res] = await c.responses(1);
    assert.equal(res!.status, 404);
  });
});

describe('HTTP/1.1 transport while the server stops', () => {
  it('closes idle connections, answers a request still arriving with 503 and closes it', async () => {
    const server = await startTestServer('sqlite');
    const idle = new RawConnection(server.port);
    const arriving = new RawConnection(server.port);
    try {
      idle.send('GET /healthcheck HTTP/1.1\r\nhost: x\r\n\r\n');
      await idle.responses(1);
      const body = JSON.stringify({ id: randomUUID() });
      arriving.send(authHead(body) + body.slice(0, 5));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const stopped = server.stop();
      // The idle connection closing shows the API has begun to stop; the other one is mid-request, so it stays.
      await idle.untilClosed(10_000);
      assert.equal(arriving.closed, false);
      arriving.send(body.slice(5));
      const [res] = await arriving.responses(1);
      assert.equal(res!.status, 503);
      assert.deepEqual(JSON.parse(res!.body), { code: 14, message: 'Server is shutting down.' });
      assert.match(res!.head, /connection: close/i);
      await arriving.untilClosed();
      await stopped;
    } finally {
      idle.socket.destroy();
      arriving.socket.destroy();
    }
  });
});
