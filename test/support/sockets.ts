import { WebSocket } from 'ws';
import type { Session, Socket } from '@heroiclabs/nakama-js';
import type { TestServer } from './server.js';

/** An official nakama-js socket, connected. */
export async function nakamaSocket(server: TestServer, session: Session, appearOnline = false): Promise<Socket> {
  const socket = server.client().createSocket(false, false);
  // nakama-js never clears its connect-timeout timer, so a short one keeps test processes from idling 30 s.
  const withTimeout = socket as unknown as { connect(s: Session, status: boolean, timeoutMs: number): Promise<Session> };
  await withTimeout.connect(session, appearOnline, 2000);
  return socket;
}

/** Waits for the next value a callback-style event hands over, or fails after `ms`. */
export function nextEvent<T>(subscribe: (resolve: (value: T) => void) => void, ms = 3000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no event within ${ms} ms`)), ms);
    subscribe((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

/** A raw socket for what nakama-js will not send: bad envelopes, oversized frames, bursts. */
export interface RawSocket {
  ws: WebSocket;
  messages: Record<string, any>[];
  closed: Promise<{ code: number; reason: string }>;
  send(frame: string | object): void;
  waitFor(predicate: (m: Record<string, any>) => boolean, ms?: number): Promise<Record<string, any>>;
}

export function rawSocket(server: TestServer, query: string): Promise<RawSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?${query}`);
  const messages: Record<string, any>[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data) => {
    messages.push(JSON.parse(data.toString()));
    for (const w of waiters.splice(0)) w();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        ws,
        messages,
        closed,
        send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
        waitFor(predicate, ms = 3000) {
          return new Promise((res, rej) => {
            const timer = setTimeout(() => rej(new Error('timed out waiting for a message')), ms);
            const check = () => {
              const hit = messages.find(predicate);
              if (hit) {
                clearTimeout(timer);
                res(hit);
              } else waiters.push(check);
            };
            check();
          });
        },
      }),
    );
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { statusCode: res.statusCode })));
    ws.once('error', reject);
  });
}
