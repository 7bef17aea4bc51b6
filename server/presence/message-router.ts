import type { Envelope } from '../protocol/realtime-messages.js';
import type { PresenceId } from './stream.js';

/** Where a session lives, for delivery; the realtime layer's registry answers it on this node. */
export interface SessionLookup {
  get(sessionId: string): { send(envelope: Envelope): void } | undefined;
}

/**
 * Delivers envelopes to presences. The local router sends to sessions on this node; a clustered one will
 * forward presences whose node is elsewhere, with the same interface.
 */
export interface MessageRouter {
  sendToPresenceIds(ids: readonly PresenceId[], envelope: Envelope): void;
}

export class LocalMessageRouter implements MessageRouter {
  constructor(
    private readonly node: string,
    private readonly sessions: SessionLookup,
  ) {}

  sendToPresenceIds(ids: readonly PresenceId[], envelope: Envelope): void {
    for (const id of ids) {
      if (id.node !== this.node) continue;
      this.sessions.get(id.sessionId)?.send(envelope);
    }
  }
}
