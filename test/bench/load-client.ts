import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';

/**
 * A lean closed-loop HTTP/1.1 load generator: one keep-alive TCP connection per virtual client, each
 * sending its next request when the last response is complete. It writes requests as raw bytes and
 * parses only the status line and Content-Length, so the client spends far less CPU than the server
 * it measures on a shared machine (node:http's client would cost as much as the server itself).
 */
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
  /** The server's CPU microseconds (all threads, user + system) per completed request; set when serverPid is given. */
  serverCpuUsPerRequest?: number;
  /** This load client's CPU microseconds per completed request. */
  clientCpuUsPerRequest: number;
  /** Bodies of successful responses, when asked for (to reuse tokens and ids). */
  bodies: string[];
}

export interface LoadOptions {
  port: number;
  concurrency: number;
  durationMs: number;
  next: (worker: number, i: number) => LoadRequest;
  keepBodies?: boolean;
  /** The server's process id, to measure its CPU time over the phase (Linux: read from /proc). */
  serverPid?: number;
}

/** Length of a clock tick in /proc CPU times (USER_HZ, 100 on Linux), in microseconds. */
const TICK_US = 10_000;

/** CPU time a process has used so far, all threads, user + system, in microseconds. */
function processCpuUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces, so split only what follows it:
  // there field 3 is at index 0, so utime (14) and stime (15) are at 11 and 12.
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_US;
}

function encode(req: LoadRequest): Buffer {
  const body = req.body ?? '';
  let head = `${req.method} ${req.path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: ${Buffer.byteLength(body)}\r\n`;
  for (const [k, v] of Object.entries(req.headers)) head += `${k}: ${v}\r\n`;
  return Buffer.from(head + '\r\n' + body);
}

/** Splits complete responses off a byte stream; returns [status, body] pairs. */
class ResponseParser {
  private buf: Buffer = Buffer.alloc(0);
  feed(chunk: Buffer): { status: number; body: Buffer }[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: { status: number; body: Buffer }[] = [];
    for (;;) {
      const end = this.buf.indexOf('\r\n\r\n');
      if (end < 0) break;
      const head = this.buf.toString('latin1', 0, end);
      const status = Number(head.slice(9, 12));
      const m = /\r\ncontent-length: *(\d+)/i.exec(head);
      const len = m ? Number(m[1]) : 0;
      if (this.buf.length < end + 4 + len) break;
      out.push({ status, body: this.buf.subarray(end + 4, end + 4 + len) });
      this.buf = this.buf.subarray(end + 4 + len);
    }
    return out;
  }
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const bodies: string[] = [];
  let errors = 0;
  const serverCpuBefore = options.serverPid === undefined ? 0 : processCpuUs(options.serverPid);
  const clientCpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + options.durationMs;

  const worker = (w: number) =>
    new Promise<void>((resolve) => {
      const socket: Socket = connect({ host: '127.0.0.1', port: options.port, noDelay: true });
      const parser = new ResponseParser();
      let i = 0;
      let t0 = 0;
      const sendNext = () => {
        if (performance.now() >= deadline) {
          socket.end();
          return resolve();
        }
        t0 = performance.now();
        socket.write(encode(options.next(w, i++)));
      };
      socket.on('connect', sendNext);
      socket.on('data', (chunk: Buffer) => {
        for (const res of parser.feed(chunk)) {
          latencies.push(performance.now() - t0);
          if (res.status !== 200) errors++;
          else if (options.keepBodies) bodies.push(res.body.toString('utf8'));
          sendNext();
        }
      });
      socket.on('error', () => {
        errors++;
        resolve();
      });
      socket.on('close', () => resolve());
    });

  await Promise.all(Array.from({ length: options.concurrency }, (_, w) => worker(w)));
  const seconds = (performance.now() - started) / 1000;
  const clientCpu = process.cpuUsage(clientCpuBefore);
  const serverCpuUs = options.serverPid === undefined ? undefined : processCpuUs(options.serverPid) - serverCpuBefore;
  const requests = latencies.length;
  const perRequest = (us: number) => us / Math.max(1, requests);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(requests - 1, Math.floor(requests * p))] ?? 0;
  return {
    requests, errors, seconds, perSecond: requests / seconds, p50Ms: pct(0.5), p99Ms: pct(0.99), bodies,
    serverCpuUsPerRequest: serverCpuUs === undefined ? undefined : perRequest(serverCpuUs),
    clientCpuUsPerRequest: perRequest(clientCpu.user + clientCpu.system),
  };
}

/** Runs `count` tasks, at most `width` at a time; results in task order. */
export async function inParallel<T>(count: number, width: number, task: (n: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const n = next++;
        out[n] = await task(n);
      }
    }),
  );
  return out;
}
