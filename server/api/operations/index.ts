import type { Operation } from '../operation.js';
import { accountOperations } from './account.js';
import { authenticateOperations } from './authenticate.js';
import { channelOperations } from './channel.js';
import { healthcheckOperations } from './healthcheck.js';
import { linkOperations } from './link.js';
import { matchOperations } from './match.js';
import { matchmakerOperations } from './matchmaker.js';
import { notificationOperations } from './notification.js';
import { partyOperations } from './party.js';
import { sessionOperations } from './session.js';
import { storageOperations } from './storage.js';
import { eventOperations } from './event.js';
import { rpcOperations } from './rpc.js';
import type { ApiServices } from './services.js';
import { friendOperations } from './friend.js';
import { groupOperations } from './group.js';
import { leaderboardOperations } from './leaderboard.js';
import { tournamentOperations } from './tournament.js';

export type { ApiServices } from './services.js';

/** The client API's operation table: every area adds its rows here and nowhere else. */
export function buildOperationTable(services: ApiServices): Operation[] {
  const table = [
    ...healthcheckOperations(),
    ...authenticateOperations(services),
    ...sessionOperations(services),
    ...accountOperations(services),
    ...linkOperations(services),
    ...matchOperations(services),
    ...notificationOperations(services),
    ...channelOperations(services),
    ...partyOperations(services),
    ...storageOperations(services),
    ...eventOperations(services),
    ...friendOperations(services),
    ...groupOperations(services),
    ...matchmakerOperations(services),
    ...rpcOperations(services),
    ...leaderboardOperations(services),
    ...tournamentOperations(services),
  ];
  const names = new Set<string>();
  for (const op of table) {
    if (names.has(op.name)) throw new Error(`operation ${op.name} is declared twice`);
    names.add(op.name);
  }
  return table;
}
