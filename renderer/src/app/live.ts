import { useEffect, useState } from 'react';
import type { StatusSnapshot } from '../../../server/protocol/console-status.js';
import { api, getToken } from './api';

/** A log line as the server sends it. */
export interface LogLine {
  seq: number;
  time: number;
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  fields: Record<string, unknown>;
}

type Listener<T> = (value: T) => void;

/**
 * The console's live socket: status samples for the dashboard and, while a page follows them, log lines.
 * It reconnects on its own; charts keep the last few minutes of samples.
 */
export class LiveConnection {
  readonly history: StatusSnapshot[] = [];
  private ws: WebSocket | undefined;
  private readonly statusListeners = new Set<Listener<StatusSnapshot>>();
  private readonly logListeners = new Set<Listener<LogLine>>();
  private stopped = false;
  private retryMs = 500;
  connected = false;

  start(): void {
    this.stopped = false;
    void api.get<{ history: StatusSnapshot[] }>('/status').then((r) => {
      if (this.history.length === 0) this.history.push(...r.history.slice(-300));
    }, () => undefined);
    this.open();
  }

  stop(): void {
    this.stopped = true;
    this.ws?.close();
  }

  onStatus(listener: Listener<StatusSnapshot>): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onLog(listener: Listener<LogLine>): () => void {
    this.logListeners.add(listener);
    this.sendFollow();
    return () => {
      this.logListeners.delete(listener);
      this.sendFollow();
    };
  }

  private sendFollow(): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ type: 'logs', follow: this.logListeners.size > 0 }));
  }

  private open(): void {
    const proto = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${proto}://${location.host}/v2/console/ws?token=${encodeURIComponent(getToken() ?? '')}`);
    this.ws = ws;
    ws.onopen = () => {
      this.connected = true;
      this.retryMs = 500;
      this.sendFollow();
    };
    ws.onmessage = (ev) => {
      const msg = JSON.parse(String(ev.data)) as { type: string; status?: StatusSnapshot; entry?: LogLine };
      if (msg.type === 'status' && msg.status) {
        const last = this.history.at(-1);
        if (!last || msg.status.time > last.time) {
          this.history.push(msg.status);
          if (this.history.length > 300) this.history.shift();
        }
        for (const l of this.statusListeners) l(msg.status);
      } else if (msg.type === 'log' && msg.entry) {
        for (const l of this.logListeners) l(msg.entry);
      }
    };
    ws.onclose = () => {
      this.connected = false;
      // A socket replaced by a newer one (or closed by stop) must not reconnect behind it.
      if (this.stopped || this.ws !== ws) return;
      setTimeout(() => this.open(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 10_000);
    };
  }
}

/** The latest status sample (re-renders on each one). */
export function useStatus(live: LiveConnection): StatusSnapshot | undefined {
  const [status, setStatus] = useState<StatusSnapshot | undefined>(live.history.at(-1));
  useEffect(() => live.onStatus(setStatus), [live]);
  return status;
}
