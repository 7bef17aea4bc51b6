import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Service } from '../common/lifecycle.js';
import type { ServerMetrics } from './server-metrics.js';
import { listen } from '../common/listen.js';

/**
 * The optional scrape endpoint on metrics.prometheus_port, as Nakama has it: GET /metrics, no auth, so
 * it belongs on a port only the monitoring network reaches. The console port serves the same text behind
 * console auth.
 */
export class PrometheusServer implements Service {
  readonly name = 'prometheus';
  private server: Server | undefined;

  constructor(
    private readonly settings: { port: number; address: string },
    private readonly metrics: ServerMetrics,
  ) {}

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      if ((req.url ?? '').split('?')[0] !== '/metrics' || req.method !== 'GET') {
        res.writeHead(404).end();
        return;
      }
      this.metrics.prometheusText().then(
        ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType }).end(body),
        () => res.writeHead(500).end(),
      );
    });
    await listen(server, this.settings.port, this.settings.address);
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
