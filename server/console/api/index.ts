import type { ConsoleAuth } from '../console-auth.js';
import type { ConsoleDeps } from '../console-deps.js';
import type { ConsoleRoute } from '../route.js';
import { accountRoutes } from './accounts.js';
import { authRoutes } from './auth.js';
import { chatRoutes } from './chat.js';
import { configRoutes } from './config.js';
import { logRoutes } from './logs.js';
import { matchRoutes } from './matches.js';
import { notificationRoutes } from './notifications.js';
import { serverRoutes } from './server-info.js';
import { statusRoutes } from './status.js';
import { storageRoutes } from './storage.js';
import { walletRoutes } from './wallets.js';
import { friendRoutes } from './friends.js';
import { groupRoutes } from './groups.js';
import { runtimeRoutes } from './runtime.js';
import { leaderboardRoutes } from './leaderboards.js';

/**
 * The console API: one file per area. Storage objects, leaderboards, groups and the runtime add their
 * page's backend as a file here and one line below.
 */
export function consoleRoutes(deps: ConsoleDeps, auth: ConsoleAuth): ConsoleRoute[] {
  return [
    ...authRoutes(auth),
    ...statusRoutes(deps),
    ...accountRoutes(deps),
    ...matchRoutes(deps),
    ...chatRoutes(deps),
    ...notificationRoutes(deps),
    ...configRoutes(deps),
    ...logRoutes(deps),
    ...serverRoutes(deps),
    ...storageRoutes(deps),
    ...walletRoutes(deps),
    ...friendRoutes(deps),
    ...groupRoutes(deps),
    ...runtimeRoutes(deps),
    ...leaderboardRoutes(deps),
  ];
}
