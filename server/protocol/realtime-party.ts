import { defineMessage } from './message.js';
import type { EnvelopeCases } from './realtime-messages.js';
import { UserPresenceMsg, type UserPresence } from './user-presence.js';

/**
 * Party messages of the realtime socket (nakama.realtime Party*), with the names and numbers of
 * Nakama's realtime.proto. Spread into ENVELOPE_CASES as `partyCases`; the party matchmaker cases
 * (45-47) arrive with the matchmaker.
 */

const presence = () => UserPresenceMsg;

export interface Party {
  partyId: string;
  open?: boolean;
  hidden?: boolean;
  maxSize: number;
  self: UserPresence;
  leader: UserPresence;
  presences?: UserPresence[];
  label?: string;
}
export const PartyMsg = defineMessage<Party>('Party', [
  ['party_id', 1, 'string'],
  ['open', 2, 'bool'],
  ['hidden', 3, 'bool'],
  ['max_size', 4, 'int32'],
  ['self', 5, 'message', { message: presence }],
  ['leader', 6, 'message', { message: presence }],
  ['presences', 7, 'message', { repeated: true, message: presence }],
  ['label', 8, 'string'],
]);

export interface PartyCreate {
  open?: boolean;
  maxSize?: number;
  label?: string;
  hidden?: boolean;
}
export const PartyCreateMsg = defineMessage<PartyCreate>('PartyCreate', [
  ['open', 1, 'bool'],
  ['max_size', 2, 'int32'],
  ['label', 3, 'string'],
  ['hidden', 4, 'bool'],
]);

export interface PartyUpdate {
  partyId?: string;
  label?: string;
  open?: boolean;
  hidden?: boolean;
}
export const PartyUpdateMsg = defineMessage<PartyUpdate>('PartyUpdate', [
  ['party_id', 1, 'string'],
  ['label', 2, 'string'],
  ['open', 3, 'bool'],
  ['hidden', 4, 'bool'],
]);

/** The messages that carry nothing but the party id: join, leave, close, join request list. */
export interface PartyIdOnly {
  partyId?: string;
}
export const PartyJoinMsg = defineMessage<PartyIdOnly>('PartyJoin', [['party_id', 1, 'string']]);
export const PartyLeaveMsg = defineMessage<PartyIdOnly>('PartyLeave', [['party_id', 1, 'string']]);
export const PartyCloseMsg = defineMessage<PartyIdOnly>('PartyClose', [['party_id', 1, 'string']]);
export const PartyJoinRequestListMsg = defineMessage<PartyIdOnly>('PartyJoinRequestList', [['party_id', 1, 'string']]);

/** The messages that name a party and one presence in it: promote, leader, accept, remove. */
export interface PartyPresenceTarget {
  partyId?: string;
  presence?: Partial<UserPresence>;
}
const targetMsg = (name: string) =>
  defineMessage<PartyPresenceTarget>(name, [
    ['party_id', 1, 'string'],
    ['presence', 2, 'message', { message: presence }],
  ]);
export const PartyPromoteMsg = targetMsg('PartyPromote');
export const PartyLeaderMsg = targetMsg('PartyLeader');
export const PartyAcceptMsg = targetMsg('PartyAccept');
export const PartyRemoveMsg = targetMsg('PartyRemove');

export interface PartyJoinRequest {
  partyId: string;
  presences?: UserPresence[];
}
export const PartyJoinRequestMsg = defineMessage<PartyJoinRequest>('PartyJoinRequest', [
  ['party_id', 1, 'string'],
  ['presences', 2, 'message', { repeated: true, message: presence }],
]);

export interface PartyData {
  partyId: string;
  presence: UserPresence;
  opCode?: number;
  data?: Uint8Array;
}
export const PartyDataMsg = defineMessage<PartyData>('PartyData', [
  ['party_id', 1, 'string'],
  ['presence', 2, 'message', { message: presence }],
  ['op_code', 3, 'int64'],
  ['data', 4, 'bytes'],
]);

export interface PartyDataSend {
  partyId?: string;
  opCode?: number;
  data?: Uint8Array;
}
export const PartyDataSendMsg = defineMessage<PartyDataSend>('PartyDataSend', [
  ['party_id', 1, 'string'],
  ['op_code', 2, 'int64'],
  ['data', 3, 'bytes'],
]);

export interface PartyPresenceEvent {
  partyId: string;
  joins?: UserPresence[];
  leaves?: UserPresence[];
}
export const PartyPresenceEventMsg = defineMessage<PartyPresenceEvent>('PartyPresenceEvent', [
  ['party_id', 1, 'string'],
  ['joins', 2, 'message', { repeated: true, message: presence }],
  ['leaves', 3, 'message', { repeated: true, message: presence }],
]);

export const partyCases: EnvelopeCases = {
  party: { no: 34, message: PartyMsg },
  party_create: { no: 35, message: PartyCreateMsg },
  party_join: { no: 36, message: PartyJoinMsg },
  party_leave: { no: 37, message: PartyLeaveMsg },
  party_promote: { no: 38, message: PartyPromoteMsg },
  party_leader: { no: 39, message: PartyLeaderMsg },
  party_accept: { no: 40, message: PartyAcceptMsg },
  party_remove: { no: 41, message: PartyRemoveMsg },
  party_close: { no: 42, message: PartyCloseMsg },
  party_join_request_list: { no: 43, message: PartyJoinRequestListMsg },
  party_join_request: { no: 44, message: PartyJoinRequestMsg },
  party_data: { no: 48, message: PartyDataMsg },
  party_data_send: { no: 49, message: PartyDataSendMsg },
  party_presence_event: { no: 50, message: PartyPresenceEventMsg },
  party_update: { no: 51, message: PartyUpdateMsg },
};
