import { PartyError } from '../../party/party-errors.js';
import { parsePartyId, type PartyId } from '../../party/party-id.js';
import type { PartyRegistry, PartySession } from '../../party/party-registry.js';
import { RealtimeErrorCode } from '../../protocol/realtime-messages.js';
import type { PartyCreate, PartyDataSend, PartyIdOnly, PartyPresenceTarget, PartyUpdate } from '../../protocol/realtime-party.js';
import type { UserPresence } from '../../protocol/user-presence.js';
import { RealtimeFailure, type RealtimeContext, type RealtimeOperation } from '../pipeline.js';

/** Nakama's bounds for PartyCreate.max_size. */
export const MAX_PARTY_SIZE = 256;

const badInput = (message: string) => new RealtimeFailure(RealtimeErrorCode.BadInput, message);

function partyId(text: string | undefined): PartyId {
  const id = parsePartyId(text ?? '');
  if (!id) throw badInput('Invalid party ID');
  return id;
}

/** A target presence must name all three of user, session and username, as in Nakama. */
function target(presence: Partial<UserPresence> | undefined): UserPresence {
  if (!presence?.userId || !presence.sessionId || !presence.username) throw badInput('Invalid presence');
  return { userId: presence.userId, sessionId: presence.sessionId, username: presence.username };
}

/** Runs a registry call; its reason goes out as BAD_INPUT behind the operation's prefix, as Nakama words it. */
function attempt<T>(prefix: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof PartyError) throw badInput(`${prefix}: ${err.reason}`);
    throw err;
  }
}

export function partyOperations(parties: PartyRegistry, node: string): RealtimeOperation[] {
  const who = ({ session }: RealtimeContext): PartySession => ({ id: session.id, userId: session.userId, username: session.username, node });
  return [
    {
      case: 'party_create',
      hook: 'PartyCreate',
      handle(req: PartyCreate, ctx) {
        const maxSize = req.maxSize ?? 0;
        if (maxSize < 1 || maxSize > MAX_PARTY_SIZE) throw badInput(`Invalid party max size, must be 1-${MAX_PARTY_SIZE}`);
        const settings = { open: req.open ?? false, hidden: req.hidden ?? false, maxSize, label: req.label ?? '' };
        return { case: 'party', payload: { ...attempt('Error creating party', () => parties.create(who(ctx), settings)) } };
      },
    },
    {
      case: 'party_join',
      hook: 'PartyJoin',
      handle(req: PartyIdOnly, ctx) {
        const id = partyId(req.partyId);
        attempt('Error joining party', () => parties.join(who(ctx), id));
        return 'ack';
      },
    },
    {
      case: 'party_leave',
      hook: 'PartyLeave',
      handle(req: PartyIdOnly, ctx) {
        parties.leave(who(ctx), partyId(req.partyId));
        return 'ack';
      },
    },
    {
      case: 'party_promote',
      hook: 'PartyPromote',
      handle(req: PartyPresenceTarget, ctx) {
        const presence = target(req.presence);
        const id = partyId(req.partyId);
        attempt('Error promoting new party leader', () => parties.promote(who(ctx), id, presence));
        return 'ack';
      },
    },
    {
      case: 'party_accept',
      hook: 'PartyAccept',
      handle(req: PartyPresenceTarget, ctx) {
        const presence = target(req.presence);
        const id = partyId(req.partyId);
        attempt('Error accepting party join request', () => parties.accept(who(ctx), id, presence));
        return 'ack';
      },
    },
    {
      case: 'party_remove',
      hook: 'PartyRemove',
      handle(req: PartyPresenceTarget, ctx) {
        const presence = target(req.presence);
        const id = partyId(req.partyId);
        attempt('Error removing party member or join request', () => parties.remove(who(ctx), id, presence));
        return 'ack';
      },
    },
    {
      case: 'party_close',
      hook: 'PartyClose',
      handle(req: PartyIdOnly, ctx) {
        const id = partyId(req.partyId);
        attempt('Error closing party', () => parties.close(who(ctx), id));
        return 'ack';
      },
    },
    {
      case: 'party_join_request_list',
      hook: 'PartyJoinRequestList',
      handle(req: PartyIdOnly, ctx) {
        const id = partyId(req.partyId);
        const presences = attempt('Error listing party join requests', () => parties.joinRequests(who(ctx), id));
        // Nakama echoes the id as the client sent it.
        return { case: 'party_join_request', payload: { partyId: req.partyId, presences } };
      },
    },
    {
      case: 'party_data_send',
      hook: 'PartyDataSend',
      handle(req: PartyDataSend, ctx) {
        const id = partyId(req.partyId);
        attempt('Error sending party data', () => parties.sendData(who(ctx), id, req.opCode ?? 0, req.data));
        return 'ack';
      },
    },
    {
      case: 'party_update',
      hook: 'PartyUpdate',
      handle(req: PartyUpdate, ctx) {
        const id = partyId(req.partyId);
        const settings = { label: req.label ?? '', open: req.open ?? false, hidden: req.hidden ?? false };
        attempt('Error updating party', () => parties.update(who(ctx), id, settings));
        return 'ack';
      },
    },
  ];
}
