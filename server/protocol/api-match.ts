import { defineMessage } from './message.js';

/** nakama.api messages of ListMatches (`GET /v2/match`), with api.proto's names and numbers. */

export interface ListMatchesRequest {
  limit?: number;
  authoritative?: boolean;
  label?: string;
  minSize?: number;
  maxSize?: number;
  query?: string;
}
export const ListMatchesRequestMsg = defineMessage<ListMatchesRequest>('ListMatchesRequest', [
  ['limit', 1, 'Int32Value'],
  ['authoritative', 2, 'BoolValue'],
  ['label', 3, 'StringValue'],
  ['min_size', 4, 'Int32Value'],
  ['max_size', 5, 'Int32Value'],
  ['query', 6, 'StringValue'],
]);

/** api.Match: a running match as listings show it (not the realtime Match reply). */
export interface ApiMatch {
  matchId: string;
  authoritative?: boolean;
  label?: string;
  size: number;
  tickRate?: number;
  handlerName?: string;
}
export const ApiMatchMsg = defineMessage<ApiMatch>('Match', [
  ['match_id', 1, 'string'],
  ['authoritative', 2, 'bool'],
  ['label', 3, 'StringValue'],
  ['size', 4, 'int32'],
  ['tick_rate', 5, 'int32'],
  ['handler_name', 6, 'string'],
]);

export interface MatchList {
  matches?: ApiMatch[];
}
export const MatchListMsg = defineMessage<MatchList>('MatchList', [['matches', 1, 'message', { repeated: true, message: () => ApiMatchMsg }]]);
