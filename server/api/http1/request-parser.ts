/**
 * An incremental HTTP/1.1 request parser (RFC 9112) for the client API's own transport: request line,
 * header fields, Content-Length and chunked bodies, pipelined requests. It refuses what request
 * smuggling relies on (both Content-Length and Transfer-Encoding, differing duplicate lengths, line
 * folding, bare LF) rather than guessing.
 */

export interface ParsedRequest {
  method: string;
  /** The request target in origin form (`/path?query`); absolute-form targets are reduced to it. */
  url: string;
  /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
  minorVersion: number;
  /** Field names lower-cased; repeated fields joined with ", " as RFC 9110 allows. */
  headers: Record<string, string>;
  /** The body as sent (still content-encoded); empty when there is none or when it was too large. */
  body: Buffer;
  /** The declared or streamed body passed the limit; the body was dropped and the connection must close. */
  bodyTooLarge: boolean;
  /** Whether the client lets the connection stay open after this request. */
  keepAlive: boolean;
  /** A GET asking to switch protocols (WebSocket); its connection is handed over instead of answered. */
  upgrade: boolean;
}

/** A request the parser refuses: the connection answers with `status` and closes. */
export class HttpParseError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpParseError';
  }
}

export interface ParserLimits {
  /** Request line plus header fields, in bytes (Node's default is 16 KiB). */
  maxHeaderBytes: number;
  maxBodyBytes: number;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const DIGITS = /^\d+$/;
const EMPTY = Buffer.alloc(0);
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

type State = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'drop';

export class RequestParser {
  private buf: Buffer = EMPTY;
  private state: State = 'head';
  private current: ParsedRequest | undefined;
  /** Body bytes still expected (Content-Length) or left in the current chunk. */
  private remaining = 0;
  private chunks: Buffer[] = [];
  private received = 0;
  private continueWanted = false;

  constructor(private readonly limits: ParserLimits) {}

  push(chunk: Buffer): void {
    if (this.state === 'drop') return;
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
  }

  /** Bytes received but not yet consumed by a complete request (what follows an upgrade request). */
  takeRest(): Buffer {
    const rest = this.buf;
    this.buf = EMPTY;
    return rest;
  }

  /** True once, when a request's head asked `Expect: 100-continue` and its body has not arrived yet. */
  takeContinue(): boolean {
    const wanted = this.continueWanted && this.state !== 'head' && this.buf.length === 0;
    if (wanted) this.continueWanted = false;
    return wanted;
  }

  /** Bytes received and not yet consumed. */
  get bufferedBytes(): number {
    return this.buf.length;
  }

  /** Whether bytes of an unfinished request are waiting (for the read timeout). */
  get midRequest(): boolean {
    return this.state !== 'head' || this.buf.length > 0;
  }

  /** The next complete request, or undefined until more bytes arrive. Throws HttpParseError. */
  next(): ParsedRequest | undefined {
    for (;;) {
      switch (this.state) {
        case 'head': {
          // RFC 9112 section 2.2: empty lines before a request line are skipped (some clients send one after a body).
          while (this.buf.length >= 2 && this.buf[0] === 13 && this.buf[1] === 10) this.buf = this.buf.subarray(2);
          const end = this.buf.indexOf(HEAD_END);
          if (end === -1) {
            if (this.buf.length > this.limits.maxHeaderBytes) throw new HttpParseError(431, 'Request Header Fields Too Large');
            return undefined;
          }
          if (end > this.limits.maxHeaderBytes) throw new HttpParseError(431, 'Request Header Fields Too Large');
          const head = this.buf.toString('latin1', 0, end);
          this.buf = this.buf.subarray(end + 4);
          const request = this.parseHead(head);
          if (request) return request;
          break;
        }
        case 'length': {
          if (this.buf.length < this.remaining) return undefined;
          const body = this.buf.subarray(0, this.remaining);
          this.buf = this.buf.subarray(this.remaining);
          return this.finish(body);
        }
        case 'chunk-size': {
          const eol = this.buf.indexOf(CRLF);
          if (eol === -1) {
            if (this.buf.length > 1024) throw new HttpParseError(400, 'Bad Request: chunk size line too long');
            return undefined;
          }
          const line = this.buf.toString('latin1', 0, eol);
          this.buf = this.buf.subarray(eol + 2);
          const sizeText = line.split(';', 1)[0]!.trim();
          if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) throw new HttpParseError(400, 'Bad Request: invalid chunk size');
          const size = parseInt(sizeText, 16);
          if (size === 0) {
            this.state = 'trailers';
            break;
          }
          this.received += size;
          if (this.received > this.limits.maxBodyBytes) return this.tooLarge();
          this.remaining = size;
          this.state = 'chunk-data';
          break;
        }
        case 'chunk-data': {
          if (this.buf.length === 0) return undefined;
          const take = Math.min(this.remaining, this.buf.length);
          this.chunks.push(this.buf.subarray(0, take));
          this.buf = this.buf.subarray(take);
          this.remaining -= take;
          if (this.remaining > 0) return undefined;
          this.state = 'chunk-end';
          break;
        }
        case 'chunk-end': {
          if (this.buf.length < 2) return undefined;
          if (this.buf[0] !== 13 || this.buf[1] !== 10) throw new HttpParseError(400, 'Bad Request: chunk not followed by CRLF');
          this.buf = this.buf.subarray(2);
          this.state = 'chunk-size';
          break;
        }
        case 'trailers': {
          // Trailer fields are read past and ignored; an empty line ends the body.
          const eol = this.buf.indexOf(CRLF);
          if (eol === -1) {
            if (this.buf.length > this.limits.maxHeaderBytes) throw new HttpParseError(431, 'Request Header Fields Too Large');
            return undefined;
          }
          this.buf = this.buf.subarray(eol + 2);
          if (eol === 0) {
            const body = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
            return this.finish(body);
          }
          break;
        }
        case 'drop':
          return undefined;
      }
    }
  }

