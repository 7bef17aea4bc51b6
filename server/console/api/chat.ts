import { Errors, ErrorsWith } from '../../common/errors.js';
import { formatChannelId, parseChannelId } from '../../core/channel/channel-id.js';
import type { MessagePosition, MessageRecord } from '../../storage/repositories.js';
import type { ConsoleDeps } from '../console-deps.js';
import type { ConsoleRoute } from '../route.js';
import { intQuery } from './input.js';

function encodeCursor(m: MessageRecord): string {
  return Buffer.from(`${m.createTime}:${m.id}`).toString('base64url');
}

function decodeCursor(cursor: string): MessagePosition {
  const [time, id] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  const createTime = Number(time);
  if (!id || !Number.isSafeInteger(createTime)) throw ErrorsWith.badField('cursor', 'a cursor from a previous page');
  return { createTime, id };
}

/** Chat: channels that have history, their messages newest first, and deleting any message. */
export function chatRoutes(deps: ConsoleDeps): ConsoleRoute[] {
  return [
    {
      method: 'GET',
      path: '/channel',
      async handle(req) {
        const limit = intQuery(req.query, 'limit', 100, 1, 500);
        const channels = await deps.storage.console.listChannels(limit);
        return {
          channels: channels.map((c) => ({
            channelId: formatChannelId(c.stream),
            mode: c.stream.mode,
            subject: c.stream.subject,
            subcontext: c.stream.subcontext,
            label: c.stream.label,
            messageCount: c.messageCount,
            lastMessageTime: c.lastMessageTime,
          })),
        };
      },
    },
    {
      method: 'GET',
      path: '/channel/{channelId}/message',
      async handle(req) {
        const stream = parseChannelId(req.params.channelId!);
        if (!stream) throw Errors.channelIdInvalid();
        const limit = intQuery(req.query, 'limit', 50, 1, 100);
        const cursor = req.query.get('cursor');
        const rows = await deps.storage.messages.list(stream, limit + 1, false, cursor ? decodeCursor(cursor) : undefined);
        const page = rows.slice(0, limit);
        return {
          messages: page.map((m) => ({ messageId: m.id, senderId: m.senderId, username: m.username, code: m.code, content: m.content, createTime: m.createTime, updateTime: m.updateTime })),
          nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!) : '',
        };
      },
    },
    {
      method: 'DELETE',
      path: '/message/{id}',
      async handle(req) {
        const removed = await deps.storage.console.deleteMessage(req.params.id!);
        if (!removed) throw Errors.consoleMessageNotFound();
        deps.logger.info('chat message deleted from the console', { messageId: removed.id, admin: req.admin?.usn });
        return {};
      },
    },
  ];
}
