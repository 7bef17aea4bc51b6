import type { ConsoleAuth } from '../console-auth.js';
import type { ConsoleRoute } from '../route.js';
import { stringField } from './input.js';

/** Login (POST /v2/console/authenticate, Nakama's path) and a token check for the GUI's start-up. */
export function authRoutes(auth: ConsoleAuth): ConsoleRoute[] {
  return [
    {
      method: 'POST',
      path: '/authenticate',
      auth: 'none',
      async handle(req) {
        const username = stringField(req.body, 'username', { max: 128 });
        const password = stringField(req.body, 'password', { max: 1024 });
        const { token, claims } = await auth.login(username, password, req.clientIp);
        return { token, username: claims.usn, expiresAt: claims.exp };
      },
    },
    {
      method: 'GET',
      path: '/authenticate/check',
      async handle(req) {
        return { username: req.admin!.usn, expiresAt: req.admin!.exp };
      },
    },
  ];
}
