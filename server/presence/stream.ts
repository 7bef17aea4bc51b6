/** A presence stream: Nakama's (mode, subject, subcontext, label) address for a group of presences. */
export interface PresenceStream {
  mode: number;
  subject: string;
  subcontext: string;
  label: string;
}

/** Nakama's stream modes. */
export const StreamMode = {
  Notifications: 0,
  Status: 1,
  Channel: 2,
  Group: 3,
  DirectMessage: 4,
  MatchRelayed: 5,
  MatchAuthoritative: 6,
  Party: 7,
} as const;

export function streamKey(s: PresenceStream): string {
  return `${s.mode}\u0000${s.subject}\u0000${s.subcontext}\u0000${s.label}`;
}

/**
 * Where a presence lives: the node that holds its session and the session id. Registries key on both,
 * so a clustered tracker can replace the local one without changing callers.
 */
export interface PresenceId {
  node: string;
  sessionId: string;
}

export interface PresenceMeta {
  username: string;
  hidden: boolean;
  persistence: boolean;
  status: string;
}

export interface Presence {
  id: PresenceId;
  stream: PresenceStream;
  userId: string;
  meta: PresenceMeta;
}
