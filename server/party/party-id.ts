import { isUuid } from '../common/ids.js';
import { StreamMode, type PresenceStream } from '../presence/stream.js';

/** A party id is `<uuid>.<node>`: the node that hosts the party, so a cluster can route to it. */
export interface PartyId {
  uuid: string;
  node: string;
}

/** Splits at the first dot, as Nakama does; undefined when there is no dot or the first part is no UUID. */
export function parsePartyId(id: string): PartyId | undefined {
  const dot = id.indexOf('.');
  if (dot < 0) return undefined;
  const uuid = id.slice(0, dot);
  if (!isUuid(uuid)) return undefined;
  return { uuid: uuid.toLowerCase(), node: id.slice(dot + 1) };
}

export function formatPartyId(id: PartyId): string {
  return `${id.uuid}.${id.node}`;
}

/** The tracker stream whose presences are the party's members (mode Party, label = hosting node). */
export function partyStream(id: PartyId): PresenceStream {
  return { mode: StreamMode.Party, subject: id.uuid, subcontext: '', label: id.node };
}
