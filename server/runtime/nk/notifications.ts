import type { NotificationToSend } from '../../core/notification/notification-service.js';
import { bool, int, obj, optStr, str, uuid } from './args.js';
import type { NkArea } from './table.js';

function toSend(userId: unknown, subject: unknown, content: unknown, code: unknown, senderId: unknown, persistent: unknown): NotificationToSend {
  const c = int(code, 'code to be an integer');
  // Codes <= 0 are reserved for the server's own notifications.
  if (c <= 0) throw new Error('expects code number to be a positive integer');
  const sender = optStr(senderId, 'sender id string');
  return {
    userId: uuid(userId),
    subject: str(subject, 'subject string'),
    content: content === undefined || content === null ? {} : obj(content, 'content object'),
    code: c,
    senderId: sender ? uuid(sender, 'sender id') : undefined,
    persistent: bool(persistent, false),
  };
}

/** notificationSend, notificationsSend. */
export const notificationsArea: NkArea = (table, { notifications }) => {
  table.register('notificationSend', async ([userId, subject, content, code, senderId, persistent]) => {
    await notifications.send([toSend(userId, subject, content, code, senderId, persistent)]);
    return null;
  });
  table.register('notificationsSend', async ([list]) => {
    if (!Array.isArray(list)) throw new TypeError('expects an array of notifications');
    const batch = list.map((n) => {
      const o = obj(n, 'notification object');
      return toSend(o.userId, o.subject, o.content, o.code, o.senderId, o.persistent);
    });
    await notifications.send(batch);
    return null;
  });
};
