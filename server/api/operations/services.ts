import type { AccountService } from '../../core/account/account-service.js';
import type { ChannelService } from '../../core/channel/channel-service.js';
import type { MatchRegistry } from '../../match/match-registry.js';
import type { Matchmaker } from '../../matchmaker/matchmaker.js';
import type { AuthoritativeMatchRegistry } from '../../match/authoritative/authoritative-registry.js';
import type { NotificationService } from '../../core/notification/notification-service.js';
import type { PartyRegistry } from '../../party/party-registry.js';
import type { SessionService } from '../../core/session/session-service.js';
import type { StorageObjectService } from '../../core/storage/storage-object-service.js';
import type { EventSink } from '../../core/event/event-sink.js';
import type { FriendService } from '../../core/friend/friend-service.js';
import type { GroupService } from '../../core/group/group-service.js';
import type { RpcInvoker } from './rpc.js';
import type { LeaderboardService } from '../../core/leaderboard/leaderboard-service.js';
import type { TournamentService } from '../../core/leaderboard/tournament-service.js';

/** The core services the client API's operations call. */
export interface ApiServices {
  accounts: AccountService;
  sessions: SessionService;
  matches: MatchRegistry;
  notifications: NotificationService;
  channels: ChannelService;
  parties: PartyRegistry;
  storageObjects: StorageObjectService;
  events: EventSink;
  friends: FriendService;
  groups: GroupService;
  matchmaker: Matchmaker;
  /** The runtime's RPCs (absent: every RPC id is unknown). */
  rpc?: RpcInvoker;
  leaderboards: LeaderboardService;
  tournaments: TournamentService;
  /** Authoritative matches; ListMatches lists them before relayed ones. */
  authoritativeMatches?: AuthoritativeMatchRegistry;
}
