import { directStream, formatChannelId, groupStream, roomStream } from '../../core/channel/channel-id.js';
import { SYSTEM_USER_ID } from '../../common/ids.js';
import { bool, int, obj, optStr, str, uuid } from './args.js';
import type { NkArea } from './table.js';

/** Nakama's ChannelType numbers: 1 room, 2 direct message, 3 group. */
const ROOM = 1;
const DIRECT = 2;
const GROUP = 3;

function buildChannelId(senderId: unknown, target: unknown, type: unknown): string {
  const t = str(target, 'target string');
  switch (int(type, 'channel type')) {
    case ROOM:
      if (t === '' || t.length > 64) throw new Error('Channel name is required and must be 1-64 chars');
      return formatChannelId(roomStream(t));
    case DIRECT:
      return formatChannelId(directStream(uuid(senderId, 'sender id'), uuid(t, 'target user id')));
    case GROUP:
      return formatChannelId(groupStream(uuid(t, 'group id')));
    default:
      throw new Error('Invalid channel type');
  }
}

/** channelIdBuild and channelMessageSend (sent by the server, optionally as a named sender). */
export const channelsArea: NkArea = (table, { channels }) => {
  table.register('channelIdBuild', ([senderId, target, type]) => buildChannelId(senderId, target, type));
  table.register('channelMessageSend', async ([channelId, content, senderId, senderUsername, persist]) => {
    const body = content === undefined || content === null ? {} : obj(content, 'content object');
    const sender = optStr(senderId, 'sender id string');
    const ack = await channels.sendFromServer(
      str(channelId, 'channel id string'),
      JSON.stringify(body),
      // Nakama sends as the system user (the nil UUID) when no sender is named.
      { userId: sender ? uuid(sender, 'sender id') : SYSTEM_USER_ID, username: optStr(senderUsername, 'sender username string') ?? '' },
      bool(persist, true),
    );
    return {
      channelId: ack.channelId,
      messageId: ack.messageId,
      code: ack.code ?? 0,
      username: ack.username ?? '',
      createTime: Math.floor((ack.createTime ?? 0) / 1000),
      updateTime: Math.floor((ack.updateTime ?? 0) / 1000),
      persistent: ack.persistent ?? false,
    };
  });
};
