import type { Presence, PresenceStream } from '../../presence/stream.js';
import { bool, int, obj, optStr, str, uuid } from './args.js';
import type { NkArea, NkServices } from './table.js';

export function streamOf(v: unknown): PresenceStream {
  const o = obj(v, 'stream object');
  return {
    mode: int(o.mode, 'stream mode'),
    subject: optStr(o.subject, 'stream subject string') ?? '',
    subcontext: optStr(o.subcontext, 'stream subcontext string') ?? '',
    label: optStr(o.label, 'stream label string') ?? '',
  };
}

function jsPresence(p: Presence): Record<string, unknown> {
  return {
    userId: p.userId,
    sessionId: p.id.sessionId,
    node: p.id.node,
    hidden: p.meta.hidden,
    persistence: p.meta.persistence,
    username: p.meta.username,
    status: p.meta.status,
  };
}

function liveSession(services: NkServices, userId: string, sessionId: string) {
  const session = services.realtimeSessions.get(sessionId);
  if (!session || session.userId !== userId) throw new Error('session not found');
  return session;
}

/** streamUserList/Get/Join/Update/Leave, streamCount, streamSend over the presence tracker and router. */
export const streamsArea: NkArea = (table, services) => {
  const { tracker, router } = services;
  table.register('streamUserList', ([stream, includeHidden, includeNotHidden]) => {
    const all = tracker.listByStream(streamOf(stream), true);
    const hidden = bool(includeHidden, true);
    const visible = bool(includeNotHidden, true);
    return all.filter((p) => (p.meta.hidden ? hidden : visible)).map(jsPresence);
  });
  table.register('streamUserGet', ([userId, sessionId, stream]) => {
    const p = tracker.get(uuid(sessionId, 'session id'), streamOf(stream));
    if (!p || p.userId !== uuid(userId)) return null;
    return { hidden: p.meta.hidden, persistence: p.meta.persistence, username: p.meta.username, status: p.meta.status };
  });
  const join = (update: boolean) => ([userId, sessionId, stream, hidden, persistence, status]: unknown[]) => {
    const uid = uuid(userId);
    const session = liveSession(services, uid, uuid(sessionId, 'session id'));
    const meta = { username: session.username, hidden: bool(hidden, false), persistence: bool(persistence, true), status: optStr(status, 'status string') ?? '' };
    const s = streamOf(stream);
    return update ? tracker.update(session.id, s, uid, meta) : tracker.track(session.id, s, uid, meta);
  };
  table.register('streamUserJoin', join(false));
  table.register('streamUserUpdate', join(true));
  table.register('streamUserLeave', ([userId, sessionId, stream]) => {
    uuid(userId);
    tracker.untrack(uuid(sessionId, 'session id'), streamOf(stream));
    return null;
  });
  table.register('streamUserKick', ([presence, stream]) => {
    const p = obj(presence, 'presence object');
    tracker.untrack(uuid(p.sessionId, 'session id'), streamOf(stream));
    return null;
  });
  table.register('streamCount', ([stream]) => tracker.listByStream(streamOf(stream), true).length);
  table.register('streamSend', ([stream, data, presences, reliable]) => {
    const s = streamOf(stream);
    let targets = tracker.listByStream(s, true).map((p) => p.id);
    if (Array.isArray(presences) && presences.length > 0) {
      targets = presences.map((v) => {
        const p = obj(v, 'presence object');
        return { sessionId: str(p.sessionId, 'presence session id'), node: optStr(p.node, 'presence node') || services.node };
      });
    }
    const payload = { stream: { mode: s.mode, subject: s.subject, subcontext: s.subcontext, label: s.label }, data: str(data, 'data string'), reliable: bool(reliable, true) };
    router.sendToPresenceIds(targets, { case: 'stream_data', payload });
    return null;
  });
};
