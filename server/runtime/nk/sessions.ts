import { str, strArray, uuid } from './args.js';
import type { NkArea } from './table.js';

/** sessionDisconnect (closes a live socket on this node) and sessionLogout (revokes every session of a user). */
export const sessionsArea: NkArea = (table, { realtimeSessions, sessions }) => {
  table.register('sessionDisconnect', ([sessionId]) => {
    realtimeSessions.get(uuid(sessionId, 'session id'))?.close();
    return null;
  });
  table.register('sessionLogout', async ([userId, token, refreshToken]) => {
    if (token !== undefined && token !== null) str(token, 'token string');
    if (refreshToken !== undefined && refreshToken !== null) str(refreshToken, 'refresh token string');
    // Naming single tokens needs their owner's session; a module logs the user out everywhere.
    await sessions.revokeAll(uuid(userId));
    return null;
  });
};

/** notificationsList and notificationsDelete for a user, as the client API offers them. */
export const notificationReadsArea: NkArea = (table, { notifications }) => {
  table.register('notificationsList', async ([userId, limit, cursor]) => {
    const n = limit === undefined || limit === null ? 100 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw new TypeError('expects limit to be 1-1000');
    const list = await notifications.list(uuid(userId), n, cursor ? str(cursor, 'cursor string') : '');
    return {
      notifications: (list.notifications ?? []).map((x) => ({
        id: x.id,
        subject: x.subject,
        content: JSON.parse(x.content || '{}') as unknown,
        code: x.code,
        senderId: x.senderId ?? '',
        createTime: Math.floor(x.createTime / 1000),
        persistent: x.persistent ?? false,
      })),
      cursor: list.cacheableCursor ?? '',
    };
  });
  table.register('notificationsDelete', async ([list]) => {
    if (!Array.isArray(list)) throw new TypeError('expects an array of {userId, notificationId}');
    const byUser = new Map<string, string[]>();
    for (const item of list) {
      const o = (item ?? {}) as Record<string, unknown>;
      const ids = byUser.get(uuid(o.userId)) ?? [];
      ids.push(str(o.notificationId, 'notification id string'));
      byUser.set(uuid(o.userId), ids);
    }
    for (const [userId, ids] of byUser) await notifications.delete(userId, strArray(ids, 'notification ids'));
    return null;
  });
};

/** statusFollow / statusUnfollow on behalf of a live socket on this node. */
export const statusArea: NkArea = (table, { realtimeSessions, status, node }) => {
  const sessionOf = (sessionId: unknown) => {
    const session = realtimeSessions.get(uuid(sessionId, 'session id'));
    if (!session) throw new Error('session not found');
    return { id: session.id, userId: session.userId, username: session.username, node };
  };
  table.register('statusFollow', async ([sessionId, userIds]) => {
    const ids = strArray(userIds, 'an array of user ids');
    ids.forEach((id) => uuid(id));
    await status.follow(sessionOf(sessionId), ids, []);
    return null;
  });
  table.register('statusUnfollow', ([sessionId, userIds]) => {
    const ids = strArray(userIds, 'an array of user ids');
    ids.forEach((id) => uuid(id));
    status.unfollow(sessionOf(sessionId), ids);
    return null;
  });
};
