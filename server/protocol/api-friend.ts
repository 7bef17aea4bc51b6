import { defineMessage } from './message.js';
import { UserMsg, type User } from './api-messages.js';

/**
 * Friend messages of the client API (nakama.api Friend, FriendList, FriendsOfFriendsList and the requests),
 * with the field names and numbers of Nakama's api.proto.
 */

export interface Friend {
  user: User;
  /** 0 friend, 1 invite sent, 2 invite received, 3 blocked; always sent (a wrapper). */
  state: number;
  /** Unix milliseconds; Nakama sends whole seconds. */
  updateTime: number;
  /** The caller's notes on this friend, a JSON object as text. */
  metadata?: string;
}
export const FriendMsg = defineMessage<Friend>('Friend', [
  ['user', 1, 'message', { message: () => UserMsg }],
  ['state', 2, 'Int32Value'],
  ['update_time', 3, 'timestamp'],
  ['metadata', 4, 'string'],
]);

export interface FriendList {
  friends?: Friend[];
  cursor?: string;
}
export const FriendListMsg = defineMessage<FriendList>('FriendList', [
  ['friends', 1, 'message', { repeated: true, message: () => FriendMsg }],
  ['cursor', 2, 'string'],
]);

export interface FriendOfFriend {
  referrer: string;
  user: User;
}
export const FriendOfFriendMsg = defineMessage<FriendOfFriend>('FriendsOfFriendsList.FriendOfFriend', [
  ['referrer', 1, 'string'],
  ['user', 2, 'message', { message: () => UserMsg }],
]);

export interface FriendsOfFriendsList {
  friendsOfFriends?: FriendOfFriend[];
  cursor?: string;
}
export const FriendsOfFriendsListMsg = defineMessage<FriendsOfFriendsList>('FriendsOfFriendsList', [
  ['friends_of_friends', 1, 'message', { repeated: true, message: () => FriendOfFriendMsg }],
  ['cursor', 2, 'string'],
]);

/** AddFriends, DeleteFriends and BlockFriends all name users by id and by username. */
export interface FriendsRequest {
  ids?: string[];
  usernames?: string[];
  /** AddFriends only: the caller's notes on the new friend, a JSON object as text. */
  metadata?: string;
}
export const AddFriendsRequestMsg = defineMessage<FriendsRequest>('AddFriendsRequest', [
  ['ids', 1, 'string', { repeated: true }],
  ['usernames', 2, 'string', { repeated: true }],
  ['metadata', 3, 'string'],
]);
export const DeleteFriendsRequestMsg = defineMessage<FriendsRequest>('DeleteFriendsRequest', [
  ['ids', 1, 'string', { repeated: true }],
  ['usernames', 2, 'string', { repeated: true }],
]);
export const BlockFriendsRequestMsg = defineMessage<FriendsRequest>('BlockFriendsRequest', [
  ['ids', 1, 'string', { repeated: true }],
  ['usernames', 2, 'string', { repeated: true }],
]);

export interface ListFriendsRequest {
  limit?: number;
  state?: number;
  cursor?: string;
}
export const ListFriendsRequestMsg = defineMessage<ListFriendsRequest>('ListFriendsRequest', [
  ['limit', 1, 'Int32Value'],
  ['state', 2, 'Int32Value'],
  ['cursor', 3, 'string'],
]);

export interface ListFriendsOfFriendsRequest {
  limit?: number;
  cursor?: string;
}
export const ListFriendsOfFriendsRequestMsg = defineMessage<ListFriendsOfFriendsRequest>('ListFriendsOfFriendsRequest', [
  ['limit', 1, 'Int32Value'],
  ['cursor', 2, 'string'],
]);
