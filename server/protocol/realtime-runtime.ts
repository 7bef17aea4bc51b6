import { defineMessage } from './message.js';
import type { EnvelopeCases } from './realtime-messages.js';
import { UserPresenceMsg, type UserPresence } from './user-presence.js';

/**
 * Realtime messages of the runtime (nakama.realtime Rpc, StreamData), with the names and numbers of
 * Nakama's realtime.proto (api.Rpc for `rpc`). Spread into ENVELOPE_CASES as `runtimeCases`.
 */
export interface Rpc {
  id?: string;
  payload?: string;
  httpKey?: string;
}
export const RpcMsg = defineMessage<Rpc>('Rpc', [
  ['id', 1, 'string'],
  ['payload', 2, 'string'],
  ['http_key', 3, 'string'],
]);

export interface StreamId {
  mode: number;
  subject?: string;
  subcontext?: string;
  label?: string;
}
export const StreamMsg = defineMessage<StreamId>('Stream', [
  ['mode', 1, 'int32'],
  ['subject', 2, 'string'],
  ['subcontext', 3, 'string'],
  ['label', 4, 'string'],
]);

export interface StreamData {
  stream: StreamId;
  sender?: UserPresence;
  data: string;
  reliable?: boolean;
}
export const StreamDataMsg = defineMessage<StreamData>('StreamData', [
  ['stream', 1, 'message', { message: () => StreamMsg }],
  ['sender', 2, 'message', { message: () => UserPresenceMsg }],
  ['data', 3, 'string'],
  ['reliable', 4, 'bool'],
]);

export interface StreamPresenceEvent {
  stream: StreamId;
  joins?: UserPresence[];
  leaves?: UserPresence[];
}
export const StreamPresenceEventMsg = defineMessage<StreamPresenceEvent>('StreamPresenceEvent', [
  ['stream', 1, 'message', { message: () => StreamMsg }],
  ['joins', 2, 'message', { repeated: true, message: () => UserPresenceMsg }],
  ['leaves', 3, 'message', { repeated: true, message: () => UserPresenceMsg }],
]);

export const runtimeCases: EnvelopeCases = {
  rpc: { no: 24, message: RpcMsg },
  stream_data: { no: 30, message: StreamDataMsg },
  stream_presence_event: { no: 31, message: StreamPresenceEventMsg },
};
