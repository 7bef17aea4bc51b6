import { createHash } from 'node:crypto';
import { isUuid } from '../common/ids.js';
import { StreamMode, type PresenceStream } from '../presence/stream.js';

/** RFC 4122's DNS namespace: Nakama derives named match ids with `uuid.NewV5(uuid.NamespaceDNS, name)`. */
export const NAMESPACE_DNS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

/** A name-based UUID (RFC 4122 version 5): SHA-1 of namespace and name, so a name always gives the same id. */
export function uuidv5(name: string, namespace: string): string {
  const bytes = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A match id is `<uuid>.<node>`: relayed matches have an empty node part (`"<uuid>."`), authoritative ones
 * name the node that runs them.
 */
export interface MatchId {
  uuid: string;
  node: string;
}

/** Splits at the first dot, as Nakama does; undefined when there is no dot or the first part is no UUID. */
export function parseMatchId(id: string): MatchId | undefined {
  const dot = id.indexOf('.');
  if (dot < 0) return undefined;
  const uuid = id.slice(0, dot);
  if (!isUuid(uuid)) return undefined;
  return { uuid: uuid.toLowerCase(), node: id.slice(dot + 1) };
}

export function formatMatchId(id: MatchId): string {
  return `${id.uuid}.${id.node}`;
}

/** The tracker stream whose presences are the match's members. */
export function matchStream(id: MatchId): PresenceStream {
  return { mode: id.node === '' ? StreamMode.MatchRelayed : StreamMode.MatchAuthoritative, subject: id.uuid, subcontext: '', label: id.node };
}
