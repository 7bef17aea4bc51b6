import { Errors } from '../../common/errors.js';
import { checkCustomId, checkDeviceId, checkEmail, checkPassword, checkUsername } from '../../core/account/validation.js';
import type { AuthResult } from '../../core/account/account-service.js';
import {
  AuthenticateCustomRequestMsg,
  AuthenticateDeviceRequestMsg,
  AuthenticateEmailRequestMsg,
  SessionMsg,
  type Session,
  type Vars,
} from '../../protocol/api-messages.js';
import { defineOperation, type Operation } from '../operation.js';
import type { ApiServices } from './services.js';

/** Authenticate*: the account is the body; `create` and `username` come from the query. */
export function authenticateOperations({ accounts, sessions }: ApiServices): Operation[] {
  const sessionFor = async (result: AuthResult, vars: Vars | undefined): Promise<Session> => {
    const issued = await sessions.issue(result.userId, result.username, vars);
    return { created: result.created, token: issued.token, refreshToken: issued.refreshToken };
  };
  const optionalUsername = (username: string | undefined) => (username ? checkUsername(username) : undefined);
  const route = (provider: string) => [{ method: 'POST' as const, path: `/v2/account/authenticate/${provider}` }];

  return [
    defineOperation({
      name: 'AuthenticateDevice',
      routes: route('device'),
      auth: 'server_key',
      request: AuthenticateDeviceRequestMsg,
      response: SessionMsg,
      body: { field: 'account' },
      async handle(req) {
        const id = checkDeviceId(req.account?.id);
        const username = optionalUsername(req.username);
        return sessionFor(await accounts.authenticateByIdentity('device', id, username, req.create ?? true), req.account?.vars);
      },
    }),
    defineOperation({
      name: 'AuthenticateCustom',
      routes: route('custom'),
      auth: 'server_key',
      request: AuthenticateCustomRequestMsg,
      response: SessionMsg,
      body: { field: 'account' },
      async handle(req) {
        const id = checkCustomId(req.account?.id);
        const username = optionalUsername(req.username);
        return sessionFor(await accounts.authenticateByIdentity('custom', id, username, req.create ?? true), req.account?.vars);
      },
    }),
    defineOperation({
      name: 'AuthenticateEmail',
      routes: route('email'),
      auth: 'server_key',
      request: AuthenticateEmailRequestMsg,
      response: SessionMsg,
      body: { field: 'account' },
      async handle(req) {
        const account = req.account ?? {};
        const username = optionalUsername(req.username);
        if (!account.password) throw Errors.emailPasswordRequired();
        // With no email, Nakama treats the call as a username + password login.
        if (!account.email) {
          if (!username) throw Errors.usernameRequired();
          checkPassword(account.password);
          return sessionFor(await accounts.authenticateUsername(username, account.password), account.vars);
        }
        const email = checkEmail(account.email);
        checkPassword(account.password);
        return sessionFor(await accounts.authenticateEmail(email, account.password, username, req.create ?? true), account.vars);
      },
    }),
  ];
}
