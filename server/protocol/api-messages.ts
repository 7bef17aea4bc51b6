import { defineMessage } from './message.js';

/**
 * Client API messages (package nakama.api), declared with the field names and numbers of Nakama's
 * api.proto. TypeScript shapes use camelCase keys; times are unix milliseconds.
 */

export type Vars = Record<string, string>;

export interface Empty {}
export const EmptyMsg = defineMessage<Empty>('google.protobuf.Empty', []);

export interface Session {
  created?: boolean;
  token: string;
  refreshToken: string;
}
export const SessionMsg = defineMessage<Session>('Session', [
  ['created', 1, 'bool'],
  ['token', 2, 'string'],
  ['refresh_token', 3, 'string'],
]);

export interface AccountDevice {
  id?: string;
  vars?: Vars;
}
export const AccountDeviceMsg = defineMessage<AccountDevice>('AccountDevice', [
  ['id', 1, 'string'],
  ['vars', 2, 'map', { mapValue: 'string' }],
]);

export interface AccountCustom {
  id?: string;
  vars?: Vars;
}
export const AccountCustomMsg = defineMessage<AccountCustom>('AccountCustom', [
  ['id', 1, 'string'],
  ['vars', 2, 'map', { mapValue: 'string' }],
]);

export interface AccountEmail {
  email?: string;
  password?: string;
  vars?: Vars;
}
export const AccountEmailMsg = defineMessage<AccountEmail>('AccountEmail', [
  ['email', 1, 'string'],
  ['password', 2, 'string'],
  ['vars', 3, 'map', { mapValue: 'string' }],
]);

export interface AuthenticateRequest<A> {
  account?: A;
  create?: boolean;
  username?: string;
}
export const AuthenticateDeviceRequestMsg = defineMessage<AuthenticateRequest<AccountDevice>>('AuthenticateDeviceRequest', [
  ['account', 1, 'message', { message: () => AccountDeviceMsg }],
  ['create', 2, 'BoolValue'],
  ['username', 3, 'string'],
]);
export const AuthenticateCustomRequestMsg = defineMessage<AuthenticateRequest<AccountCustom>>('AuthenticateCustomRequest', [
  ['account', 1, 'message', { message: () => AccountCustomMsg }],
  ['create', 2, 'BoolValue'],
  ['username', 3, 'string'],
]);
export const AuthenticateEmailRequestMsg = defineMessage<AuthenticateRequest<AccountEmail>>('AuthenticateEmailRequest', [
  ['account', 1, 'message', { message: () => AccountEmailMsg }],
  ['create', 2, 'BoolValue'],
  ['username', 3, 'string'],
]);

export interface SessionRefreshRequest {
  token?: string;
  vars?: Vars;
}
export const SessionRefreshRequestMsg = defineMessage<SessionRefreshRequest>('SessionRefreshRequest', [
  ['token', 1, 'string'],
  ['vars', 2, 'map', { mapValue: 'string' }],
]);

export interface SessionLogoutRequest {
  token?: string;
  refreshToken?: string;
}
export const SessionLogoutRequestMsg = defineMessage<SessionLogoutRequest>('SessionLogoutRequest', [
  ['token', 1, 'string'],
  ['refresh_token', 2, 'string'],
]);

export interface User {
  id: string;
  username: string;
  displayName?: string;
  avatarUrl?: string;
  langTag?: string;
  location?: string;
  timezone?: string;
  metadata?: string;
  facebookId?: string;
  googleId?: string;
  gamecenterId?: string;
  steamId?: string;
  online?: boolean;
  edgeCount?: number;
  createTime?: number;
  updateTime?: number;
  facebookInstantGameId?: string;
  appleId?: string;
}
export const UserMsg = defineMessage<User>('User', [
  ['id', 1, 'string'],
  ['username', 2, 'string'],
  ['display_name', 3, 'string'],
  ['avatar_url', 4, 'string'],
  ['lang_tag', 5, 'string'],
  ['location', 6, 'string'],
  ['timezone', 7, 'string'],
  ['metadata', 8, 'string'],
  ['facebook_id', 9, 'string'],
  ['google_id', 10, 'string'],
  ['gamecenter_id', 11, 'string'],
  ['steam_id', 12, 'string'],
  ['online', 13, 'bool'],
  ['edge_count', 14, 'int32'],
  ['create_time', 15, 'timestamp'],
  ['update_time', 16, 'timestamp'],
  ['facebook_instant_game_id', 17, 'string'],
  ['apple_id', 18, 'string'],
]);

export interface Account {
  user: User;
  wallet?: string;
  email?: string;
  devices?: AccountDevice[];
  customId?: string;
  verifyTime?: number;
  disableTime?: number;
}
export const AccountMsg = defineMessage<Account>('Account', [
  ['user', 1, 'message', { message: () => UserMsg }],
  ['wallet', 2, 'string'],
  ['email', 3, 'string'],
  ['devices', 4, 'message', { repeated: true, message: () => AccountDeviceMsg }],
  ['custom_id', 5, 'string'],
  ['verify_time', 6, 'timestamp'],
  ['disable_time', 7, 'timestamp'],
]);

export interface Users {
  users?: User[];
}
export const UsersMsg = defineMessage<Users>('Users', [['users', 1, 'message', { repeated: true, message: () => UserMsg }]]);

export interface GetUsersRequest {
  ids?: string[];
  usernames?: string[];
  facebookIds?: string[];
}
export const GetUsersRequestMsg = defineMessage<GetUsersRequest>('GetUsersRequest', [
  ['ids', 1, 'string', { repeated: true }],
  ['usernames', 2, 'string', { repeated: true }],
  ['facebook_ids', 3, 'string', { repeated: true }],
]);

export interface UpdateAccountRequest {
  username?: string;
  displayName?: string;
  avatarUrl?: string;
  langTag?: string;
  location?: string;
  timezone?: string;
}
export const UpdateAccountRequestMsg = defineMessage<UpdateAccountRequest>('UpdateAccountRequest', [
  ['username', 1, 'StringValue'],
  ['display_name', 2, 'StringValue'],
  ['avatar_url', 3, 'StringValue'],
  ['lang_tag', 4, 'StringValue'],
  ['location', 5, 'StringValue'],
  ['timezone', 6, 'StringValue'],
]);
