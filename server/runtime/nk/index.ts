import { accountsArea } from './accounts.js';
import { authenticateArea } from './authenticate.js';
import { channelsArea } from './channels.js';
import { eventsArea } from './events.js';
import { httpArea } from './http.js';
import { localcacheArea } from './localcache.js';
import { metricsArea } from './metrics.js';
import { notificationsArea } from './notifications.js';
import { sqlArea } from './sql.js';
import { streamsArea } from './streams.js';
import { simArea } from './sim.js';
import { linksArea } from './links.js';
import { notificationReadsArea, sessionsArea, statusArea } from './sessions.js';
import { NkTable, type NkArea, type NkServices } from './table.js';
import { storageArea } from './storage.js';
import { walletsArea } from './wallets.js';
import { friendsArea } from './friends.js';
import { groupsArea } from './groups.js';
import { leaderboardsArea } from './leaderboards.js';
import { tournamentsArea } from './tournaments.js';

export { NkTable, type NkArea, type NkServices } from './table.js';

/** Every area's main-thread nk functions; an area merged later appends its NkArea here. */
const AREAS: NkArea[] = [accountsArea, authenticateArea, notificationsArea, streamsArea, channelsArea, sqlArea, httpArea, localcacheArea, metricsArea, eventsArea, linksArea, sessionsArea, notificationReadsArea, statusArea, simArea, storageArea, walletsArea, friendsArea, groupsArea, leaderboardsArea, tournamentsArea];

export function buildNkTable(services: NkServices, extra: readonly NkArea[] = []): NkTable {
  const table = new NkTable();
  for (const area of [...AREAS, ...extra]) area(table, services);
  return table;
}
