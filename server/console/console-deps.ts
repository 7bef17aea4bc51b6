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
}
