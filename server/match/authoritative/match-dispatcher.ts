import { Errors } from '../../common/errors.js';
import type { DeferredDelivery } from '../../presence/deferred-delivery.js';
import type { PresenceId, PresenceStream } from '../../presence/stream.js';
import type { Tracker } from '../../presence/tracker.js';
import type { Envelope } from '../../protocol/realtime-messages.js';
import type { DispatchAction, MatchPresence } from './match-handler.js';

/** Nakama's limit on a match label (`MatchLabelMaxBytes`). */
export const MATCH_LABEL_MAX_BYTES = 2048;

/** What the dispatcher needs from the match whose actions it applies. */
export interface DispatchTarget {
  readonly matchId: string;
  readonly stream: PresenceStream;
  /** The node this registry runs on: kicks reach only presences whose session lives here. */
  readonly node: string;
  /** The match's current members, by session id. */
  readonly presences: ReadonlyMap<string, MatchPresence>;
  /** The members' addresses, cached between membership changes (every broadcast to all needs them). */
  memberIds(): readonly PresenceId[];
  setLabel(label: string): void;
}

/** One outgoing message and who gets it, held back when deferred. */
export interface Outgoing {
  ids: readonly PresenceId[];
  envelope: Envelope;
}

export function checkLabel(label: string): void {
  if (Buffer.byteLength(label, 'utf8') > MATCH_LABEL_MAX_BYTES) throw Errors.matchLabelTooLong();
}

/**
 * Applies the dispatcher calls a handler made (Nakama's broadcastMessage, broadcastMessageDeferred,
 * matchKick, matchLabelUpdate), in the order it made them. Deferred broadcasts are returned rather than
 * sent, so the match sends them once the call is over.
 */
export class MatchDispatcher {
  constructor(
    private readonly delivery: DeferredDelivery,
    private readonly tracker: Tracker,
  ) {}

  /** Throws (as the handler's own error would) when an action is invalid, e.g. a label over 2048 bytes. */
  apply(match: DispatchTarget, actions: readonly DispatchAction[], deferred: Outgoing[]): void {
    for (const action of actions) {
      switch (action.kind) {
        case 'broadcast': {
          const out = this.broadcast(match, action);
          if (!out) break;
          if (action.deferred) deferred.push(out);
          else this.delivery.send(out.ids, out.envelope);
          break;
        }
        case 'kick':
          // Kicked presences leave the stream; the registry's tracker listener turns that into matchLeave.
          for (const p of action.presences) {
            if (p.node === match.node) this.tracker.untrack(p.sessionId, match.stream);
          }
          break;
        case 'label':
          checkLabel(action.label);
          match.setLabel(action.label);
          break;
      }
    }
  }

  send(messages: readonly Outgoing[]): void {
    for (const m of messages) this.delivery.send(m.ids, m.envelope);
  }

  /** Targets: every member, or the listed ones that are members (an empty list sends nothing), as in Nakama. */
  private broadcast(match: DispatchTarget, action: Extract<DispatchAction, { kind: 'broadcast' }>): Outgoing | undefined {
    let ids: readonly PresenceId[];
    if (action.presences === null) {
      ids = match.memberIds();
    } else {
      const listed: PresenceId[] = [];
      ids = listed;
      for (const p of action.presences) {
        const member = match.presences.get(p.sessionId);
        if (member && member.node === p.node) listed.push({ node: member.node, sessionId: member.sessionId });
      }
    }
    if (ids.length === 0) return undefined;
    const sender = action.sender ? { userId: action.sender.userId, sessionId: action.sender.sessionId, username: action.sender.username } : undefined;
    const envelope: Envelope = {
      case: 'match_data',
      payload: { matchId: match.matchId, presence: sender, opCode: action.opCode, data: action.data ?? undefined, reliable: action.reliable },
    };
    return { ids, envelope };
  }
}
