import type { Logger } from '../common/logger.js';
import type { LoadedConfig } from '../config/load.js';
import type { AccountService } from '../core/account/account-service.js';
import type { ChannelService } from '../core/channel/channel-service.js';
import type { NotificationService } from '../core/notification/notification-service.js';
import type { SessionService } from '../core/session/session-service.js';
import type { MatchRegistry } from '../match/match-registry.js';
import type { AuthoritativeMatchRegistry } from '../match/authoritative/authoritative-registry.js';
import type { ServerMetrics } from '../metrics/server-metrics.js';
import type { Tracker } from '../presence/tracker.js';
import type { SessionRegistry } from '../realtime/session-registry.js';
import type { Storage } from '../storage/repositories.js';
import type { StorageObjectService } from '../core/storage/storage-object-service.js';
import type { WalletService } from '../core/wallet/wallet-service.js';
import type { FriendService } from '../core/friend/friend-service.js';
import type { GroupService } from '../core/group/group-service.js';
import type { JsRuntime } from '../runtime/js-runtime.js';
import type { LeaderboardService } from '../core/leaderboard/leaderboard-service.js';
import type { TournamentService } from '../core/leaderboard/tournament-service.js';
import type { LogBuffer } from './log-buffer.js';

/** Applies a new value of a live config key at once (logger.level, token lifetimes, ...). */
export type LiveSetter = (value: unknown) => void;

/** Everything the console's route files may use; main.ts builds it from what it already composed. */
export interface ConsoleDeps {
  loaded: LoadedConfig;
  storage: Storage;
  accounts: AccountService;
  sessions: SessionService;
  realtimeSessions: SessionRegistry;
  tracker: Tracker;
  matches: MatchRegistry;
  /** Authoritative matches with their tick statistics; absent in consoles built without them. */
  authoritativeMatches?: AuthoritativeMatchRegistry;
  notifications: NotificationService;
  channels: ChannelService;
  metrics: ServerMetrics;
  logs: LogBuffer;
  /** Keys that change without a restart, each with what applies it. */
  liveSettings: ReadonlyMap<string, LiveSetter>;
  /** Addresses the server listens on, once started. */
  addresses: () => Record<string, string>;
  version: string;
  startedAt: number;
  logger: Logger;
  /** Storage objects, called with caller null (the server: any owner, no permission checks). */
  storageObjects: StorageObjectService;
  /** Wallet changes go through the service so the ledger records them. */
  wallets: WalletService;
  friends: FriendService;
  /** Called as the system user, which ranks as superadmin in every group. */
  groups: GroupService;
  /** The module runtime; built after the console, so it is reached through this getter. */
  runtime: () => Pick<JsRuntime, 'registered' | 'metrics'> | undefined;
  leaderboards: LeaderboardService;
  tournaments: TournamentService;
}
