import { isUuid } from '../common/ids.js';

/**
 * Ids of things a node hosts (matches, parties) are `<uuid>.<node>`, so a cluster can route by the id
 * alone. Relayed matches have an empty node part.
 */
export interface NodeScopedId {
  uuid: string;
  node: string;
}

/** Splits at the first dot, as Nakama does; undefined when there is no dot or the first part is no UUID. */
export function parseNodeScopedId(id: string): NodeScopedId | undefined {
  const dot = id.indexOf('.');
  if (dot < 0) return undefined;
  const uuid = id.slice(0, dot);
  if (!isUuid(uuid)) return undefined;
  return { uuid: uuid.toLowerCase(), node: id.slice(dot + 1) };
}

export function formatNodeScopedId(id: NodeScopedId): string {
  return `${id.uuid}.${id.node}`;
}
