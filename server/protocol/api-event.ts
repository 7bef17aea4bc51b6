import { defineMessage } from './message.js';

/** nakama.api's Event (`POST /v2/event`), with api.proto's names and numbers. */
export interface Event {
  name?: string;
  properties?: Record<string, string>;
  /** Unix milliseconds. */
  timestamp?: number;
  /** True when it came from a client call; the server sets it on every event a client sends. */
  external?: boolean;
}
export const EventMsg = defineMessage<Event>('Event', [
  ['name', 1, 'string'],
  ['properties', 2, 'map', { mapValue: 'string' }],
  ['timestamp', 3, 'timestamp'],
  ['external', 4, 'bool'],
]);
