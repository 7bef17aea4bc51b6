import { ErrorsWith } from '../../common/errors.js';
import { NotificationInputError } from '../../core/notification/notification-service.js';
import type { ConsoleDeps } from '../console-deps.js';
import type { ConsoleRoute } from '../route.js';
import { intQuery, stringField, uuidParam } from './input.js';

/** Notifications: send to one or more users (live and, if persistent, stored), list and delete a user's. */
export function notificationRoutes(deps: ConsoleDeps): ConsoleRoute[] {
  return [
    {
      method: 'POST',
      path: '/notification',
      async handle(req) {
        const ids = req.body.userIds;
        if (!Array.isArray(ids) || ids.length === 0 || ids.length > 1000) throw ErrorsWith.badField('userIds', 'a list of 1 to 1000 user ids');
        const userIds = ids.map((v) => uuidParam(typeof v === 'string' ? v : '', 'userIds'));
        const subject = stringField(req.body, 'subject', { max: 255 });
        const content = req.body.content ?? {};
        if (typeof content !== 'object' || content === null || Array.isArray(content)) throw ErrorsWith.badField('content', 'a JSON object');
        const code = req.body.code ?? 1;
        // Codes <= 0 are the server's own (Nakama reserves them), so the console sends positive ones only.
        if (typeof code !== 'number' || !Number.isInteger(code) || code < 1 || code > 2_147_483_647) throw ErrorsWith.badField('code', 'a positive integer');
        const persistent = req.body.persistent !== false;
        for (const userId of userIds) if (!(await deps.storage.accounts.findLoginById(userId))) throw ErrorsWith.badField('userIds', `existing users (${userId} is not one)`);
        try {
          await deps.notifications.send(userIds.map((userId) => ({ userId, subject, content: content as Record<string, unknown>, code, persistent })));
        } catch (err) {
          if (err instanceof NotificationInputError) throw ErrorsWith.badRequestBody(err.message);
          throw err;
        }
        return { sent: userIds.length };
      },
    },
    {
      method: 'GET',
      path: '/notification',
      async handle(req) {
        const userId = uuidParam(req.query.get('userId') ?? '', 'userId');
        const limit = intQuery(req.query, 'limit', 100, 1, 100);
        const list = await deps.notifications.list(userId, limit, req.query.get('cursor') ?? '');
        return {
          notifications: (list.notifications ?? []).map((n) => ({ ...n, senderId: n.senderId ?? '' })),
          cursor: list.cacheableCursor ?? '',
        };
      },
    },
    {
      method: 'DELETE',
      path: '/notification/{userId}/{id}',
      async handle(req) {
        await deps.notifications.delete(uuidParam(req.params.userId, 'userId'), [uuidParam(req.params.id, 'id')]);
        return {};
      },
    },
  ];
}
