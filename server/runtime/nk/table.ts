import type { AccountService } from '../../core/account/account-service.js';
import type { ChannelService } from '../../core/channel/channel-service.js';
import type { FriendService } from '../../core/friend/friend-service.js';
import type { GroupService } from '../../core/group/group-service.js';
import type { LeaderboardService } from '../../core/leaderboard/leaderboard-service.js';
import type { TournamentService } from '../../core/leaderboard/tournament-service.js';
import type { NotificationService } from '../../core/notification/notification-service.js';
import type { SessionService } from '../../core/session/session-service.js';
import type { StatusService } from '../../core/status/status-service.js';
import type { StorageObjectService } from '../../core/storage/storage-object-service.js';
import type { WalletService } from '../../core/wallet/wallet-service.js';
import type { MessageRouter } from '../../presence/message-router.js';
import type { Tracker } from '../../presence/tracker.js';
import type { SessionRegistry } from '../../realtime/session-registry.js';
import type { SqlDatabase } from '../../storage/sql.js';
import type { LocalCache } from '../local-cache.js';
import type { RuntimeMetrics } from '../runtime-metrics.js';
import type { SimService } from '../../sim/sim-service.js';

/**
 * The main thread's half of `nk`: one table of functions by name. Each area registers its functions from
 * its own file (nk/<area>.ts); a later area (storage, leaderboards, ...) adds a file and a line in index.ts.
 * Handlers get the decoded arguments and may be async; the worker waits for the answer.
 */
export type NkHandler = (args: unknown[]) => unknown;

export class NkTable {
  private readonly handlers = new Map<string, NkHandler>();

  register(name: string, handler: NkHandler): void {
    if (this.handlers.has(name)) throw new Error(`nk.${name} is registered twice`);
    this.handlers.set(name, handler);
  }

  get(name: string): NkHandler | undefined {
    return this.handlers.get(name);
  }

  names(): string[] {
    return [...this.handlers.keys()];
  }
}

/** What the main thread's nk functions call. Optional members belong to areas not merged yet. */
export interface NkServices {
  node: string;
  accounts: AccountService;
  sessions: SessionService;
  notifications: NotificationService;
  channels: ChannelService;
  status: StatusService;
  tracker: Tracker;
  router: MessageRouter;
  realtimeSessions: SessionRegistry;
  sql: SqlDatabase;
  localcache: LocalCache;
  metrics: RuntimeMetrics;
  /** nk.event: hands an event to the registered event handlers. */
  emitEvent(event: Record<string, unknown>): void;
  /** Outpost's physics extension (nk.sim*); absent where no simulation runs. */
  sim?: SimService;
  storageObjects: StorageObjectService;
  wallets: WalletService;
  friends: FriendService;
  groups: GroupService;
  leaderboards: LeaderboardService;
  tournaments: TournamentService;
}

export type NkArea = (table: NkTable, services: NkServices) => void;
