import type { Service } from '../../common/lifecycle.js';
import type { Logger } from '../../common/logger.js';

/** A custom event, as Nakama's Event message carries it to registered handlers. */
export interface RuntimeEvent {
  name: string;
  properties: Record<string, string>;
  /** Unix milliseconds. */
  timestamp: number;
  /** True when a client sent it (POST /v2/event), false when the server itself emitted it. */
  external: boolean;
}

/** Who sent an event; empty for events the server emitted itself. */
export interface EventContext {
  userId?: string;
  username?: string;
  /** Session variables of the sender's token. */
  vars?: Record<string, string>;
  /** Token expiry, unix seconds. */
  expiry?: number;
  clientIp?: string;
  clientPort?: number;
}

export type EventHandler = (event: RuntimeEvent, context: EventContext) => void | Promise<void>;

export interface EventSinkOptions {
  /** Events waiting for handlers beyond this are dropped (and logged); Nakama's runtime.event_queue_size. */
  queueSize?: number;
}

/** Nakama's default runtime.event_queue_size. */
const DEFAULT_QUEUE_SIZE = 65_536;

/**
 * Custom events: the client API and the server publish them, subscribers (the runtime's event handlers)
 * receive them later, off the request path, one event at a time in publish order. A handler that throws
 * or rejects is logged and never affects the publisher or the other handlers.
 */
export class EventSink implements Service {
  readonly name = 'events';
  private readonly handlers = new Set<EventHandler>();
  private readonly queue: { event: RuntimeEvent; context: EventContext }[] = [];
  private readonly queueSize: number;
  private draining: Promise<void> | undefined;
  private stopped = false;
  private dropped = 0;

  constructor(
    private readonly logger: Logger,
    options: EventSinkOptions = {},
  ) {
    this.queueSize = options.queueSize ?? DEFAULT_QUEUE_SIZE;
  }

  async start(): Promise<void> {
    this.stopped = false;
  }

  /** Stops taking events and waits for the queued ones to reach their handlers. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.draining;
  }

  /** Adds a handler for every event published from now on; returns the function that removes it. */
  subscribe(handler: EventHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** Whether anyone listens; publishers may skip building events nobody would receive. */
  get hasSubscribers(): boolean {
    return this.handlers.size > 0;
  }

  /** Queues an event for the handlers and returns at once; never throws. */
  publish(event: RuntimeEvent, context: EventContext = {}): void {
    if (this.stopped || this.handlers.size === 0) return;
    if (this.queue.length >= this.queueSize) {
      // Log the first drop and then every thousandth, so a flood cannot flood the log too.
      if (this.dropped++ % 1000 === 0) this.logger.warn('event queue full, event dropped', { name: event.name, dropped: this.dropped });
      return;
    }
    this.queue.push({ event, context });
    this.draining ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain());
  }

  private async drain(): Promise<void> {
    try {
      for (let item = this.queue.shift(); item !== undefined; item = this.queue.shift()) {
        await Promise.all([...this.handlers].map((handler) => this.deliver(handler, item!.event, item!.context)));
      }
    } finally {
      this.draining = undefined;
    }
  }

  private async deliver(handler: EventHandler, event: RuntimeEvent, context: EventContext): Promise<void> {
    try {
      await handler(event, context);
    } catch (err) {
      this.logger.error('event handler failed', { event: event.name, err });
    }
  }
}
