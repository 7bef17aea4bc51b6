import { defineMessage } from './message.js';

/**
 * Chat messages of the client API (nakama.api ChannelMessage, ChannelMessageList and the history request),
 * with the field names and numbers of Nakama's api.proto. The realtime socket pushes the same ChannelMessage.
 */

export interface ChannelMessage {
  channelId: string;
  messageId: string;
  /** 0 chat, 1 chat update, 2 chat remove; always sent (a wrapper). */
  code: number;
  senderId: string;
  username: string;
  /** A JSON object as text. */
  content: string;
  /** Unix milliseconds. */
  createTime: number;
  updateTime: number;
  /** Always sent (a wrapper): false when the message was not stored. */
  persistent: boolean;
  roomName?: string;
  groupId?: string;
  userIdOne?: string;
  userIdTwo?: string;
}
export const ChannelMessageMsg = defineMessage<ChannelMessage>('ChannelMessage', [
  ['channel_id', 1, 'string'],
  ['message_id', 2, 'string'],
  ['code', 3, 'Int32Value'],
  ['sender_id', 4, 'string'],
  ['username', 5, 'string'],
  ['content', 6, 'string'],
  ['create_time', 7, 'timestamp'],
  ['update_time', 8, 'timestamp'],
  ['persistent', 9, 'BoolValue'],
  ['room_name', 10, 'string'],
  ['group_id', 11, 'string'],
  ['user_id_one', 12, 'string'],
  ['user_id_two', 13, 'string'],
]);

export interface ChannelMessageList {
  messages?: ChannelMessage[];
  nextCursor?: string;
  prevCursor?: string;
  cacheableCursor?: string;
}
export const ChannelMessageListMsg = defineMessage<ChannelMessageList>('ChannelMessageList', [
  ['messages', 1, 'message', { repeated: true, message: () => ChannelMessageMsg }],
  ['next_cursor', 2, 'string'],
  ['prev_cursor', 3, 'string'],
  ['cacheable_cursor', 4, 'string'],
]);

export interface ListChannelMessagesRequest {
  channelId?: string;
  limit?: number;
  forward?: boolean;
  cursor?: string;
}
export const ListChannelMessagesRequestMsg = defineMessage<ListChannelMessagesRequest>('ListChannelMessagesRequest', [
  ['channel_id', 1, 'string'],
  ['limit', 2, 'Int32Value'],
  ['forward', 3, 'BoolValue'],
  ['cursor', 4, 'string'],
]);
