import { defineMessage } from './message.js';

/**
 * realtime.UserPresence, in its own file because every realtime area (status, matches, channels,
 * parties) uses it and area files must not import the envelope table that imports them.
 */
export interface UserPresence {
  userId: string;
  sessionId: string;
  username: string;
  persistence?: boolean;
  status?: string;
}
export const UserPresenceMsg = defineMessage<UserPresence>('UserPresence', [
  ['user_id', 1, 'string'],
  ['session_id', 2, 'string'],
  ['username', 3, 'string'],
  ['persistence', 4, 'bool'],
  ['status', 5, 'StringValue'],
]);
