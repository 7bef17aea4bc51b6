import { Errors } from '../../common/errors.js';
import { isUuid, SYSTEM_USER_ID, uuidv4 } from '../../common/ids.js';
import type { MessageRouter } from '../../presence/message-router.js';
import { StreamMode, type PresenceStream } from '../../presence/stream.js';
import type { Tracker } from '../../presence/tracker.js';
import type { Notification, NotificationList } from '../../protocol/notification-messages.js';
import type { NotificationRecord, NotificationRepository } from '../../storage/repositories.js';
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../../common/time-id-cursor.js';

/** Where a client that has seen nothing yet stands: before every notification. */
const START_POSITION = { createTime: 0, id: '' };

/** One notification to send. Codes <= 0 are reserved for the system; callers outside core must refuse them. */
export interface NotificationToSend {
  userId: string;
  subject: string;
  /** A plain object; it travels and is stored as its JSON text. */
  content: Record<string, unknown>;
  code: number;
  /** A user id; absent or '' means the system sent it. */
  senderId?: string;
  /** Persistent notifications are stored until the user deletes them; the others are only pushed live. */
  persistent: boolean;
}

/** Thrown for a notification that cannot be sent as given; nothing of the batch was stored or pushed. */
export class NotificationInputError extends Error {}

/** Every realtime session of a user is tracked, hidden, on this stream; live notifications go to it. */
export function notificationStream(userId: string): PresenceStream {
  return { mode: StreamMode.Notifications, subject: userId, subcontext: '', label: '' };
}

/**
 * In-app notifications: stores the persistent ones, pushes every one live to each connected session of its
 * recipient through the presence layer, and lists and deletes a user's stored ones.
 */
export class NotificationService {
  constructor(
    private readonly repository: NotificationRepository,
    private readonly tracker: Tracker,
    private readonly router: MessageRouter,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Sends notifications: all are checked first, the persistent ones are stored in one transaction, then each
   * recipient's connected sessions get theirs in one `notifications` envelope. Backs nk.notification(s)Send.
   */
  async send(notifications: readonly NotificationToSend[]): Promise<void> {
    const createTime = this.now();
    const records = notifications.map((n) => toRecord(n, createTime));
    const stored = records.filter((_, i) => notifications[i]!.persistent);
    if (stored.length > 0) await this.repository.insert(stored);

    const byUser = new Map<string, Notification[]>();
    records.forEach((record, i) => {
      let mine = byUser.get(record.userId);
      if (!mine) byUser.set(record.userId, (mine = []));
      // Nakama pushes the nil user id as the sender of system notifications (listing shows '').
      mine.push({ ...toNotification(record, notifications[i]!.persistent), senderId: record.senderId || SYSTEM_USER_ID });
    });
    for (const [userId, mine] of byUser) {
      const presences = this.tracker.listByStream(notificationStream(userId), true);
      if (presences.length === 0) continue;
      this.router.sendToPresenceIds(
        presences.map((p) => p.id),
        { case: 'notifications', payload: { notifications: mine } },
      );
    }
  }

  /**
   * The user's stored notifications oldest first, after the position `cacheableCursor` holds. The returned
   * cursor marks the last one listed (or stays where it was), so a later call returns only newer ones.
   */
  async list(userId: string, limit: number, cacheableCursor: string): Promise<NotificationList> {
    const after = cacheableCursor === '' ? undefined : decodeTimeIdCursor(cacheableCursor, true);
    if (after === null) throw Errors.notificationCursorMalformed();
    const records = await this.repository.list(userId, limit, after);
    const last = records.at(-1);
    return {
      notifications: records.map((record) => toNotification(record, true)),
      cacheableCursor: last ? encodeTimeIdCursor(last) : cacheableCursor || encodeTimeIdCursor(START_POSITION),
    };
  }

  /** Deletes the user's notifications among `ids`; ids that are unknown or someone else's are ignored. */
  async delete(userId: string, ids: readonly string[]): Promise<void> {
    const valid = ids.filter(isUuid);
    if (valid.length > 0) await this.repository.delete(userId, valid);
  }
}

function toRecord(n: NotificationToSend, createTime: number): NotificationRecord {
  if (!isUuid(n.userId)) throw new NotificationInputError('expects userId to be a valid UUID');
  if (typeof n.subject !== 'string' || n.subject === '') throw new NotificationInputError('expects subject to be a non-empty string');
  if (n.content === null || typeof n.content !== 'object' || Array.isArray(n.content)) {
    throw new NotificationInputError('expects content to be an object');
  }
  let content: string;
  try {
    content = JSON.stringify(n.content);
  } catch (err) {
    throw new NotificationInputError(`failed to convert content: ${(err as Error).message}`);
  }
  if (!Number.isInteger(n.code) || n.code < -2147483648 || n.code > 2147483647) {
    throw new NotificationInputError('expects code to be a 32-bit integer');
  }
  let senderId = (n.senderId ?? '').toLowerCase();
  if (senderId !== '' && !isUuid(senderId)) {
    throw new NotificationInputError('expects senderId to either be not set, empty string or a valid UUID');
  }
  if (senderId === SYSTEM_USER_ID) senderId = '';
  return { id: uuidv4(), userId: n.userId.toLowerCase(), subject: n.subject, content, code: n.code, senderId, createTime };
}

/** The wire shape; Nakama's notification times carry whole seconds. */
function toNotification(record: NotificationRecord, persistent: boolean): Notification {
  return {
    id: record.id,
    subject: record.subject,
    content: record.content,
    code: record.code,
    senderId: record.senderId,
    createTime: Math.floor(record.createTime / 1000) * 1000,
    persistent,
  };
}
