import type { WebSocket } from 'ws';
import type { Envelope } from '../protocol/realtime-messages.js';
import type { EnvelopeCodec } from './codec.js';

export interface SessionLimits {
  /** Bytes the socket may hold unsent (outgoing_queue_size messages of the largest size) before it is dropped. */
  maxBufferedBytes: number;
  pingPeriodMs: number;
  pongWaitMs: number;
}

/**
 * One client's realtime connection: its identity, its codec and its socket. Sends never block: a
 * client that stops reading fills its own buffer and is disconnected, and nobody else waits on it.
 */
export class RealtimeSession {
  private lastPong = Date.now();
  private pingTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly closeListeners: Array<() => void> = [];

  constructor(
    readonly id: string,
    readonly userId: string,
    readonly username: string,
    readonly vars: Record<string, string>,
    readonly expiresAt: number,
    readonly lang: string,
    private readonly ws: WebSocket,
    private readonly codec: EnvelopeCodec,
    private readonly limits: SessionLimits,
  ) {
    ws.on('pong', () => (this.lastPong = Date.now()));
    ws.on('close', () => this.finish());
    ws.on('error', () => this.finish());
    this.pingTimer = setInterval(() => this.keepAlive(), limits.pingPeriodMs);
    this.pingTimer.unref();
  }

  get format(): 'json' | 'protobuf' {
    return this.codec.format;
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  send(envelope: Envelope | { cid: string }): void {
    if (this.closed) return;
    if (this.ws.bufferedAmount > this.limits.maxBufferedBytes) {
      this.close(1008, 'outgoing queue full');
      return;
    }
    this.ws.send(this.codec.encode(envelope));
  }

  /** Closes with a code and reason; the close handshake is bounded by `terminate` if the peer stalls. */
  close(code?: number, reason?: string): void {
    if (this.closed) return;
    // No code at all is what Nakama sends for a bad envelope (the client sees 1005).
    if (code === undefined) this.ws.close();
    else this.ws.close(code, reason);
    setTimeout(() => this.ws.terminate(), 2000).unref();
    this.finish();
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  private keepAlive(): void {
    if (Date.now() - this.lastPong > this.limits.pongWaitMs) {
      this.ws.terminate();
      this.finish();
      return;
    }
    this.ws.ping();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pingTimer);
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}