  /** Parses a request head; returns the request when it has no body, else sets up the body state. */
  private parseHead(head: string): ParsedRequest | undefined {
    const lines = head.split('\r\n');
    const requestLine = lines[0]!;
    const sp1 = requestLine.indexOf(' ');
    const sp2 = requestLine.lastIndexOf(' ');
    if (sp1 <= 0 || sp2 === sp1) throw new HttpParseError(400, 'Bad Request: malformed request line');
    const method = requestLine.slice(0, sp1);
    let url = requestLine.slice(sp1 + 1, sp2);
    const version = requestLine.slice(sp2 + 1);
    if (!TOKEN.test(method)) throw new HttpParseError(400, 'Bad Request: invalid method');
    if (version === 'HTTP/1.1' || version === 'HTTP/1.0') {
      // supported
    } else if (/^HTTP\/\d\.\d$/.test(version)) throw new HttpParseError(505, 'HTTP Version Not Supported');
    else throw new HttpParseError(400, 'Bad Request: malformed request line');
    url = originForm(url);

    const headers: Record<string, string> = {};
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.includes('\n')) throw new HttpParseError(400, 'Bad Request: bare LF in header section');
      if (line.length === 0) continue;
      if (line.charCodeAt(0) === 32 || line.charCodeAt(0) === 9) throw new HttpParseError(400, 'Bad Request: obsolete line folding');
      const colon = line.indexOf(':');
      if (colon <= 0) throw new HttpParseError(400, 'Bad Request: malformed header field');
      const name = line.slice(0, colon);
      if (!TOKEN.test(name)) throw new HttpParseError(400, 'Bad Request: invalid header field name');
      const key = name.toLowerCase();
      const value = line.slice(colon + 1).trim();
      const prior = headers[key];
      if (prior === undefined) headers[key] = value;
      else if (key === 'content-length') {
        if (prior !== value) throw new HttpParseError(400, 'Bad Request: conflicting Content-Length');
      } else if (key !== 'host') headers[key] = `${prior}, ${value}`;
    }

    const minorVersion = version === 'HTTP/1.1' ? 1 : 0;
    const connection = (headers.connection ?? '').toLowerCase();
    const keepAlive = minorVersion === 1 ? !/\bclose\b/.test(connection) : /\bkeep-alive\b/.test(connection);
    const upgrade = method === 'GET' && headers.upgrade !== undefined && /\bupgrade\b/.test(connection);
    const request: ParsedRequest = { method, url, minorVersion, headers, body: EMPTY, bodyTooLarge: false, keepAlive, upgrade };

    const te = headers['transfer-encoding'];
    const cl = headers['content-length'];
    if (te !== undefined) {
      if (cl !== undefined) throw new HttpParseError(400, 'Bad Request: both Content-Length and Transfer-Encoding');
      if (minorVersion === 0) throw new HttpParseError(400, 'Bad Request: Transfer-Encoding in HTTP/1.0');
      const codings = te.toLowerCase().split(',').map((c) => c.trim());
      if (codings[codings.length - 1] !== 'chunked') throw new HttpParseError(400, 'Bad Request: final transfer coding must be chunked');
      if (codings.length > 1) throw new HttpParseError(501, 'Not Implemented: transfer coding');
      this.begin(request, 'chunk-size');
      return undefined;
    }
    if (cl !== undefined) {
      if (!DIGITS.test(cl)) throw new HttpParseError(400, 'Bad Request: invalid Content-Length');
      const length = Number(cl);
      if (length > 0) {
        this.begin(request, 'length');
        if (length > this.limits.maxBodyBytes) return this.tooLarge();
        this.remaining = length;
        return undefined;
      }
    }
    return request;
  }

  private begin(request: ParsedRequest, state: State): void {
    this.current = request;
    this.state = state;
    this.chunks = [];
    this.received = 0;
    this.continueWanted = /^100-continue$/i.test(request.headers.expect ?? '');
  }

  private finish(body: Buffer): ParsedRequest {
    const request = this.current!;
    request.body = body;
    this.current = undefined;
    this.chunks = [];
    this.continueWanted = false;
    this.state = 'head';
    return request;
  }

  /** The rest of an oversized body is never read: the request goes out flagged and the connection ends after it. */
  private tooLarge(): ParsedRequest {
    const request = this.current!;
    request.bodyTooLarge = true;
    request.keepAlive = false;
    this.current = undefined;
    this.chunks = [];
    this.continueWanted = false;
    this.state = 'drop';
    this.buf = EMPTY;
    return request;
  }
}

/** `http://host/path?q` -> `/path?q`; `*` and origin-form targets pass through; anything else is refused. */
function originForm(target: string): string {
  if (target.startsWith('/') || target === '*') return target;
  const m = /^https?:\/\/[^/?#]*(.*)$/i.exec(target);
  if (!m) throw new HttpParseError(400, 'Bad Request: invalid request target');
  return m[1] === '' ? '/' : m[1]!.startsWith('/') ? m[1]! : `/${m[1]}`;
}
