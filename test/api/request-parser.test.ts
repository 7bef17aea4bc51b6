import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HttpParseError, RequestParser, type ParsedRequest } from '../../server/api/http1/request-parser.js';

const LIMITS = { maxHeaderBytes: 1024, maxBodyBytes: 64 };

/** Feeds `input` in pieces of `step` bytes and collects every request the parser completes. */
function parseAll(input: string, step: number, limits = LIMITS): ParsedRequest[] {
  const parser = new RequestParser(limits);
  const bytes = Buffer.from(input, 'latin1');
  const out: ParsedRequest[] = [];
  for (let at = 0; at < bytes.length; at += step) {
    parser.push(bytes.subarray(at, at + step));
    for (let r = parser.next(); r; r = parser.next()) out.push(r);
  }
  return out;
}

const STREAM =
  'POST /v2/a?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nX-Two: a\r\nx-two: b\r\n\r\nhello' +
  '\r\n' + // a stray CRLF between requests is skipped
  'PUT /v2/b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: t\r\n\r\n' +
  'GET http://example.com/v2/c HTTP/1.0\r\nConnection: keep-alive\r\n\r\n' +
  'GET /ws HTTP/1.1\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n\r\n';

describe('HTTP/1.1 request parser', () => {
  for (const step of [1, 2, 7, 64, STREAM.length]) {
    it(`parses a pipelined stream fed ${step} byte(s) at a time`, () => {
      const [a, b, c, d, ...rest] = parseAll(STREAM, step);
      assert.equal(rest.length, 0);
      assert.equal(a!.method, 'POST');
      assert.equal(a!.url, '/v2/a?x=1');
      assert.equal(a!.body.toString(), 'hello');
      assert.equal(a!.headers['x-two'], 'a, b');
      assert.equal(a!.keepAlive, true);
      assert.equal(b!.method, 'PUT');
      assert.equal(b!.body.toString(), 'abcde');
      assert.equal(c!.url, '/v2/c', 'absolute-form is reduced to origin-form');
      assert.equal(c!.minorVersion, 0);
      assert.equal(c!.keepAlive, true);
      assert.equal(d!.upgrade, true);
    });
  }

  it('flags a body over the limit without buffering it, and drops the rest of the stream', () => {
    const parser = new RequestParser(LIMITS);
    parser.push(Buffer.from('POST / HTTP/1.1\r\nContent-Length: 1000\r\n\r\n' + 'x'.repeat(100)));
    const r = parser.next()!;
    assert.equal(r.bodyTooLarge, true);
    assert.equal(r.keepAlive, false);
    assert.equal(r.body.length, 0);
    parser.push(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    assert.equal(parser.next(), undefined);
  });

  it('asks for 100 Continue once, only while the body is still missing', () => {
    const parser = new RequestParser(LIMITS);
    parser.push(Buffer.from('POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n'));
    assert.equal(parser.next(), undefined);
    assert.equal(parser.takeContinue(), true);
    assert.equal(parser.takeContinue(), false);
    parser.push(Buffer.from('ok'));
    assert.equal(parser.next()!.body.toString(), 'ok');
  });

  it('refuses bad input with the status the connection answers', () => {
    const cases: [string, number][] = [
      ['GET / HTTP/1.1\nHost: h\r\n\r\n', 400],
      ['GET / HTTP/3.0\r\n\r\n', 505],
      ['G(T / HTTP/1.1\r\n\r\n', 400],
      ['GET nowhere HTTP/1.1\r\n\r\n', 400],
      ['POST / HTTP/1.1\r\nContent-Length: 1e3\r\n\r\n', 400],
      ['POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n', 400],
      ['POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n', 501],
      ['POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n', 400],
      ['POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n', 400],
      [`GET / HTTP/1.1\r\nX: ${'y'.repeat(2000)}`, 431],
    ];
    for (const [input, status] of cases) {
      assert.throws(
        () => parseAll(input, input.length),
        (err: unknown) => err instanceof HttpParseError && err.status === status,
        JSON.stringify(input.slice(0, 50)),
      );
    }
  });
});
