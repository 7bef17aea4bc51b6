import { Agent, request } from 'node:http';

/** A small closed-loop HTTP load generator: N workers, each sending its next request when the last returns. */
export interface LoadRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Bodies of successful responses, when asked for (to reuse tokens and ids). */
  bodies: string[];
}

export interface LoadOptions {
  port: number;
  concurrency: number;
  durationMs: number;
  next: (worker: number, i: number) => LoadRequest;
  keepBodies?: boolean;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  const bodies: string[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;

  const send = (req: LoadRequest) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const r = request({ host: '127.0.0.1', port: options.port, method: req.method, path: req.path, headers: req.headers, agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      r.on('error', reject);
      r.end(req.body);
    });

  const worker = async (w: number) => {
    for (let i = 0; performance.now() < deadline; i++) {
      const t0 = performance.now();
      try {
        const res = await send(options.next(w, i));
        if (res.status !== 200) errors++;
        else if (options.keepBodies) bodies.push(res.body);
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, w) => worker(w)));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  return { requests: latencies.length, errors, seconds, perSecond: latencies.length / seconds, p50Ms: pct(0.5), p99Ms: pct(0.99), bodies };
}
