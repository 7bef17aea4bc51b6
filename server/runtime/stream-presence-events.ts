import type { Service } from '../common/lifecycle.js';
import type { MessageRouter } from '../presence/message-router.js';
import type { Presence } from '../presence/stream.js';
import type { Tracker } from '../presence/tracker.js';

/** Nakama's built-in stream modes (notifications .. party) have their own events; the rest are modules' streams. */
const LAST_BUILTIN_MODE = 7;

function userPresence(p: Presence) {
  return { userId: p.userId, sessionId: p.id.sessionId, username: p.meta.username, persistence: p.meta.persistence, status: p.meta.status || undefined };
}

/**
 * `stream_presence_event` for streams modules create with nk.streamUserJoin/Leave: every member of the
 * stream hears who joined and left (hidden presences are not announced), as Nakama's tracker does.
 */
export class StreamPresenceEvents implements Service {
  readonly name = 'stream-presence-events';
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly tracker: Tracker,
    private readonly router: MessageRouter,
  ) {}

  async start(): Promise<void> {
    this.unsubscribe ??= this.tracker.subscribe(({ stream, joins, leaves }) => {
      if (stream.mode <= LAST_BUILTIN_MODE) return;
      const visibleJoins = joins.filter((p) => !p.meta.hidden).map(userPresence);
      const visibleLeaves = leaves.filter((p) => !p.meta.hidden).map(userPresence);
      if (visibleJoins.length === 0 && visibleLeaves.length === 0) return;
      const members = this.tracker.listByStream(stream, true).map((p) => p.id);
      this.router.sendToPresenceIds(members, {
        case: 'stream_presence_event',
        payload: { stream: { mode: stream.mode, subject: stream.subject, subcontext: stream.subcontext, label: stream.label }, joins: visibleJoins, leaves: visibleLeaves },
      });
    });
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
