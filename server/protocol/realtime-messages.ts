import { defineMessage, type MessageDef } from './message.js';
import { UserPresenceMsg, type UserPresence } from './user-presence.js';
import { matchCases } from './realtime-match.js';
import { notificationCases } from './notification-messages.js';
import { channelCases } from './realtime-channel.js';
import { partyCases } from './realtime-party.js';
import { matchmakerCases } from './realtime-matchmaker.js';
import { runtimeCases } from './realtime-runtime.js';

/**
 * Realtime messages (package nakama.realtime), declared with the names and numbers of Nakama's
 * realtime.proto. The envelope carries `cid` plus exactly one case; cases are added here as areas land.
 */

export { UserPresenceMsg, type UserPresence } from './user-presence.js';

export interface RealtimeError {
  code: number;
  message: string;
  context?: Record<string, string>;
}
export const ErrorMsg = defineMessage<RealtimeError>('Error', [
  ['code', 1, 'int32'],
  ['message', 2, 'string'],
  ['context', 3, 'map', { mapValue: 'string' }],
]);

/** Realtime error codes (Error.Code in realtime.proto). */
export const RealtimeErrorCode = {
  RuntimeException: 0,
  UnrecognizedPayload: 1,
  MissingPayload: 2,
  BadInput: 3,
  MatchNotFound: 4,
  MatchJoinRejected: 5,
  RuntimeFunctionNotFound: 6,
  RuntimeFunctionException: 7,
} as const;

export interface Status {
  presences?: UserPresence[];
}
export const StatusMsg = defineMessage<Status>('Status', [['presences', 1, 'message', { repeated: true, message: () => UserPresenceMsg }]]);

export interface StatusFollow {
  userIds?: string[];
  usernames?: string[];
}
export const StatusFollowMsg = defineMessage<StatusFollow>('StatusFollow', [
  ['user_ids', 1, 'string', { repeated: true }],
  ['usernames', 2, 'string', { repeated: true }],
]);

export interface StatusUnfollow {
  userIds?: string[];
}
export const StatusUnfollowMsg = defineMessage<StatusUnfollow>('StatusUnfollow', [['user_ids', 1, 'string', { repeated: true }]]);

export interface StatusUpdate {
  /** Absent means "appear offline". */
  status?: string;
}
export const StatusUpdateMsg = defineMessage<StatusUpdate>('StatusUpdate', [['status', 1, 'StringValue']]);

export interface StatusPresenceEvent {
  joins?: UserPresence[];
  leaves?: UserPresence[];
}
export const StatusPresenceEventMsg = defineMessage<StatusPresenceEvent>('StatusPresenceEvent', [
  ['joins', 2, 'message', { repeated: true, message: () => UserPresenceMsg }],
  ['leaves', 3, 'message', { repeated: true, message: () => UserPresenceMsg }],
]);

export interface Empty {}
export const PingMsg = defineMessage<Empty>('Ping', []);
export const PongMsg = defineMessage<Empty>('Pong', []);

/**
 * Envelope cases: JSON key (proto field name) and field number -> message. A case not listed here is
 * unknown to this server, and an envelope carrying one closes the socket, as Nakama does.
 */
export type EnvelopeCases = Readonly<Record<string, { no: number; message: MessageDef<any> }>>;

/** Each area declares its cases in its own protocol file and spreads them in here. */
export const ENVELOPE_CASES: EnvelopeCases = {
  ...channelCases,
  error: { no: 11, message: ErrorMsg },
  ...notificationCases,
  status: { no: 25, message: StatusMsg },
  status_follow: { no: 26, message: StatusFollowMsg },
  status_presence_event: { no: 27, message: StatusPresenceEventMsg },
  status_unfollow: { no: 28, message: StatusUnfollowMsg },
  status_update: { no: 29, message: StatusUpdateMsg },
  ping: { no: 32, message: PingMsg },
  pong: { no: 33, message: PongMsg },
  ...matchCases,
  ...partyCases,
  ...matchmakerCases,
  ...runtimeCases,
};

/** A decoded envelope: the correlation id and the one case it carries. */
export interface Envelope {
  cid?: string;
  case: string;
  payload: Record<string, unknown>;
}
