import { Errors, ErrorsWith } from '../../common/errors.js';
import { EmptyMsg } from '../../protocol/api-messages.js';
import {
  AddFriendsRequestMsg,
  BlockFriendsRequestMsg,
  DeleteFriendsRequestMsg,
  FriendListMsg,
  FriendsOfFriendsListMsg,
  ListFriendsOfFriendsRequestMsg,
  ListFriendsRequestMsg,
} from '../../protocol/api-friend.js';
import { caller, defineOperation, type Operation } from '../operation.js';
import type { ApiServices } from './services.js';

/** Nakama lists up to 1000 friends by default and at most that many; friends of friends 10 and 100. */
const FRIENDS_DEFAULT_LIMIT = 1000;
const FRIENDS_MAX_LIMIT = 1000;
const FOF_DEFAULT_LIMIT = 10;
const FOF_MAX_LIMIT = 100;

export function friendOperations({ friends }: ApiServices): Operation[] {
  return [
    defineOperation({
      name: 'AddFriends',
      routes: [{ method: 'POST', path: '/v2/friend' }],
      auth: 'bearer',
      request: AddFriendsRequestMsg,
      response: EmptyMsg,
      body: 'none',
      async handle(req, ctx) {
        await friends.add(caller(ctx), { ids: req.ids, usernames: req.usernames }, req.metadata ?? '');
        return {};
      },
    }),
    defineOperation({
      name: 'DeleteFriends',
      routes: [{ method: 'DELETE', path: '/v2/friend' }],
      auth: 'bearer',
      request: DeleteFriendsRequestMsg,
      response: EmptyMsg,
      body: 'none',
      async handle(req, ctx) {
        await friends.delete(caller(ctx), { ids: req.ids, usernames: req.usernames });
        return {};
      },
    }),
    defineOperation({
      name: 'BlockFriends',
      routes: [{ method: 'POST', path: '/v2/friend/block' }],
      auth: 'bearer',
      request: BlockFriendsRequestMsg,
      response: EmptyMsg,
      body: 'none',
      async handle(req, ctx) {
        await friends.block(caller(ctx), { ids: req.ids, usernames: req.usernames });
        return {};
      },
    }),
    defineOperation({
      name: 'ListFriends',
      routes: [{ method: 'GET', path: '/v2/friend' }],
      auth: 'bearer',
      request: ListFriendsRequestMsg,
      response: FriendListMsg,
      body: 'none',
      handle(req, ctx) {
        const limit = req.limit ?? FRIENDS_DEFAULT_LIMIT;
        if (limit < 1 || limit > FRIENDS_MAX_LIMIT) throw ErrorsWith.invalidLimit(FRIENDS_MAX_LIMIT);
        if (req.state !== undefined && (req.state < 0 || req.state > 3)) throw Errors.friendStateInvalid();
        return friends.list(caller(ctx).userId, limit, req.state, req.cursor ?? '');
      },
    }),
    defineOperation({
      name: 'ListFriendsOfFriends',
      routes: [{ method: 'GET', path: '/v2/friend/friends' }],
      auth: 'bearer',
      request: ListFriendsOfFriendsRequestMsg,
      response: FriendsOfFriendsListMsg,
      body: 'none',
      handle(req, ctx) {
        const limit = req.limit ?? FOF_DEFAULT_LIMIT;
        if (limit < 1 || limit > FOF_MAX_LIMIT) throw ErrorsWith.invalidLimit(FOF_MAX_LIMIT);
        return friends.listFriendsOfFriends(caller(ctx).userId, limit, req.cursor ?? '');
      },
    }),
  ];
}
