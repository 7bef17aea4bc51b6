import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../common/logger.js';
import type { ServerMetrics } from '../metrics/server-metrics.js';
import type { ConsoleAuth } from './console-auth.js';
import type { LogBuffer } from './log-buffer.js';

/** Messages the console socket sends; the GUI switches on `type`. */
export type ConsoleSocketMessage =
  | { type: 'status'; status: ReturnType<ServerMetrics['snapshot']> }
  | { type: 'log'; entry: ReturnType<LogBuffer['query']>[number] };

/** What the GUI may send: turn the live log tail on or off. */
interface ClientMessage {
  type: 'logs';
  follow: boolean;
}

const MAX_BUFFERED = 1 << 20;

/**
 * The console's live channel at /v2/console/ws?token=…: a status sample every window, and log lines
 * while the client follows them. A client that cannot keep up misses samples rather than piling them up.
 */
export class ConsoleSocket {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  private readonly clients = new Set<WebSocket>();
  private readonly following = new Set<WebSocket>();
  private unsubscribe: Array<() => void> = [];

  constructor(
    private readonly auth: ConsoleAuth,
    private readonly metrics: ServerMetrics,
    private readonly logs: LogBuffer,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.unsubscribe = [
      this.metrics.subscribe((status) => this.broadcast(this.clients, { type: 'status', status })),
      this.logs.subscribe((entry) => this.broadcast(this.following, { type: 'log', entry })),
    ];
  }

  stop(): void {
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    for (const ws of this.clients) ws.close(1001, 'server stopping');
    this.clients.clear();
    this.following.clear();
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://console');
    const token = url.searchParams.get('token') ?? '';
    const claims = this.auth.verify(token);
    if (!claims) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.clients.add(ws);
      // The socket lives no longer than the token that opened it; the GUI signs in again.
      const expiry = setTimeout(() => ws.close(4001, 'console token expired'), Math.min(2 ** 31 - 1, Math.max(0, claims.exp * 1000 - Date.now())));
      expiry.unref();
      ws.on('close', () => clearTimeout(expiry));
      ws.on('message', (data) => {
        try {
          const msg = JSON.parse(String(data)) as ClientMessage;
          if (msg.type === 'logs') {
            if (msg.follow) this.following.add(ws);
            else this.following.delete(ws);
          }
        } catch {
          ws.close(1003, 'bad message');
        }
      });
      ws.on('close', () => {
        this.clients.delete(ws);
        this.following.delete(ws);
      });
      ws.on('error', (err) => this.logger.debug('console socket error', { err }));
      ws.send(JSON.stringify({ type: 'status', status: this.metrics.snapshot() } satisfies ConsoleSocketMessage));
    });
  }

  private broadcast(targets: Set<WebSocket>, message: ConsoleSocketMessage): void {
    if (targets.size === 0) return;
    const text = JSON.stringify(message);
    for (const ws of targets) if (ws.readyState === WebSocket.OPEN && ws.bufferedAmount < MAX_BUFFERED) ws.send(text);
  }
}
