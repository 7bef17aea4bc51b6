import { Errors } from '../../common/errors.js';
import { EmptyMsg, SessionLogoutRequestMsg, SessionMsg, SessionRefreshRequestMsg } from '../../protocol/api-messages.js';
import { caller, defineOperation, type Operation } from '../operation.js';
import type { ApiServices } from './services.js';

export function sessionOperations({ accounts, sessions }: ApiServices): Operation[] {
  return [
    defineOperation({
      name: 'SessionRefresh',
      routes: [{ method: 'POST', path: '/v2/account/session/refresh' }],
      auth: 'server_key',
      request: SessionRefreshRequestMsg,
      response: SessionMsg,
      body: '*',
      async handle(req) {
        if (!req.token) throw Errors.refreshTokenRequired();
        const claims = sessions.verifyRefresh(req.token);
        const login = await accounts.loginForRefresh(claims.uid);
        const issued = sessions.reissue(claims, login.username, req.vars);
        return { token: issued.token, refreshToken: issued.refreshToken };
      },
    }),
    defineOperation({
      name: 'SessionLogout',
      routes: [{ method: 'POST', path: '/v2/session/logout' }],
      auth: 'bearer',
      request: SessionLogoutRequestMsg,
      response: EmptyMsg,
      body: '*',
      async handle(req, ctx) {
        await sessions.logout(caller(ctx), req.token, req.refreshToken);
        return {};
      },
    }),
  ];
}
