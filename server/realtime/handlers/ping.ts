import type { RealtimeOperation } from '../pipeline.js';

/** Application-level keep-alive: a client `ping` gets a `pong`; a client `pong` is accepted silently. */
export function pingOperations(): RealtimeOperation[] {
  return [
    { case: 'ping', hook: 'Ping', handle: () => ({ case: 'pong', payload: {} }) },
    { case: 'pong', hook: 'Pong', handle: () => 'none' },
  ];
}
