import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ApiError, Errors, ErrorsWith, httpStatusFor, toApiError } from '../common/errors.js';
import type { Service } from '../common/lifecycle.js';
import type { Logger } from '../common/logger.js';
import { readBody } from '../api/http-body.js';
import { ConsoleAuth, type ConsoleAuthSettings } from './console-auth.js';
import type { ConsoleDeps } from './console-deps.js';
import { ConsoleSocket } from './console-socket.js';
import { consoleRoutes } from './api/index.js';
import { ConsoleRouter, type ConsoleRoute } from './route.js';
import { StaticFiles } from './static-files.js';
import { listen } from '../common/listen.js';

export interface ConsoleServerSettings {
  address: string;
  port: number;
  auth: ConsoleAuthSettings;
  /** The built renderer (renderer/dist). */
  staticDir: string;
  maxBodyBytes: number;
}

const API_PREFIX = '/v2/console';

/**
 * The admin console on console.port: the JSON API under /v2/console (every route behind an admin token
 * but the login), its live socket at /v2/console/ws, Prometheus text at /metrics (same auth), and the
 * built GUI for every other path.
 */
export class ConsoleServer implements Service {
  readonly name = 'console';
  readonly auth: ConsoleAuth;
  private readonly router: ConsoleRouter;
  private readonly socket: ConsoleSocket;
  private readonly files: StaticFiles;
  private server: Server | undefined;

  constructor(
    private readonly settings: ConsoleServerSettings,
    private readonly deps: ConsoleDeps,
    private readonly logger: Logger,
    /** Routes of areas that add their console pages later; same shape as the built-in ones. */
    extraRoutes: readonly ConsoleRoute[] = [],
  ) {
    this.auth = new ConsoleAuth(settings.auth);
    this.router = new ConsoleRouter([...consoleRoutes(deps, this.auth), ...extraRoutes]);
    this.socket = new ConsoleSocket(this.auth, deps.metrics, deps.logs, logger);
    this.files = new StaticFiles(settings.staticDir);
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  get routes(): readonly ConsoleRoute[] {
    return this.router.routes;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      if ((req.url ?? '').split('?')[0] === `${API_PREFIX}/ws`) this.socket.handleUpgrade(req, socket, head);
      else socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
    });
    server.on('clientError', (_err, socket) => socket.destroy());
    await listen(server, this.settings.port, this.settings.address);
    this.server = server;
    this.socket.start();
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.socket.stop();
    if (!server) return;
    server.closeIdleConnections();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Console requests are short; whatever is still open after a moment is cut.
    const timer = setTimeout(() => server.closeAllConnections(), 2000);
    await closed;
    clearTimeout(timer);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://console');
    const path = url.pathname;
    try {
      if (path === API_PREFIX || path.startsWith(API_PREFIX + '/')) await this.handleApi(req, res, url);
      else if (path === '/metrics') await this.handleMetrics(req, res);
      else await this.files.serve(req, res, path);
    } catch (err) {
      this.sendError(res, err);
    }
  }

  private async handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const found = this.router.find(req.method ?? 'GET', url.pathname.slice(API_PREFIX.length));
    if (!('route' in found)) throw found.methodMismatch ? Errors.methodNotAllowed() : Errors.notFoundRoute();
    const { route, params } = found;
    const clientIp = req.socket.remoteAddress ?? '';
    // Authentication comes before the body is read: anonymous callers cannot make the server buffer bodies.
    const admin = route.auth === 'none' ? undefined : await this.auth.authorize(req.headers.authorization, clientIp);
    const raw = req.method === 'GET' || req.method === 'DELETE' ? Buffer.alloc(0) : await readBody(req, this.settings.maxBodyBytes);
    let body: Record<string, unknown> = {};
    if (raw.length > 0) {
      try {
        const parsed = JSON.parse(raw.toString('utf8')) as unknown;
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        body = parsed as Record<string, unknown>;
      } catch {
        throw ErrorsWith.badRequestBody('The request body must be a JSON object.');
      }
    }
    const result = await route.handle({ params, query: url.searchParams, body, clientIp, admin });
    const text = JSON.stringify(result ?? {});
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) }).end(text);
  }

  private async handleMetrics(req: IncomingMessage, res: ServerResponse): Promise<void> {
    await this.auth.authorize(req.headers.authorization, req.socket.remoteAddress ?? '');
    const { contentType, body } = await this.deps.metrics.prometheusText();
    res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
  }

  private sendError(res: ServerResponse, err: unknown): void {
    const error: ApiError = toApiError(err);
    if (!(err instanceof ApiError)) this.logger.error('console request failed', { err });
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const text = JSON.stringify({ code: error.code, message: error.message });
    const headers: Record<string, string> = { 'content-type': 'application/json', 'cache-control': 'no-store' };
    if (error.code === 16) headers['www-authenticate'] = 'Bearer realm="outpost console"';
    res.writeHead(httpStatusFor(error.code), headers).end(text);
  }
}
