import { AccountMsg, EmptyMsg, GetUsersRequestMsg, UpdateAccountRequestMsg, UsersMsg } from '../../protocol/api-messages.js';
import { caller, defineOperation, type Operation } from '../operation.js';
import type { ApiServices } from './services.js';

export function accountOperations({ accounts, sessions }: ApiServices): Operation[] {
  return [
    defineOperation({
      name: 'GetAccount',
      routes: [{ method: 'GET', path: '/v2/account' }],
      auth: 'bearer',
      request: EmptyMsg,
      response: AccountMsg,
      body: 'none',
      handle: (_req, ctx) => accounts.getAccount(caller(ctx).userId),
    }),
    defineOperation({
      name: 'UpdateAccount',
      routes: [{ method: 'PUT', path: '/v2/account' }],
      auth: 'bearer',
      request: UpdateAccountRequestMsg,
      response: EmptyMsg,
      body: '*',
      async handle(req, ctx) {
        await accounts.updateAccount(caller(ctx).userId, req);
        return {};
      },
    }),
    defineOperation({
      name: 'DeleteAccount',
      routes: [{ method: 'DELETE', path: '/v2/account' }],
      auth: 'bearer',
      request: EmptyMsg,
      response: EmptyMsg,
      body: 'none',
      async handle(_req, ctx) {
        const { userId } = caller(ctx);
        await accounts.deleteAccount(userId);
        await sessions.revokeAll(userId);
        return {};
      },
    }),
    defineOperation({
      name: 'GetUsers',
      routes: [{ method: 'GET', path: '/v2/user' }],
      auth: 'bearer',
      request: GetUsersRequestMsg,
      response: UsersMsg,
      body: 'none',
      async handle(req) {
        return { users: await accounts.getUsers(req.ids ?? [], req.usernames ?? [], req.facebookIds ?? []) };
      },
    }),
  ];
}
