import { gzip } from 'node:zlib';
import { ApiError, Errors, ErrorsWith, httpStatusFor, toApiError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { Service } from '../common/lifecycle.js';
import { fromJson, fromQuery, toJson } from '../protocol/json-codec.js';
import type { SessionService } from '../core/session/session-service.js';
import type { HookRegistry } from './hooks.js';
import type { Operation, OperationContext } from './operation.js';
import { inflateBody } from './http-body.js';
import { Http1Server, type HttpRequest, type HttpResponse, type UpgradeHandler } from './http1/http1-server.js';
import { Router } from './router.js';

export type { UpgradeHandler, UpgradeRequest } from './http1/http1-server.js';

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

const GZIP_MIN_BYTES = 1024;
const EMPTY_QUERY = new URLSearchParams();
const DRAIN_LIMIT_MS = 10_000;
/** Node's default for the request line and header fields together. */
const MAX_HEADER_BYTES = 16 * 1024;

/**
 * The REST transport of the client API on socket.port, shaped like Nakama's grpc-gateway: JSON
 * conventions, `{code, message}` errors with its status mapping, CORS, gzip and a body limit. The
 * bytes on the wire are handled by Http1Server; this class turns a request into an operation call.
 */
export class HttpApiServer implements Service {
  readonly name = 'http-api';
  private server: Http1Server | undefined;
  private readonly router: Router;
  /** CORS, cache and configured headers as a flat [name, value, ...] list, copied into every response. */
  private readonly baseHeaderList: string[];
  private upgradeHandlers = new Map<string, UpgradeHandler>();

  constructor(
    private readonly settings: HttpApiSettings,
    operations: readonly Operation[],
    private readonly sessions: SessionService,
    private readonly hooks: HookRegistry,
    private readonly logger: Logger,
  ) {
    this.router = new Router(operations);
    const baseHeaders: Record<string, string> = {
      'cache-control': 'no-store, no-cache, must-revalidate',
      'access-control-allow-origin': '*',
    };
    for (const h of settings.responseHeaders) {
      const eq = h.indexOf('=');
      if (eq > 0) baseHeaders[h.slice(0, eq).trim().toLowerCase()] = h.slice(eq + 1).trim();
    }
    this.baseHeaderList = Object.entries(baseHeaders).flat();
  }

  /** Registers a WebSocket (or other upgrade) endpoint, e.g. `/ws` for the realtime socket. */
  onUpgrade(path: string, handler: UpgradeHandler): void {
    this.upgradeHandlers.set(path, handler);
  }

  /** The bound port (useful when configured as 0). */
  get port(): number {
    return this.server?.port ?? 0;
  }

  async start(): Promise<void> {
    const server = new Http1Server(
      {
        address: this.settings.address,
        port: this.settings.port,
        maxHeaderBytes: MAX_HEADER_BYTES,
        maxBodyBytes: this.settings.maxRequestSizeBytes,
        idleTimeoutMs: this.settings.idleTimeoutMs,
        readTimeoutMs: this.settings.readTimeoutMs,
      },
      (request) => this.handle(request),
      (request, socket, head) => {
        const handler = this.upgradeHandlers.get(request.url.split('?')[0]!);
        if (handler) handler(request, socket, head);
        else socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      },
    );
    await server.start();
    this.server = server;
  }

  /** Stops accepting, lets in-flight requests finish (bounded), then closes every connection. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await server.stop(Math.max(DRAIN_LIMIT_MS, this.settings.shutdownGraceMs));
    this.server = undefined;
  }

  private async handle(req: HttpRequest): Promise<HttpResponse> {
    let response: HttpResponse;
    try {
      response = await this.route(req);
    } catch (err) {
      response = this.errorResponse(req, err);
    }
    return this.compress(req, response);
  }

  /**
   * Gzips a large body when the client accepts it. zlib's async form compresses on libuv's thread pool, so a
   * big listing never holds up the event loop the way gzipSync would.
   */
  private async compress(req: HttpRequest, response: HttpResponse): Promise<HttpResponse> {
    const { body } = response;
    if (typeof body !== 'string' || body.length < GZIP_MIN_BYTES || !/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) return response;
    const zipped = await new Promise<Buffer>((resolve, reject) => gzip(body, (err, out) => (err ? reject(err) : resolve(out))));
    const headers = response.headers.slice(0, -2);
    headers.push('content-encoding', 'gzip', 'vary', 'Accept-Encoding', 'content-length', String(zipped.length));
    return { ...response, headers, body: zipped };
  }

  private async route(req: HttpRequest): Promise<HttpResponse> {
    const { method, path } = req;
    if (method === 'OPTIONS') return this.preflight();
    if (this.server?.isStopping) throw Errors.shuttingDown();
    if (path === '/' && (method === 'GET' || method === 'HEAD')) return this.respond(200, '');

    const match = this.router.match(method, path);
    if (!match) throw Errors.notFoundRoute();
    const { op, params } = match;
    const query = req.query === '' ? EMPTY_QUERY : new URLSearchParams(req.query);
    if (op.raw) {
      let sent: HttpResponse | undefined;
      await op.raw({
        method,
        headers: req.headers,
        query,
        params,
        clientIp: req.remoteAddress,
        clientPort: req.remotePort,
        readBody: () => this.body(req),
        send: (status, body, contentType) => void (sent = this.respond(status, body, ['content-type', contentType])),
      });
      if (!sent) throw Errors.internal();
      return sent;
    }
    const ctx: OperationContext = { clientIp: req.remoteAddress, clientPort: req.remotePort };
    this.authorize(op, req, ctx);
    const request = await this.decodeRequest(op, req, query, params);
    const response = await this.hooks.invoke(op, request, ctx);
    return this.respond(200, JSON.stringify(toJson(op.response, response as Record<string, unknown>)));
  }

  private body(req: HttpRequest): Promise<Buffer> {
    if (req.bodyTooLarge) return Promise.reject(Errors.bodyTooLarge());
    return inflateBody(req.body, req.headers['content-encoding'], this.settings.maxRequestSizeBytes);
  }

  private authorize(op: Operation, req: HttpRequest, ctx: OperationContext): void {
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

  private async decodeRequest(op: Operation, req: HttpRequest, query: URLSearchParams, params: Record<string, string>): Promise<unknown> {
    const request: Record<string, unknown> = {};
    if (op.body === 'none') {
      fromQuery(op.request, query, request);
    } else {
      const json = parseJsonBody(await this.body(req));
      if (op.body === '*') {
        if (json !== undefined) fromJson(op.request, json, request);
      } else {
        fromQuery(op.request, query, request);
        const field = op.request.byJsonName.get(op.body.field)!;
        if (json !== undefined) request[field.key] = fromJson(field.message!(), json);
      }
    }
    for (const name in params) {
      const field = op.request.byJsonName.get(name);
      if (field) request[field.key] = params[name];
    }
    return request;
  }

  private respond(status: number, body: string, extra?: readonly string[]): HttpResponse {
    const headers = this.baseHeaderList.slice();
    if (extra) headers.push(...extra);
    if (body.length > 0 && !extra?.includes('content-type')) headers.push('content-type', 'application/json');
    // content-length stays the last header: compress() replaces it.
    headers.push('content-length', String(Buffer.byteLength(body)));
    return { status, headers, body };
  }

  private preflight(): HttpResponse {
    return {
      status: 204,
      headers: [
        ...this.baseHeaderList,
        'access-control-allow-methods', 'GET, HEAD, POST, PUT, DELETE',
        'access-control-allow-headers', 'Authorization, Content-Type, User-Agent',
        'access-control-max-age', '86400',
        'content-length', '0',
      ],
      body: '',
    };
  }

  private errorResponse(req: HttpRequest, err: unknown): HttpResponse {
    const apiError = err instanceof ApiError ? err : toApiError(err);
    if (!(err instanceof ApiError)) this.logger.error('request failed', { method: req.method, url: req.url, err });
    const extra = apiError.code === 16 ? ['www-authenticate', apiError.message] : undefined;
    return this.respond(httpStatusFor(apiError.code), JSON.stringify({ code: apiError.code, message: apiError.message }), extra);
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
