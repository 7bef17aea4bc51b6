import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import { HttpParseError, RequestParser, type ParsedRequest } from './request-parser.js';
import { listen } from '../../common/listen.js';

/**
 * The client API's HTTP/1.1 server, on plain TCP sockets with our own parser. node:http builds an
 * IncomingMessage stream, a ServerResponse stream and a header object per request; a game API's
 * requests are small, complete JSON bodies, so this server reads each request whole, hands the
 * handler plain values and writes the response in one write. On the benchmark machine that takes about
 * 20 us of CPU off every request (see docs/ARCHITECTURE.md). It keeps what clients rely on: keep-alive,
 * pipelining (answered in order), chunked request bodies, `Expect: 100-continue`, read and idle
 * timeouts, size limits, WebSocket upgrades handed to their handler, and a graceful stop.
 */

export interface HttpRequest extends ParsedRequest {
  /** The URL path without the query string. */
  path: string;
  /** The query string without `?`; empty when there is none. */
  query: string;
  remoteAddress: string;
  remotePort: number;
}

export interface HttpResponse {
  status: number;
  /** Header fields as a flat [name, value, name, value, ...] list, lower-case names. */
  headers: readonly string[];
  body: string | Buffer;
}

/** What an upgrade handler sees of the request: the fields `ws` reads, and the socket. */
export interface UpgradeRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  socket: Socket;
}

export type RequestHandler = (request: HttpRequest) => Promise<HttpResponse>;
export type UpgradeHandler = (request: UpgradeRequest, socket: Socket, head: Buffer) => void;

export interface Http1Settings {
  address: string;
  port: number;
  maxHeaderBytes: number;
  maxBodyBytes: number;
  /** How long a connection may sit between requests. */
  idleTimeoutMs: number;
  /** How long a client may take to send one whole request once it has started. */
  readTimeoutMs: number;
}

/** How often deadlines are checked and the Date header refreshed. */
const SWEEP_MS = 1000;
/** Unread bytes a connection may hold while its current request is handled, before reading pauses. */
const MAX_PENDING_BYTES = 64 * 1024;

export class Http1Server {
  private server: Server | undefined;
  private readonly connections = new Set<Connection>();
  private sweeper: NodeJS.Timeout | undefined;
  private stopping = false;
  /** The Date header's value, refreshed every sweep rather than formatted per response. */
  date = new Date().toUTCString();

  constructor(
    readonly settings: Http1Settings,
    readonly handler: RequestHandler,
    readonly onUpgrade: UpgradeHandler,
  ) {}

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  async start(): Promise<void> {
    const server = createServer({ noDelay: true }, (socket) => {
      if (this.stopping) return void socket.destroy();
      const connection = new Connection(this, socket);
      this.connections.add(connection);
      socket.once('close', () => this.connections.delete(connection));
    });
    await listen(server, this.settings.port, this.settings.address);
    this.server = server;
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }

  /**
   * Stops accepting, closes idle connections at once, lets requests in flight finish (their responses
   * say `connection: close`), and after `graceMs` destroys whatever is left.
   */
  async stop(graceMs: number): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.stopping = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const c of this.connections) c.closeIfIdle();
    const deadline = Date.now() + graceMs;
    while (this.connections.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const c of this.connections) c.destroy();
    await closed;
    clearInterval(this.sweeper);
    this.server = undefined;
  }

  /** The connection was handed to an upgrade handler; it is no longer this server's to time out or close. */
  release(connection: Connection): void {
    this.connections.delete(connection);
  }

  private sweep(): void {
    this.date = new Date().toUTCString();
    const now = Date.now();
    for (const c of this.connections) c.checkDeadline(now);
  }
}

class Connection {
  private readonly parser: RequestParser;
  private busy = false;
  private closing = false;
  private paused = false;
  /** When the current request's first byte arrived, or when the connection last went idle. */
  private since = Date.now();
  private readonly remoteAddress: string;
  private readonly remotePort: number;
  private readonly onData = (chunk: Buffer) => this.receive(chunk);

  constructor(
    private readonly server: Http1Server,
    private readonly socket: Socket,
  ) {
    this.parser = new RequestParser({ maxHeaderBytes: server.settings.maxHeaderBytes, maxBodyBytes: server.settings.maxBodyBytes });
    this.remoteAddress = socket.remoteAddress ?? '';
    this.remotePort = socket.remotePort ?? 0;
    socket.on('data', this.onData);
    socket.on('error', () => socket.destroy());
  }

