import { ChannelMessageMsg } from './api-channel.js';
import { defineMessage } from './message.js';
import type { EnvelopeCases } from './realtime-messages.js';
import { UserPresenceMsg, type UserPresence } from './user-presence.js';

/**
 * Chat channel messages of the realtime socket (nakama.realtime Channel*), with the names and numbers of
 * Nakama's realtime.proto. Spread into ENVELOPE_CASES as `channelCases`.
 */

/** Which kind of channel a message, ack or event is on: exactly one group of these is set. */
interface ChannelKind {
  roomName?: string;
  groupId?: string;
  userIdOne?: string;
  userIdTwo?: string;
}

export interface Channel extends ChannelKind {
  id: string;
  /** The other visible members (the caller too when it was already in the channel). */
  presences?: UserPresence[];
  self: UserPresence;
}
export const ChannelMsg = defineMessage<Channel>('Channel', [
  ['id', 1, 'string'],
  ['presences', 2, 'message', { repeated: true, message: () => UserPresenceMsg }],
  ['self', 3, 'message', { message: () => UserPresenceMsg }],
  ['room_name', 4, 'string'],
  ['group_id', 5, 'string'],
  ['user_id_one', 6, 'string'],
  ['user_id_two', 7, 'string'],
]);

/** ChannelJoin.Type: 0 (unspecified) is a room. */
export const ChannelType = { Unspecified: 0, Room: 1, DirectMessage: 2, Group: 3 } as const;

export interface ChannelJoin {
  target?: string;
  type?: number;
  /** Absent means true: messages are stored. */
  persistence?: boolean;
  hidden?: boolean;
}
export const ChannelJoinMsg = defineMessage<ChannelJoin>('ChannelJoin', [
  ['target', 1, 'string'],
  ['type', 2, 'int32'],
  ['persistence', 3, 'BoolValue'],
  ['hidden', 4, 'BoolValue'],
]);

export interface ChannelLeave {
  channelId?: string;
}
export const ChannelLeaveMsg = defineMessage<ChannelLeave>('ChannelLeave', [['channel_id', 1, 'string']]);

export interface ChannelMessageAck extends ChannelKind {
  channelId: string;
  messageId: string;
  code: number;
  username: string;
  createTime: number;
  updateTime: number;
  persistent: boolean;
}
export const ChannelMessageAckMsg = defineMessage<ChannelMessageAck>('ChannelMessageAck', [
  ['channel_id', 1, 'string'],
  ['message_id', 2, 'string'],
  ['code', 3, 'Int32Value'],
  ['username', 4, 'string'],
  ['create_time', 5, 'timestamp'],
  ['update_time', 6, 'timestamp'],
  ['persistent', 7, 'BoolValue'],
  ['room_name', 8, 'string'],
  ['group_id', 9, 'string'],
  ['user_id_one', 10, 'string'],
  ['user_id_two', 11, 'string'],
]);

export interface ChannelMessageSend {
  channelId?: string;
  content?: string;
}
export const ChannelMessageSendMsg = defineMessage<ChannelMessageSend>('ChannelMessageSend', [
  ['channel_id', 1, 'string'],
  ['content', 2, 'string'],
]);

export interface ChannelMessageUpdate {
  channelId?: string;
  messageId?: string;
  content?: string;
}
export const ChannelMessageUpdateMsg = defineMessage<ChannelMessageUpdate>('ChannelMessageUpdate', [
  ['channel_id', 1, 'string'],
  ['message_id', 2, 'string'],
  ['content', 3, 'string'],
]);

export interface ChannelMessageRemove {
  channelId?: string;
  messageId?: string;
}
export const ChannelMessageRemoveMsg = defineMessage<ChannelMessageRemove>('ChannelMessageRemove', [
  ['channel_id', 1, 'string'],
  ['message_id', 2, 'string'],
]);

export interface ChannelPresenceEvent extends ChannelKind {
  channelId: string;
  joins?: UserPresence[];
  leaves?: UserPresence[];
}
export const ChannelPresenceEventMsg = defineMessage<ChannelPresenceEvent>('ChannelPresenceEvent', [
  ['channel_id', 1, 'string'],
  ['joins', 2, 'message', { repeated: true, message: () => UserPresenceMsg }],
  ['leaves', 3, 'message', { repeated: true, message: () => UserPresenceMsg }],
  ['room_name', 4, 'string'],
  ['group_id', 5, 'string'],
  ['user_id_one', 6, 'string'],
  ['user_id_two', 7, 'string'],
]);

export const channelCases: EnvelopeCases = {
  channel: { no: 2, message: ChannelMsg },
  channel_join: { no: 3, message: ChannelJoinMsg },
  channel_leave: { no: 4, message: ChannelLeaveMsg },
  channel_message: { no: 5, message: ChannelMessageMsg },
  channel_message_ack: { no: 6, message: ChannelMessageAckMsg },
  channel_message_send: { no: 7, message: ChannelMessageSendMsg },
  channel_message_update: { no: 8, message: ChannelMessageUpdateMsg },
  channel_message_remove: { no: 9, message: ChannelMessageRemoveMsg },
  channel_presence_event: { no: 10, message: ChannelPresenceEventMsg },
};
