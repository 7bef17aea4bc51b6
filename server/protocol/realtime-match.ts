import { defineMessage } from './message.js';
import type { EnvelopeCases } from './realtime-messages.js';
import { UserPresenceMsg, type UserPresence } from './user-presence.js';

/**
 * Match messages of the realtime socket (nakama.realtime Match*), with the names and numbers of
 * Nakama's realtime.proto. Spread into ENVELOPE_CASES as `matchCases`.
 */

export interface Match {
  matchId: string;
  authoritative?: boolean;
  /** Only authoritative matches carry a label. */
  label?: string;
  size: number;
  /** Everyone in the match but the caller (on a fresh join). */
  presences?: UserPresence[];
  self: UserPresence;
}
export const MatchMsg = defineMessage<Match>('Match', [
  ['match_id', 1, 'string'],
  ['authoritative', 2, 'bool'],
  ['label', 3, 'StringValue'],
  ['size', 4, 'int32'],
  ['presences', 5, 'message', { repeated: true, message: () => UserPresenceMsg }],
  ['self', 6, 'message', { message: () => UserPresenceMsg }],
]);

export interface MatchCreate {
  /** Same name, same match id (UUIDv5 of the name). */
  name?: string;
}
export const MatchCreateMsg = defineMessage<MatchCreate>('MatchCreate', [['name', 1, 'string']]);

export interface MatchData {
  matchId: string;
  presence: UserPresence;
  opCode: number;
  data?: Uint8Array;
  reliable?: boolean;
}
export const MatchDataMsg = defineMessage<MatchData>('MatchData', [
  ['match_id', 1, 'string'],
  ['presence', 2, 'message', { message: () => UserPresenceMsg }],
  ['op_code', 3, 'int64'],
  ['data', 4, 'bytes'],
  ['reliable', 5, 'bool'],
]);

export interface MatchDataSend {
  matchId?: string;
  opCode?: number;
  data?: Uint8Array;
  /** When present, only these presences (by session id) receive the data. */
  presences?: UserPresence[];
  reliable?: boolean;
}
export const MatchDataSendMsg = defineMessage<MatchDataSend>('MatchDataSend', [
  ['match_id', 1, 'string'],
  ['op_code', 2, 'int64'],
  ['data', 3, 'bytes'],
  ['presences', 4, 'message', { repeated: true, message: () => UserPresenceMsg }],
  ['reliable', 5, 'bool'],
]);

/** `oneof id { match_id = 1; token = 2; }` plus metadata. */
export interface MatchJoin {
  matchId?: string;
  token?: string;
  metadata?: Record<string, string>;
}
export const MatchJoinMsg = defineMessage<MatchJoin>('MatchJoin', [
  ['match_id', 1, 'string'],
  ['token', 2, 'string'],
  ['metadata', 3, 'map', { mapValue: 'string' }],
]);

export interface MatchLeave {
  matchId?: string;
}
export const MatchLeaveMsg = defineMessage<MatchLeave>('MatchLeave', [['match_id', 1, 'string']]);

export interface MatchPresenceEvent {
  matchId: string;
  joins?: UserPresence[];
  leaves?: UserPresence[];
}
export const MatchPresenceEventMsg = defineMessage<MatchPresenceEvent>('MatchPresenceEvent', [
  ['match_id', 1, 'string'],
  ['joins', 2, 'message', { repeated: true, message: () => UserPresenceMsg }],
  ['leaves', 3, 'message', { repeated: true, message: () => UserPresenceMsg }],
]);

export const matchCases: EnvelopeCases = {
  match: { no: 12, message: MatchMsg },
  match_create: { no: 13, message: MatchCreateMsg },
  match_data: { no: 14, message: MatchDataMsg },
  match_data_send: { no: 15, message: MatchDataSendMsg },
  match_join: { no: 16, message: MatchJoinMsg },
  match_leave: { no: 17, message: MatchLeaveMsg },
  match_presence_event: { no: 18, message: MatchPresenceEventMsg },
};
