import { isUuid } from '../../common/ids.js';
import { StreamMode, type PresenceStream } from '../../presence/stream.js';

/**
 * Channel ids are Nakama's `"<mode>.<subject>.<subcontext>.<label>"` rendering of a presence stream:
 * a room is `2...<name>`, a group `3.<group id>..`, a direct chat `4.<lower user id>.<higher user id>.`.
 */

/** The fields every channel message, ack and presence event repeats to say which kind of channel it is on. */
export interface ChannelFields {
  roomName?: string;
  groupId?: string;
  userIdOne?: string;
  userIdTwo?: string;
}

/** Room names (and so room labels) are 1-64 bytes. */
export const MAX_ROOM_NAME_BYTES = 64;

export function roomStream(name: string): PresenceStream {
  return { mode: StreamMode.Channel, subject: '', subcontext: '', label: name };
}

export function groupStream(groupId: string): PresenceStream {
  return { mode: StreamMode.Group, subject: groupId.toLowerCase(), subcontext: '', label: '' };
}

/** The pair is ordered so both users reach the same stream whoever opens it. */
export function directStream(userA: string, userB: string): PresenceStream {
  const [one, two] = [userA.toLowerCase(), userB.toLowerCase()].sort();
  return { mode: StreamMode.DirectMessage, subject: one!, subcontext: two!, label: '' };
}

export function isChannelStream(stream: PresenceStream): boolean {
  return stream.mode === StreamMode.Channel || stream.mode === StreamMode.Group || stream.mode === StreamMode.DirectMessage;
}

export function formatChannelId(stream: PresenceStream): string {
  return `${stream.mode}.${stream.subject}.${stream.subcontext}.${stream.label}`;
}

/**
 * The stream a channel id names, or undefined when it is malformed. Like Nakama, this splits into at most
 * four parts (a room label may hold dots) and accepts an empty id part where Nakama would read the nil UUID.
 */
export function parseChannelId(channelId: string): PresenceStream | undefined {
  const first = channelId.indexOf('.');
  const second = first < 0 ? -1 : channelId.indexOf('.', first + 1);
  const third = second < 0 ? -1 : channelId.indexOf('.', second + 1);
  if (third < 0) return undefined;
  const mode = channelId.slice(0, first);
  const subject = channelId.slice(first + 1, second);
  const subcontext = channelId.slice(second + 1, third);
  const label = channelId.slice(third + 1);
  const id = (part: string): string | undefined => (part === '' ? '' : isUuid(part) ? part.toLowerCase() : undefined);
  switch (mode) {
    case '2': {
      const bytes = Buffer.byteLength(label, 'utf8');
      if (subject !== '' || subcontext !== '' || bytes < 1 || bytes > MAX_ROOM_NAME_BYTES) return undefined;
      return roomStream(label);
    }
    case '3': {
      const groupId = id(subject);
      if (groupId === undefined || subcontext !== '' || label !== '') return undefined;
      return { mode: StreamMode.Group, subject: groupId, subcontext: '', label: '' };
    }
    case '4': {
      const one = id(subject);
      const two = id(subcontext);
      if (one === undefined || two === undefined || label !== '') return undefined;
      return { mode: StreamMode.DirectMessage, subject: one, subcontext: two, label: '' };
    }
    default:
      return undefined;
  }
}

/** room_name, group_id or user_id_one/two, as Nakama fills them for the stream's mode. */
export function channelFields(stream: PresenceStream): ChannelFields {
  switch (stream.mode) {
    case StreamMode.Channel:
      return { roomName: stream.label };
    case StreamMode.Group:
      return { groupId: stream.subject };
    case StreamMode.DirectMessage:
      return { userIdOne: stream.subject, userIdTwo: stream.subcontext };
    default:
      return {};
  }
}
