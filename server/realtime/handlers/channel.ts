import { ApiError, GrpcCode } from '../../common/errors.js';
import type { ChannelService, ChannelSession } from '../../core/channel/channel-service.js';
import type { ChannelJoin, ChannelLeave, ChannelMessageRemove, ChannelMessageSend, ChannelMessageUpdate } from '../../protocol/realtime-channel.js';
import { RealtimeErrorCode } from '../../protocol/realtime-messages.js';
import { RealtimeFailure, type RealtimeContext, type RealtimeOperation } from '../pipeline.js';

/** Catalogue errors as realtime errors: bad input is BAD_INPUT, a storage failure RUNTIME_EXCEPTION with Nakama's text. */
function toFailure(err: unknown): never {
  if (err instanceof ApiError && err.code === GrpcCode.InvalidArgument) throw new RealtimeFailure(RealtimeErrorCode.BadInput, err.message);
  if (err instanceof ApiError && err.code === GrpcCode.Internal && err.cause !== undefined) {
    throw new RealtimeFailure(RealtimeErrorCode.RuntimeException, err.message);
  }
  throw err;
}

export function channelOperations(channels: ChannelService, node: string): RealtimeOperation[] {
  const who = ({ session }: RealtimeContext): ChannelSession => ({ id: session.id, userId: session.userId, username: session.username, node });
  return [
    {
      case: 'channel_join',
      hook: 'ChannelJoin',
      handle: async (req: ChannelJoin, ctx) => ({ case: 'channel', payload: { ...(await channels.join(who(ctx), req).catch(toFailure)) } }),
    },
    {
      case: 'channel_leave',
      hook: 'ChannelLeave',
      handle(req: ChannelLeave, ctx) {
        try {
          channels.leave(who(ctx), req.channelId ?? '');
        } catch (err) {
          toFailure(err);
        }
        return 'ack';
      },
    },
    {
      case: 'channel_message_send',
      hook: 'ChannelMessageSend',
      handle: async (req: ChannelMessageSend, ctx) => ({
        case: 'channel_message_ack',
        payload: { ...(await channels.send(who(ctx), req.channelId ?? '', req.content ?? '').catch(toFailure)) },
      }),
    },
    {
      case: 'channel_message_update',
      hook: 'ChannelMessageUpdate',
      handle: async (req: ChannelMessageUpdate, ctx) => ({
        case: 'channel_message_ack',
        payload: { ...(await channels.update(who(ctx), req.channelId ?? '', req.messageId ?? '', req.content ?? '').catch(toFailure)) },
      }),
    },
    {
      case: 'channel_message_remove',
      hook: 'ChannelMessageRemove',
      handle: async (req: ChannelMessageRemove, ctx) => ({
        case: 'channel_message_ack',
        payload: { ...(await channels.remove(who(ctx), req.channelId ?? '', req.messageId ?? '').catch(toFailure)) },
      }),
    },
  ];
}
