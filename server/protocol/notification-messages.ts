import { defineMessage } from './message.js';
import type { EnvelopeCases } from './realtime-messages.js';

/**
 * Notification messages: nakama.api's Notification, NotificationList and the list/delete requests, and
 * nakama.realtime's Notifications push, with the field names and numbers of Nakama's protos.
 */

export interface Notification {
  id: string;
  subject: string;
  /** A JSON object encoded as a string. */
  content: string;
  code: number;
  /** '' when the system sent it. */
  senderId?: string;
  /** Unix milliseconds; Nakama sends whole seconds. */
  createTime: number;
  persistent?: boolean;
}
export const NotificationMsg = defineMessage<Notification>('Notification', [
  ['id', 1, 'string'],
  ['subject', 2, 'string'],
  ['content', 3, 'string'],
  ['code', 4, 'int32'],
  ['sender_id', 5, 'string'],
  ['create_time', 6, 'timestamp'],
  ['persistent', 7, 'bool'],
]);

export interface NotificationList {
  notifications?: Notification[];
  cacheableCursor?: string;
}
export const NotificationListMsg = defineMessage<NotificationList>('NotificationList', [
  ['notifications', 1, 'message', { repeated: true, message: () => NotificationMsg }],
  ['cacheable_cursor', 2, 'string'],
]);

export interface ListNotificationsRequest {
  limit?: number;
  cacheableCursor?: string;
}
export const ListNotificationsRequestMsg = defineMessage<ListNotificationsRequest>('ListNotificationsRequest', [
  ['limit', 1, 'Int32Value'],
  ['cacheable_cursor', 2, 'string'],
]);

export interface DeleteNotificationsRequest {
  ids?: string[];
}
export const DeleteNotificationsRequestMsg = defineMessage<DeleteNotificationsRequest>('DeleteNotificationsRequest', [
  ['ids', 1, 'string', { repeated: true }],
]);

/** The realtime push: `{"notifications": {"notifications": [...]}}`, never under a cid. */
export interface Notifications {
  notifications?: Notification[];
}
export const NotificationsMsg = defineMessage<Notifications>('Notifications', [
  ['notifications', 1, 'message', { repeated: true, message: () => NotificationMsg }],
]);

/** Envelope cases this area adds; server-to-client only, so a client that sends one is refused. */
export const notificationCases: EnvelopeCases = {
  notifications: { no: 23, message: NotificationsMsg },
};
