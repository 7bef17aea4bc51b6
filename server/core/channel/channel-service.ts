import { ApiError, Errors } from '../../common/errors.js';
import { isUuid, SYSTEM_USER_ID, uuidv4 } from '../../common/ids.js';
import type { Service } from '../../common/lifecycle.js';
import { DeferredDelivery } from '../../presence/deferred-delivery.js';
import type { MessageRouter } from '../../presence/message-router.js';
import { StreamMode, type Presence, type PresenceStream } from '../../presence/stream.js';
import type { PresenceEvent, Tracker } from '../../presence/tracker.js';
import type { ChannelMessage, ChannelMessageList } from '../../protocol/api-channel.js';
import { ChannelType, type Channel, type ChannelJoin, type ChannelMessageAck } from '../../protocol/realtime-channel.js';
import type { UserPresence } from '../../protocol/user-presence.js';
import type { MessageRecord, MessageRepository } from '../../storage/repositories.js';
import { decodeChannelCursor, encodeChannelCursor, type ChannelCursor } from './channel-cursor.js';
import { channelFields, directStream, formatChannelId, groupStream, isChannelStream, MAX_ROOM_NAME_BYTES, parseChannelId, roomStream } from './channel-id.js';
import type { GroupMembership } from './group-membership.js';

/** The caller of a channel operation: one realtime session on one node. */
export interface ChannelSession {
  id: string;
  userId: string;
  username: string;
  node: string;
}

/** Nakama's channel message codes. */
export const ChannelMessageCode = { Chat: 0, ChatUpdate: 1, ChatRemove: 2 } as const;

export interface ChannelServiceDeps {
  tracker: Tracker;
  router: MessageRouter;
  messages: MessageRepository;
  /** Whether a user account exists (the other side of a direct chat). */
  userExists(userId: string): Promise<boolean>;
  groups: GroupMembership;
  /** Tells a user that someone opened a direct chat with them while they were not in it (Nakama's code -1 notification). */
  notifyDirectChat?(toUserId: string, from: { userId: string; username: string }): Promise<void>;
  now?: () => number;
}

