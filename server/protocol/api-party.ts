import { defineMessage } from './message.js';

/** nakama.api messages of ListParties (`GET /v2/party`), with api.proto's names and numbers. */

export interface ListPartiesRequest {
  limit?: number;
  open?: boolean;
  query?: string;
  cursor?: string;
}
export const ListPartiesRequestMsg = defineMessage<ListPartiesRequest>('ListPartiesRequest', [
  ['limit', 1, 'Int32Value'],
  ['open', 2, 'BoolValue'],
  ['query', 3, 'StringValue'],
  ['cursor', 4, 'StringValue'],
]);

/** api.Party: a party as listings show it (not the realtime Party reply). */
export interface ApiParty {
  partyId: string;
  open?: boolean;
  hidden?: boolean;
  maxSize: number;
  label?: string;
}
export const ApiPartyMsg = defineMessage<ApiParty>('Party', [
  ['party_id', 1, 'string'],
  ['open', 2, 'bool'],
  ['hidden', 3, 'bool'],
  ['max_size', 4, 'int32'],
  ['label', 5, 'string'],
]);

export interface PartyList {
  parties?: ApiParty[];
  cursor?: string;
}
export const PartyListMsg = defineMessage<PartyList>('PartyList', [
  ['parties', 1, 'message', { repeated: true, message: () => ApiPartyMsg }],
  ['cursor', 2, 'string'],
]);
