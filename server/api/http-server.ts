import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { ApiError, Errors, ErrorsWith, httpStatusFor, toApiError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { Service } from '../common/lifecycle.js';
import { fromJson, fromQuery, toJson } from '../protocol/json-codec.js';
import type { SessionService } from '../core/session/session-service.js';
import type { HookRegistry } from './hooks.js';
import type { Operation, OperationContext } from './operation.js';
import { readBody } from './http-body.js';
import { Router } from './router.js';

export interface HttpApiSettings {
  address: string;
  port: number;
  serverKey: string;
  maxRequestSizeBytes: number;
  idleTimeoutMs: number;
  readTimeoutMs: number;
  /** Extra response headers, as "Name=value". */
  responseHeaders: readonly string[];
  shutdownGraceMs: number;
}

/** Routes the operation table doesn't own (the realtime socket) attach here. */
export type UpgradeHandler = (req: IncomingMessage, socket: Socket, head: Buffer) => void;

const GZIP_MIN_BYTES = 1024;
const EMPTY_QUERY = new URLSearchParams();
const DRAIN_LIMIT_MS = 10_000;

/**
 * The REST transport of the client API on socket.port, shaped like Nakama's grpc-gateway: JSON
 * conventions, `{code, message}` errors with its status mapping, CORS, gzip and a body limit.
 */
export class HttpApiServer implements Service {
  readonly name = 'http-api';
  private server: Server | undefined;
  private readonly router: Router;
  private readonly baseHeaders: Record<string, string>;
  /** baseHeaders as a flat [name, value, ...] list: writeHead takes it without re-validating an object. */
  private readonly baseHeaderList: string[];
  private inFlight = 0;
  private drained: (() => void) | undefined;
  private stopping = false;
  private upgradeHandlers = new Map<string, UpgradeHandler>();

  constructor(
    private readonly settings: HttpApiSettings,
    operations: readonly Operation[],
    private readonly sessions: SessionService,
    private readonly hooks: HookRegistry,
    private readonly logger: Logger,
  ) {
    this.router = new Router(operations);
    this.baseHeaders = {
      'cache-control': 'no-store, no-cache, must-revalidate',
      'access-control-allow-origin': '*',
    };
    for (const h of settings.responseHeaders) {
      const eq = h.indexOf('=');
      if (eq > 0) this.baseHeaders[h.slice(0, eq).trim().toLowerCase()] = h.slice(eq + 1).trim();
    }
    this.baseHeaderList = Object.entries(this.baseHeaders).flat();
  }

  /** Registers a WebSocket (or other upgrade) endpoint, e.g. `/ws` for the realtime socket. */
  onUpgrade(path: string, handler: UpgradeHandler): void {
    this.upgradeHandlers.set(path, handler);
  }

  /** The bound port (useful when configured as 0). */
  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  /** The live HTTP server, for transports that share the port. */
  get httpServer(): Server | undefined {
    return this.server;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = this.settings.idleTimeoutMs;
    server.requestTimeout = this.settings.readTimeoutMs;
    server.headersTimeout = Math.min(this.settings.readTimeoutMs, 60_000);
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      const path = (req.url ?? '/').split('?')[0]!;
      const handler = this.upgradeHandlers.get(path);
      if (handler) handler(req, socket, head);
      else socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
    });
    server.on('clientError', (_err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
      else socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.settings.port, this.settings.address || undefined, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
  }

  /** Stops accepting, lets in-flight requests finish (bounded), then closes every connection. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.stopping = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    if (this.inFlight > 0) {
      const limit = Math.max(DRAIN_LIMIT_MS, this.settings.shutdownGraceMs);
      await Promise.race([new Promise<void>((r) => (this.drained = r)), new Promise((r) => setTimeout(r, limit).unref())]);
    }
    server.closeAllConnections();
    await closed;
    this.server = undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++;
    try {
      await this.route(req, res);
    } catch (err) {
      this.sendError(req, res, err);
    } finally {
      if (--this.inFlight === 0 && this.drained) this.drained();
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') return this.sendPreflight(res);
    if (this.stopping) {
      res.setHeader('connection', 'close');
      throw Errors.shuttingDown();
    }
    if (path === '/' && (method === 'GET' || method === 'HEAD')) return this.send(req, res, 200, '');

    const match = this.router.match(method, path);
    if (!match) {
      req.resume();
      throw Errors.notFoundRoute();
    }
    const { op, params } = match;
    if (op.raw) {
      return op.raw({
        req,
        method,
        query: q === -1 ? EMPTY_QUERY : new URLSearchParams(url.slice(q + 1)),
        params,
        clientIp: req.socket.remoteAddress ?? '',
        clientPort: req.socket.remotePort ?? 0,
        readBody: () => readBody(req, this.settings.maxRequestSizeBytes),
        send: (status, body, contentType) => this.send(req, res, status, body, { 'content-type': contentType }),
      });
    }
    const ctx: OperationContext = {
      clientIp: req.socket.remoteAddress ?? '',
      clientPort: req.socket.remotePort ?? 0,
    };
    this.authorize(op, req, ctx);

    const query = q === -1 ? EMPTY_QUERY : new URLSearchParams(url.slice(q + 1));
    const request = await this.decodeRequest(op, req, query, params);
    const response = await this.hooks.invoke(op, request, ctx);
    this.send(req, res, 200, JSON.stringify(toJson(op.response, response as Record<string, unknown>)));
  }

  private authorize(op: Operation, req: IncomingMessage, ctx: OperationContext): void {
    if (op.auth === 'none') return;
    const header = req.headers.authorization;
    if (op.auth === 'server_key') {
      if (!header) throw Errors.serverKeyRequired();
      const user = parseBasicUser(header);
      if (user === null || user !== this.settings.serverKey) throw Errors.serverKeyInvalid();
      return;
    }
    if (!header) throw Errors.authTokenRequired();
    if (!header.startsWith('Bearer ') && !header.startsWith('bearer ')) throw Errors.authTokenInvalid();
    ctx.session = this.sessions.authenticate(header.slice(7).trim());
  }

  private async decodeRequest(op: Operation, req: IncomingMessage, query: URLSearchParams, params: Record<string, string>): Promise<unknown> {
    const request: Record<string, unknown> = {};
    if (op.body === 'none') {
      req.resume();
      fromQuery(op.request, query, request);
    } else {
      const raw = await readBody(req, this.settings.maxRequestSizeBytes);
      const json = parseJsonBody(raw);
      if (op.body === '*') {
        if (json !== undefined) fromJson(op.request, json, request);
      } else {
        fromQuery(op.request, query, request);
        const field = op.request.byJsonName.get(op.body.field)!;
        if (json !== undefined) request[field.key] = fromJson(field.message!(), json);
      }
    }
    for (const [name, value] of Object.entries(params)) {
      const field = op.request.byJsonName.get(name);
      if (field) request[field.key] = value;
    }
    return request;
  }

  private send(req: IncomingMessage, res: ServerResponse, status: number, body: string, extra?: Record<string, string>): void {
    const headers = this.baseHeaderList.slice();
    if (extra) for (const [k, v] of Object.entries(extra)) headers.push(k, v);
    let payload: Buffer | string = body;
    if (body.length > 0) {
      if (!extra?.['content-type']) headers.push('content-type', 'application/json');
      if (body.length >= GZIP_MIN_BYTES && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        payload = gzipSync(body);
        headers.push('content-encoding', 'gzip', 'vary', 'Accept-Encoding');
      }
    }
    headers.push('content-length', String(Buffer.byteLength(payload)));
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : payload);
  }

  private sendPreflight(res: ServerResponse): void {
    res.writeHead(204, {
      ...this.baseHeaders,
      'access-control-allow-methods': 'GET, HEAD, POST, PUT, DELETE',
      'access-control-allow-headers': 'Authorization, Content-Type, User-Agent',
      'access-control-max-age': '86400',
      'content-length': 0,
    });
    res.end();
  }

  private sendError(req: IncomingMessage, res: ServerResponse, err: unknown): void {
    const apiError = err instanceof ApiError ? err : toApiError(err);
    if (!(err instanceof ApiError)) this.logger.error('request failed', { method: req.method, url: req.url, err });
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const extra: Record<string, string> = {};
    if (apiError.code === 16) extra['www-authenticate'] = apiError.message;
    this.send(req, res, httpStatusFor(apiError.code), JSON.stringify({ code: apiError.code, message: apiError.message }), extra);
  }
}

function parseBasicUser(header: string): string | null {
  if (!header.startsWith('Basic ') && !header.startsWith('basic ')) return null;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? null : decoded.slice(0, colon);
}

function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw ErrorsWith.badRequestBody(`Request body is not valid JSON: ${(err as Error).message}`);
  }
}
