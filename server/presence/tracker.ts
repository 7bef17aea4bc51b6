import { streamKey, type Presence, type PresenceMeta, type PresenceStream } from './stream.js';

/** What changed on one stream: presences that joined (or changed, with their new meta) and that left. */
export interface PresenceEvent {
  stream: PresenceStream;
  joins: Presence[];
  leaves: Presence[];
}

export type PresenceListener = (event: PresenceEvent) => void;

/** The presence tracker's contract; LocalTracker holds one node's presences in memory. */
export interface Tracker {
  /** Returns false when the session was already on the stream. */
  track(sessionId: string, stream: PresenceStream, userId: string, meta: PresenceMeta): boolean;
  /** Changes a tracked presence's meta: followers see it leave with the old meta and join with the new. */
  update(sessionId: string, stream: PresenceStream, userId: string, meta: PresenceMeta): boolean;
  untrack(sessionId: string, stream: PresenceStream): boolean;
  untrackAll(sessionId: string): void;
  get(sessionId: string, stream: PresenceStream): Presence | undefined;
  listByStream(stream: PresenceStream, includeHidden: boolean): Presence[];
  count(): number;
  subscribe(listener: PresenceListener): () => void;
}

export class LocalTracker implements Tracker {
  private readonly byStream = new Map<string, Map<string, Presence>>();
  private readonly bySession = new Map<string, Map<string, Presence>>();
  private readonly listeners = new Set<PresenceListener>();

  constructor(private readonly node: string) {}

  track(sessionId: string, stream: PresenceStream, userId: string, meta: PresenceMeta): boolean {
    const key = streamKey(stream);
    if (this.byStream.get(key)?.has(sessionId)) return false;
    const presence: Presence = { id: { node: this.node, sessionId }, stream, userId, meta };
    this.put(key, presence);
    this.emit({ stream, joins: [presence], leaves: [] });
    return true;
  }

  update(sessionId: string, stream: PresenceStream, userId: string, meta: PresenceMeta): boolean {
    const key = streamKey(stream);
    const old = this.byStream.get(key)?.get(sessionId);
    const presence: Presence = { id: { node: this.node, sessionId }, stream, userId, meta };
    this.put(key, presence);
    this.emit({ stream, joins: [presence], leaves: old ? [old] : [] });
    return true;
  }

  untrack(sessionId: string, stream: PresenceStream): boolean {
    const key = streamKey(stream);
    const presence = this.byStream.get(key)?.get(sessionId);
    if (!presence) return false;
    this.remove(key, presence);
    this.emit({ stream, joins: [], leaves: [presence] });
    return true;
  }

  untrackAll(sessionId: string): void {
    const streams = this.bySession.get(sessionId);
    if (!streams) return;
    for (const [key, presence] of [...streams]) {
      this.remove(key, presence);
      this.emit({ stream: presence.stream, joins: [], leaves: [presence] });
    }
  }

  get(sessionId: string, stream: PresenceStream): Presence | undefined {
    return this.byStream.get(streamKey(stream))?.get(sessionId);
  }

  listByStream(stream: PresenceStream, includeHidden: boolean): Presence[] {
    const all = [...(this.byStream.get(streamKey(stream))?.values() ?? [])];
    return includeHidden ? all : all.filter((p) => !p.meta.hidden);
  }

  count(): number {
    let n = 0;
    for (const m of this.byStream.values()) n += m.size;
    return n;
  }

  subscribe(listener: PresenceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private put(key: string, presence: Presence): void {
    let members = this.byStream.get(key);
    if (!members) this.byStream.set(key, (members = new Map()));
    members.set(presence.id.sessionId, presence);
    let streams = this.bySession.get(presence.id.sessionId);
    if (!streams) this.bySession.set(presence.id.sessionId, (streams = new Map()));
    streams.set(key, presence);
  }

  private remove(key: string, presence: Presence): void {
    const members = this.byStream.get(key);
    members?.delete(presence.id.sessionId);
    if (members?.size === 0) this.byStream.delete(key);
    const streams = this.bySession.get(presence.id.sessionId);
    streams?.delete(key);
    if (streams?.size === 0) this.bySession.delete(presence.id.sessionId);
  }

  private emit(event: PresenceEvent): void {
    // Hidden presences are tracked but never announced.
    const visible: PresenceEvent = {
      stream: event.stream,
      joins: event.joins.filter((p) => !p.meta.hidden),
      leaves: event.leaves.filter((p) => !p.meta.hidden),
    };
    if (visible.joins.length === 0 && visible.leaves.length === 0) return;
    for (const listener of this.listeners) listener(visible);
  }
}
