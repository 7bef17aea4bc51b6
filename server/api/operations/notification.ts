import { ErrorsWith } from '../../common/errors.js';
import { EmptyMsg } from '../../protocol/api-messages.js';
import {
  DeleteNotificationsRequestMsg,
  ListNotificationsRequestMsg,
  NotificationListMsg,
} from '../../protocol/notification-messages.js';
import { caller, defineOperation, type Operation } from '../operation.js';
import type { ApiServices } from './services.js';

/** Nakama lists one notification when no limit is given, and at most this many. */
const DEFAULT_LIMIT = 1;
const MAX_LIMIT = 100;

export function notificationOperations({ notifications }: ApiServices): Operation[] {
  return [
    defineOperation({
      name: 'ListNotifications',
      routes: [{ method: 'GET', path: '/v2/notification' }],
      auth: 'bearer',
      request: ListNotificationsRequestMsg,
      response: NotificationListMsg,
      body: 'none',
      handle(req, ctx) {
        const limit = req.limit ?? DEFAULT_LIMIT;
        if (limit < 1 || limit > MAX_LIMIT) throw ErrorsWith.invalidLimit(MAX_LIMIT);
        return notifications.list(caller(ctx).userId, limit, req.cacheableCursor ?? '');
      },
    }),
    defineOperation({
      name: 'DeleteNotifications',
      routes: [{ method: 'DELETE', path: '/v2/notification' }],
      auth: 'bearer',
      request: DeleteNotificationsRequestMsg,
      response: EmptyMsg,
      body: 'none',
      async handle(req, ctx) {
        await notifications.delete(caller(ctx).userId, req.ids ?? []);
        return {};
      },
    }),
  ];
}
