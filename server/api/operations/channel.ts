import { Errors, ErrorsWith } from '../../common/errors.js';
import { ChannelMessageListMsg, ListChannelMessagesRequestMsg } from '../../protocol/api-channel.js';
import { caller, defineOperation, type Operation } from '../operation.js';
import type { ApiServices } from './services.js';

/** Nakama lists one message when no limit is given, and at most this many. */
const DEFAULT_LIMIT = 1;
const MAX_LIMIT = 100;

export function channelOperations({ channels }: ApiServices): Operation[] {
  return [
    defineOperation({
      name: 'ListChannelMessages',
      routes: [{ method: 'GET', path: '/v2/channel/{channel_id}' }],
      auth: 'bearer',
      request: ListChannelMessagesRequestMsg,
      response: ChannelMessageListMsg,
      body: 'none',
      handle(req, ctx) {
        if (!req.channelId) throw Errors.channelIdInvalid();
        const limit = req.limit ?? DEFAULT_LIMIT;
        if (limit < 1 || limit > MAX_LIMIT) throw ErrorsWith.invalidLimit(MAX_LIMIT);
        // Without `forward`, Nakama lists oldest first.
        return channels.list(caller(ctx).userId, req.channelId, limit, req.forward ?? true, req.cursor ?? '');
      },
    }),
  ];
}
