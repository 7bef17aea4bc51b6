import { StreamMode, type PresenceStream } from '../presence/stream.js';
import { formatNodeScopedId, parseNodeScopedId, type NodeScopedId } from '../presence/node-scoped-id.js';

/** A party id: `<uuid>.<node>`. */
export type PartyId = NodeScopedId;
export const parsePartyId = parseNodeScopedId;
export const formatPartyId = formatNodeScopedId;

/** The tracker stream whose presences are the party's members (mode Party, label = hosting node). */
export function partyStream(id: PartyId): PresenceStream {
  return { mode: StreamMode.Party, subject: id.uuid, subcontext: '', label: id.node };
}