const CONTROL_CHARS = /[\x00-\x1f\x7f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Nakama's rule for message content: valid JSON whose first non-space character opens an object. */
function isJsonObjectText(text: string): boolean {
  if (!text.trimStart().startsWith('{')) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function userPresence(p: Presence): UserPresence {
  return { userId: p.userId, sessionId: p.id.sessionId, username: p.meta.username, persistence: p.meta.persistence };
}

/**
 * Chat channels: rooms, group chats and direct chats. A channel is nothing but its members' presences on
 * the tracker (its stream is what the channel id spells), so disconnects end memberships with no
 * bookkeeping here. Messages sent by members who joined with persistence are stored for the history.
 */
export class ChannelService implements Service {
  readonly name = 'channels';
  private readonly delivery: DeferredDelivery;
  private readonly now: () => number;
  private lastTime = 0;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly deps: ChannelServiceDeps) {
    this.delivery = new DeferredDelivery(deps.router);
    this.now = deps.now ?? Date.now;
  }

  async start(): Promise<void> {
    this.unsubscribe ??= this.deps.tracker.subscribe((event) => this.onPresence(event));
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.delivery.flush();
  }

  async join(session: ChannelSession, req: ChannelJoin): Promise<Channel> {
    const stream = await this.streamFor(session.userId, req.target ?? '', req.type ?? ChannelType.Unspecified);
    const persistence = req.persistence ?? true;
    const isNew = this.deps.tracker.track(session.id, stream, session.userId, {
      username: session.username,
      hidden: req.hidden ?? false,
      persistence,
      status: '',
    });
    const visible = this.deps.tracker.listByStream(stream, false);
    if (isNew && stream.mode === StreamMode.DirectMessage && this.deps.notifyDirectChat) {
      const other = stream.subject === session.userId ? stream.subcontext : stream.subject;
      if (!visible.some((p) => p.userId === other)) await this.deps.notifyDirectChat(other, { userId: session.userId, username: session.username });
    }
    // A fresh joiner is not listed among the others; a session that was already in the channel is.
    const presences = visible.filter((p) => !(isNew && p.id.sessionId === session.id)).map(userPresence);
    return {
      id: formatChannelId(stream),
      presences,
      self: { userId: session.userId, sessionId: session.id, username: session.username, persistence },
      ...channelFields(stream),
    };
  }

  leave(session: ChannelSession, channelId: string): void {
    const stream = parseChannelId(channelId);
    if (!stream) throw Errors.channelIdentifierInvalid();
    this.deps.tracker.untrack(session.id, stream);
  }

  async send(session: ChannelSession, channelId: string, content: string): Promise<ChannelMessageAck> {
    const stream = parseChannelId(channelId);
    if (!stream) throw Errors.channelIdentifierInvalid();
    if (!isJsonObjectText(content)) throw Errors.channelContentNotObject();
    const member = this.deps.tracker.get(session.id, stream);
    if (!member) throw Errors.channelSendNotJoined();
    const time = this.tick();
    const message = this.message(stream, channelId, uuidv4(), ChannelMessageCode.Chat, session, content, time, time, member.meta.persistence);
    if (member.meta.persistence) {
      await this.deps.messages.insert(toRecord(message, stream)).catch((err: unknown) => failWith(Errors.channelSendPersistFailed(), err));
    }
    this.deliver(stream, message);
    return ackOf(message);
  }

  /**
   * A message sent by the server (nk.channelMessageSend): no joined session is needed; the sender is whoever
   * the caller names (empty for the system), and `persist` decides whether it enters the history.
   */
  async sendFromServer(channelId: string, content: string, sender: { userId: string; username: string }, persist: boolean): Promise<ChannelMessageAck> {
    const stream = parseChannelId(channelId);
    if (!stream) throw Errors.channelIdentifierInvalid();
    if (!isJsonObjectText(content)) throw Errors.channelContentNotObject();
    const time = this.tick();
    const message = this.message(stream, channelId, uuidv4(), ChannelMessageCode.Chat, sender, content, time, time, persist);
    if (persist) {
      await this.deps.messages.insert(toRecord(message, stream)).catch((err: unknown) => failWith(Errors.channelSendPersistFailed(), err));
    }
    this.deliver(stream, message);
    return ackOf(message);
  }

  async update(session: ChannelSession, channelId: string, messageId: string, content: string): Promise<ChannelMessageAck> {
    if (!isUuid(messageId)) throw Errors.channelMessageIdInvalid();
    const stream = parseChannelId(channelId);
    if (!stream) throw Errors.channelIdentifierInvalid();
    if (!isJsonObjectText(content)) throw Errors.channelContentNotObject();
    const member = this.deps.tracker.get(session.id, stream);
    if (!member) throw Errors.channelUpdateNotJoined();
    const time = this.tick();
    let createTime = time;
    // As in Nakama, only a member who joined with persistence checks (and changes) the stored message.
    if (member.meta.persistence) {
      const stored = await this.deps.messages
        .update(messageId.toLowerCase(), session.userId, { content, username: session.username, updateTime: time })
        .catch((err: unknown) => failWith(Errors.channelUpdatePersistFailed(), err));
      if (stored === null) throw Errors.channelUpdateNotFound();
      createTime = stored;
    }
    const message = this.message(stream, channelId, messageId, ChannelMessageCode.ChatUpdate, session, content, createTime, time, member.meta.persistence);
    this.deliver(stream, message);
    return ackOf(message);
  }

  async remove(session: ChannelSession, channelId: string, messageId: string): Promise<ChannelMessageAck> {
    if (!isUuid(messageId)) throw Errors.channelMessageIdInvalid();
    const stream = parseChannelId(channelId);
    if (!stream) throw Errors.channelIdentifierInvalid();
    const member = this.deps.tracker.get(session.id, stream);
    if (!member) throw Errors.channelRemoveNotJoined();
    const time = this.tick();
    let times = { createTime: time, updateTime: time };
    if (member.meta.persistence) {
      const stored = await this.deps.messages.remove(messageId.toLowerCase(), session.userId).catch((err: unknown) => failWith(Errors.channelRemovePersistFailed(), err));
      if (stored === null) throw Errors.channelRemoveNotFound();
      times = stored;
    }
    const message = this.message(stream, channelId, messageId, ChannelMessageCode.ChatRemove, session, '{}', times.createTime, times.updateTime, member.meta.persistence);
    this.deliver(stream, message);
    return ackOf(message);
  }

  /**
   * A channel's stored history, `limit` messages from the start (forward: oldest first) or the end, or from
   * where a cursor points. Rooms are open to anyone; a direct chat only to its two users; a group to members.
   */
  async list(callerId: string, channelId: string, limit: number, forward: boolean, cursorText: string): Promise<ChannelMessageList> {
    const stream = parseChannelId(channelId);
    if (!stream) throw Errors.channelIdInvalid();
    let cursor: ChannelCursor | undefined;
    if (cursorText !== '') {
      const decoded = decodeChannelCursor(cursorText);
      if (!decoded || decoded.forward !== forward || formatChannelId(decoded.stream) !== formatChannelId(stream)) throw Errors.channelCursorInvalid();
      cursor = decoded;
    }
    if (stream.mode === StreamMode.Group && !(await this.deps.groups.canChat(stream.subject, callerId))) throw Errors.channelHistoryGroupNotFound();
    if (stream.mode === StreamMode.DirectMessage && stream.subject !== callerId && stream.subcontext !== callerId) throw Errors.channelHistoryNotFound();

    // A "next" cursor walks on in the listing's direction; a "previous" one walks back against it.
    const ascending = cursor ? forward === cursor.isNext : forward;
    const rows = await this.deps.messages
      .list(stream, limit + 1, ascending, cursor && { createTime: cursor.createTime, id: cursor.id })
      .catch((err: unknown) => failWith(Errors.channelHistoryFailed(), err));
    const page = rows.slice(0, limit);
    const at = (r: MessageRecord, isNext: boolean): ChannelCursor => ({ stream, createTime: r.createTime, id: r.id, forward, isNext });
    let next = rows.length > limit ? at(page[page.length - 1]!, true) : undefined;
    let prev = cursor && page.length > 0 ? at(page[0]!, false) : undefined;
    if (cursor && !cursor.isNext) {
      // A previous page was read backwards: put it back in listing order and swap the cursors' roles.
      page.reverse();
      [next, prev] = [prev && { ...prev, isNext: true }, next && { ...next, isNext: false }];
    }
    const last = page[page.length - 1];
    let cacheable: ChannelCursor | undefined;
    if (last) cacheable = { stream, createTime: last.createTime, id: last.id, forward: true, isNext: true };
    else if (cursor) cacheable = forward ? cursor : { ...cursor, forward: true, isNext: true };
    return {
      messages: page.map((r) => this.message(stream, channelId, r.id, r.code, { userId: r.senderId, username: r.username }, r.content, r.createTime, r.updateTime, true, r.senderId)),
      nextCursor: next && encodeChannelCursor(next),
      prevCursor: prev && encodeChannelCursor(prev),
      cacheableCursor: cacheable && encodeChannelCursor(cacheable),
    };
  }

  /** The stream a join names, checked as Nakama checks it; throws the catalogue error Nakama would send. */
  private async streamFor(userId: string, target: string, type: number): Promise<PresenceStream> {
    if (target === '') throw Errors.channelTargetInvalid();
    switch (type) {
      case ChannelType.Unspecified:
      case ChannelType.Room: {
        const bytes = Buffer.byteLength(target, 'utf8');
        if (bytes < 1 || bytes > MAX_ROOM_NAME_BYTES) throw Errors.channelRoomNameLength();
        if (CONTROL_CHARS.test(target)) throw Errors.channelRoomNameControlChars();
        if (LONE_SURROGATE.test(target)) throw Errors.channelRoomNameUtf8();
        return roomStream(target);
      }
      case ChannelType.DirectMessage: {
        if (!isUuid(target) || target === SYSTEM_USER_ID) throw Errors.channelDirectUserInvalid();
        const other = target.toLowerCase();
        if (!(await this.deps.userExists(other))) throw Errors.channelDirectUserNotFound();
        // Nakama lets a user open a direct chat with themselves: both ids are the caller's.
        return directStream(userId, other);
      }
      case ChannelType.Group: {
        if (!isUuid(target)) throw Errors.channelGroupIdInvalid();
        const groupId = target.toLowerCase();
        if (!(await this.deps.groups.canChat(groupId, userId))) throw Errors.channelGroupJoinNotFound();
        return groupStream(groupId);
      }
      default:
        throw Errors.channelTypeInvalid();
    }
  }

  /**
   * A group membership event (Nakama's codes 3 join, 4 add, 5 leave, 6 kick, 7 promote, 8 ban, 9 demote)
   * about one user: stored in the group's history and pushed to everyone in its channel, as Nakama does.
   */
  async postGroupEvent(groupId: string, code: number, user: { userId: string; username: string }): Promise<void> {
    const stream = groupStream(groupId);
    const time = this.tick();
    const message = this.message(stream, formatChannelId(stream), uuidv4(), code, user, '{}', time, time, true);
    await this.deps.messages.insert(toRecord(message, stream));
    this.deliver(stream, message);
  }

  /** Message times are strictly increasing on this node, so history order is send order even within one millisecond. */
  private tick(): number {
    this.lastTime = Math.max(this.now(), this.lastTime + 1);
    return this.lastTime;
  }

  private message(
    stream: PresenceStream,
    channelId: string,
    messageId: string,
    code: number,
    sender: { userId: string; username: string },
    content: string,
    createTime: number,
    updateTime: number,
    persistent: boolean,
    senderId = sender.userId,
  ): ChannelMessage {
    return { channelId, messageId, code, senderId, username: sender.username, content, createTime, updateTime, persistent, ...channelFields(stream) };
  }

  /**
   * Every member (hidden ones and the sender too) gets the message now, before the sender's ack, as in
   * Nakama; presence events queued earlier go out first so a message never overtakes a join.
   */
  private deliver(stream: PresenceStream, message: ChannelMessage): void {
    this.delivery.flush();
    const ids = this.deps.tracker.listByStream(stream, true).map((p) => p.id);
    this.deps.router.sendToPresenceIds(ids, { case: 'channel_message', payload: { ...message } });
  }

  /** Tells every member of a channel (the joiner too) who came and went, after the reply to the join. */
  private onPresence(event: PresenceEvent): void {
    const { stream } = event;
    if (!isChannelStream(stream)) return;
    const members = this.deps.tracker.listByStream(stream, true);
    this.delivery.send(
      members.map((p) => p.id),
      {
        case: 'channel_presence_event',
        payload: { channelId: formatChannelId(stream), joins: event.joins.map(userPresence), leaves: event.leaves.map(userPresence), ...channelFields(stream) },
      },
    );
  }
}

function ackOf(m: ChannelMessage): ChannelMessageAck {
  const { channelId, messageId, code, username, createTime, updateTime, persistent, roomName, groupId, userIdOne, userIdTwo } = m;
  return { channelId, messageId, code, username, createTime, updateTime, persistent, roomName, groupId, userIdOne, userIdTwo };
}

function toRecord(m: ChannelMessage, stream: PresenceStream): MessageRecord {
  return { id: m.messageId, code: m.code, senderId: m.senderId, username: m.username, stream, content: m.content, createTime: m.createTime, updateTime: m.updateTime };
}

/** A storage failure as the catalogue error the client sees, keeping the cause for the log. */
function failWith(error: ApiError, cause: unknown): never {
  throw new ApiError(error.code, error.message, { cause });
}