  closeIfIdle(): void {
    if (!this.busy && !this.parser.midRequest) this.socket.end();
    else this.closing = true;
  }

  destroy(): void {
    this.socket.destroy();
  }

  checkDeadline(now: number): void {
    if (this.busy || this.closing) return;
    if (this.parser.midRequest) {
      if (now - this.since > this.server.settings.readTimeoutMs) this.fail(408, 'Request Timeout');
    } else if (now - this.since > this.server.settings.idleTimeoutMs) this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    // Once this side has ended (a refused request, a last response), what the client still sends is not read.
    if (this.socket.writableEnded) return;
    if (!this.parser.midRequest && !this.busy) this.since = Date.now();
    this.parser.push(chunk);
    if (this.busy) {
      // A pipelining client waits for its earlier answers; stop reading rather than buffer without bound.
      if (!this.paused && this.parser.bufferedBytes > MAX_PENDING_BYTES) {
        this.paused = true;
        this.socket.pause();
      }
      return;
    }
    this.pump();
  }

  /** Takes the next complete request, if any, and hands it to the handler; one at a time, in order. */
  private pump(): void {
    if (this.busy || this.socket.destroyed) return;
    let request: ParsedRequest | undefined;
    try {
      request = this.parser.next();
    } catch (err) {
      // Anything the parser throws ends this connection only, never the server.
      return err instanceof HttpParseError ? this.fail(err.status, err.message) : this.fail(400, 'Bad Request');
    }
    if (!request) {
      if (this.parser.takeContinue()) this.socket.write('HTTP/1.1 100 Continue\r\n\r\n');
      return;
    }
    if (request.upgrade) return this.handOver(request);
    this.busy = true;
    const q = request.url.indexOf('?');
    const http: HttpRequest = Object.assign(request, {
      path: q === -1 ? request.url : request.url.slice(0, q),
      query: q === -1 ? '' : request.url.slice(q + 1),
      remoteAddress: this.remoteAddress,
      remotePort: this.remotePort,
    });
    this.server.handler(http).then(
      (response) => this.respond(http, response),
      () => this.respond(http, { status: 500, headers: [], body: '' }, true),
    );
  }

  private respond(request: HttpRequest, response: HttpResponse, forceClose = false): void {
    if (this.socket.destroyed) return;
    const keepAlive = request.keepAlive && !forceClose && !this.closing && !this.server.isStopping;
    let head = `HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? 'Unknown'}\r\ndate: ${this.server.date}\r\n`;
    const h = response.headers;
    for (let i = 0; i < h.length; i += 2) {
      const value = h[i + 1]!;
      // A value carrying CR or LF would let a client's data split the response; it is dropped instead.
      if (value.includes('\r') || value.includes('\n')) continue;
      head += `${h[i]}: ${value}\r\n`;
    }
    if (!keepAlive) head += 'connection: close\r\n';
    else if (request.minorVersion === 0) head += 'connection: keep-alive\r\n';
    head += '\r\n';
    const body = request.method === 'HEAD' ? '' : response.body;
    if (typeof body === 'string') this.socket.write(head + body);
    else {
      this.socket.cork();
      this.socket.write(head, 'latin1');
      this.socket.write(body);
      this.socket.uncork();
    }
    this.busy = false;
    this.since = Date.now();
    if (!keepAlive) {
      this.socket.end();
      return;
    }
    if (this.paused) {
      this.paused = false;
      this.socket.resume();
    }
    if (this.parser.midRequest) this.pump();
  }

  /** Answers a request the parser refused, then closes: after a framing error the byte stream cannot be trusted. */
  private fail(status: number, message: string): void {
    if (this.socket.destroyed) return;
    const body = JSON.stringify({ code: 3, message });
    this.socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\ndate: ${this.server.date}\r\ncontent-type: application/json\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
    this.closing = true;
  }

  private handOver(request: ParsedRequest): void {
    this.socket.removeListener('data', this.onData);
    this.server.release(this);
    const head = this.parser.takeRest();
    if (this.server.isStopping) return void this.socket.destroy();
    this.server.onUpgrade({ method: request.method, url: request.url, headers: request.headers, socket: this.socket }, this.socket, head);
  }
}
