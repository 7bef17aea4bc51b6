import type { RealtimeSession } from './session.js';

/** Every open realtime session on this node, by session id and by user. */
export class SessionRegistry {
  private readonly byId = new Map<string, RealtimeSession>();
  private readonly byUser = new Map<string, Set<RealtimeSession>>();

  add(session: RealtimeSession): void {
    this.byId.set(session.id, session);
    let set = this.byUser.get(session.userId);
    if (!set) this.byUser.set(session.userId, (set = new Set()));
    set.add(session);
  }

  remove(session: RealtimeSession): void {
    this.byId.delete(session.id);
    const set = this.byUser.get(session.userId);
    set?.delete(session);
    if (set?.size === 0) this.byUser.delete(session.userId);
  }

  get(sessionId: string): RealtimeSession | undefined {
    return this.byId.get(sessionId);
  }

  forUser(userId: string): RealtimeSession[] {
    return [...(this.byUser.get(userId) ?? [])];
  }

  all(): IterableIterator<RealtimeSession> {
    return this.byId.values();
  }

  get count(): number {
    return this.byId.size;
  }
}
