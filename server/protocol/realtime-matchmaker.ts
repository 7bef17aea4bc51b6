import { defineMessage } from './message.js';
import type { EnvelopeCases } from './realtime-messages.js';
import { UserPresenceMsg, type UserPresence } from './user-presence.js';

/**
 * Matchmaker messages of the realtime socket (nakama.realtime Matchmaker* and PartyMatchmaker*), with the
 * names and numbers of Nakama's realtime.proto. Spread into ENVELOPE_CASES as `matchmakerCases`.
 */

export interface MatchmakerAdd {
  minCount?: number;
  maxCount?: number;
  query?: string;
  stringProperties?: Record<string, string>;
  numericProperties?: Record<string, number>;
  /** Absent means 1. */
  countMultiple?: number;
}
export const MatchmakerAddMsg = defineMessage<MatchmakerAdd>('MatchmakerAdd', [
  ['min_count', 1, 'int32'],
  ['max_count', 2, 'int32'],
  ['query', 3, 'string'],
  ['string_properties', 4, 'map', { mapValue: 'string' }],
  ['numeric_properties', 5, 'map', { mapValue: 'double' }],
  ['count_multiple', 6, 'Int32Value'],
]);

export interface MatchmakerUser {
  presence: UserPresence;
  partyId?: string;
  stringProperties?: Record<string, string>;
  numericProperties?: Record<string, number>;
}
export const MatchmakerUserMsg = defineMessage<MatchmakerUser>('MatchmakerUser', [
  ['presence', 1, 'message', { message: () => UserPresenceMsg }],
  ['party_id', 2, 'string'],
  ['string_properties', 5, 'map', { mapValue: 'string' }],
  ['numeric_properties', 6, 'map', { mapValue: 'double' }],
]);

/** Pushed to each player of a formed match; `matchId` and `token` are a oneof. */
export interface MatchmakerMatched {
  ticket: string;
  matchId?: string;
  token?: string;
  users: MatchmakerUser[];
  self: MatchmakerUser;
}
export const MatchmakerMatchedMsg = defineMessage<MatchmakerMatched>('MatchmakerMatched', [
  ['ticket', 1, 'string'],
  ['match_id', 2, 'string'],
  ['token', 3, 'string'],
  ['users', 4, 'message', { repeated: true, message: () => MatchmakerUserMsg }],
  ['self', 5, 'message', { message: () => MatchmakerUserMsg }],
]);

export interface MatchmakerTicketOnly {
  ticket?: string;
}
export const MatchmakerRemoveMsg = defineMessage<MatchmakerTicketOnly>('MatchmakerRemove', [['ticket', 1, 'string']]);
export const MatchmakerTicketMsg = defineMessage<MatchmakerTicketOnly>('MatchmakerTicket', [['ticket', 1, 'string']]);

export interface PartyMatchmakerAdd extends MatchmakerAdd {
  partyId?: string;
}
export const PartyMatchmakerAddMsg = defineMessage<PartyMatchmakerAdd>('PartyMatchmakerAdd', [
  ['party_id', 1, 'string'],
  ['min_count', 2, 'int32'],
  ['max_count', 3, 'int32'],
  ['query', 4, 'string'],
  ['string_properties', 5, 'map', { mapValue: 'string' }],
  ['numeric_properties', 6, 'map', { mapValue: 'double' }],
  ['count_multiple', 7, 'Int32Value'],
]);

/** PartyMatchmakerRemove (C→S) and PartyMatchmakerTicket (S→C) carry the same two fields. */
export interface PartyMatchmakerTicket {
  partyId?: string;
  ticket?: string;
}
export const PartyMatchmakerRemoveMsg = defineMessage<PartyMatchmakerTicket>('PartyMatchmakerRemove', [
  ['party_id', 1, 'string'],
  ['ticket', 2, 'string'],
]);
export const PartyMatchmakerTicketMsg = defineMessage<PartyMatchmakerTicket>('PartyMatchmakerTicket', [
  ['party_id', 1, 'string'],
  ['ticket', 2, 'string'],
]);

export const matchmakerCases: EnvelopeCases = {
  matchmaker_add: { no: 19, message: MatchmakerAddMsg },
  matchmaker_matched: { no: 20, message: MatchmakerMatchedMsg },
  matchmaker_remove: { no: 21, message: MatchmakerRemoveMsg },
  matchmaker_ticket: { no: 22, message: MatchmakerTicketMsg },
  party_matchmaker_add: { no: 45, message: PartyMatchmakerAddMsg },
  party_matchmaker_remove: { no: 46, message: PartyMatchmakerRemoveMsg },
  party_matchmaker_ticket: { no: 47, message: PartyMatchmakerTicketMsg },
};
