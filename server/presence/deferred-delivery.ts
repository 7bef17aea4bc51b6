import type { MessageRouter } from './message-router.js';
import type { PresenceId } from './stream.js';
import type { Envelope } from '../protocol/realtime-messages.js';

/**
 * Delivers envelopes on the next turn of the event loop, in the order they were queued: a handler's reply
 * reaches its caller before the events its action caused (Nakama's presence events are asynchronous too),
 * and match data never overtakes the presence events queued before it.
 */
export class DeferredDelivery {
  private queue: Array<{ ids: readonly PresenceId[]; envelope: Envelope }> = [];
  private pending: NodeJS.Immediate | undefined;

  constructor(private readonly router: MessageRouter) {}

  send(ids: readonly PresenceId[], envelope: Envelope): void {
    if (ids.length === 0) return;
    this.queue.push({ ids, envelope });
    this.pending ??= setImmediate(() => this.flush());
  }

  /** Sends everything queued now; stop() calls it so nothing is left behind on a timer. */
  flush(): void {
    if (this.pending) clearImmediate(this.pending);
    this.pending = undefined;
    const batch = this.queue;
    this.queue = [];
    for (const { ids, envelope } of batch) this.router.sendToPresenceIds(ids, envelope);
  }
}
