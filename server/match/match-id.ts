import { StreamMode, type PresenceStream } from '../presence/stream.js';
import { formatNodeScopedId, parseNodeScopedId, type NodeScopedId } from '../presence/node-scoped-id.js';

/** A match id: `<uuid>.<node>`. */
export type MatchId = NodeScopedId;
export const parseMatchId = parseNodeScopedId;
export const formatMatchId = formatNodeScopedId;

/** RFC 4122's DNS namespace: Nakama derives named match ids with `uuid.NewV5(uuid.NamespaceDNS, name)`. */
export const NAMESPACE_DNS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

/** The tracker stream whose presences are the match's members. */
export function matchStream(id: MatchId): PresenceStream {
  return { mode: id.node === '' ? StreamMode.MatchRelayed : StreamMode.MatchAuthoritative, subject: id.uuid, subcontext: '', label: id.node };
}
