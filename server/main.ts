import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Registry } from 'prom-client';
import { createLogger, type Logger } from './common/logger.js';
import type { Service } from './common/lifecycle.js';
import type { LoadedConfig } from './config/load.js';
import type { Config } from './config/schema.js';
import type { Storage } from './storage/repositories.js';
import { openSqliteStorage } from './storage/sqlite/open-sqlite-storage.js';
import { openPostgresStorage } from './storage/postgres/open-postgres-storage.js';
import { SessionService } from './core/session/session-service.js';
import { AccountService } from './core/account/account-service.js';
import { BcryptWorkers } from './core/account/bcrypt-workers.js';
import { HookRegistry } from './api/hooks.js';
import { buildOperationTable } from './api/operations/index.js';
import { HttpApiServer } from './api/http-server.js';
import { LocalTracker, type Tracker } from './presence/tracker.js';
import { LocalMessageRouter } from './presence/message-router.js';
import { LocalMatchRegistry, type MatchRegistry } from './match/match-registry.js';
import { LocalPartyRegistry, type PartyRegistry } from './party/party-registry.js';
import { AuthoritativeMatchRegistry } from './match/authoritative/authoritative-registry.js';
import type { MatchHandlerProvider } from './match/authoritative/match-handler.js';
import { StatusService, statusStream } from './core/status/status-service.js';
import { NotificationService } from './core/notification/notification-service.js';
import { ChannelService } from './core/channel/channel-service.js';
import { SessionRegistry } from './realtime/session-registry.js';
import { RealtimePipeline } from './realtime/pipeline.js';
import { RealtimeServer } from './realtime/realtime-server.js';
import { pingOperations } from './realtime/handlers/ping.js';
import { statusOperations } from './realtime/handlers/status.js';
import { matchOperations } from './realtime/handlers/match.js';
import { channelOperations } from './realtime/handlers/channel.js';
import { partyOperations } from './realtime/handlers/party.js';
import { StorageObjectService } from './core/storage/storage-object-service.js';
import { WalletService } from './core/wallet/wallet-service.js';
import { EventSink } from './core/event/event-sink.js';
import { FriendService } from './core/friend/friend-service.js';
import { GroupService } from './core/group/group-service.js';
import { GroupChatMembership } from './core/group/group-chat-membership.js';
import { createLiveLogger, type LogControl } from './common/live-logger.js';
import type { LogLevel } from './common/logger.js';
import { SystemSampler } from './metrics/system-sampler.js';
import { ServerMetrics } from './metrics/server-metrics.js';
import { PrometheusServer } from './metrics/prometheus-server.js';
import { LogBuffer } from './console/log-buffer.js';
import { ConsoleServer } from './console/console-server.js';
import type { LiveSetter } from './console/console-deps.js';
import type { LockoutSettings } from './console/login-attempts.js';
import { matchmakerOperations } from './realtime/handlers/matchmaker.js';
import { LocalMatchmaker, type Matchmaker } from './matchmaker/matchmaker.js';
import { MatchTokens } from './match/match-token.js';
import { JsRuntime } from './runtime/js-runtime.js';
import { SimService } from './sim/sim-service.js';
import { buildNkTable } from './runtime/nk/index.js';
import { LocalCache } from './runtime/local-cache.js';
import { RuntimeMetrics } from './runtime/runtime-metrics.js';
import { StreamPresenceEvents } from './runtime/stream-presence-events.js';
import { matchesArea } from './runtime/nk/matches.js';
import { ApiHookInstaller, apiHookNames } from './runtime/api-hooks.js';
import { RealtimeHookInstaller, rpcRealtimeOperations } from './runtime/realtime-hooks.js';
import type { RpcInvoker } from './api/operations/rpc.js';
import { systemClock, type Clock } from './common/clock.js';
import { RankCache } from './core/leaderboard/rank-cache.js';
import { BoardRegistry } from './core/leaderboard/board-registry.js';
import { LeaderboardService } from './core/leaderboard/leaderboard-service.js';
import { TournamentService } from './core/leaderboard/tournament-service.js';
import { LeaderboardScheduler } from './core/leaderboard/leaderboard-scheduler.js';

/**
 * The composition root: config -> storage -> core services -> transports. The only module that picks
 * concrete implementations; everything else receives them through constructors.
 */
export interface Outpost {
  readonly config: Config;
  readonly logger: Logger;
  readonly storage: Storage;
  readonly hooks: HookRegistry;
  readonly realtime: { pipeline: RealtimePipeline; sessions: SessionRegistry; tracker: Tracker };
  /** Relayed matches on this node (authoritative ones arrive with the runtime). */
  readonly matches: MatchRegistry;
  /** Parties hosted on this node. */
  readonly parties: PartyRegistry;
  /** Authoritative matches hosted on this node; the runtime plugs in with setHandlerProvider. */
  readonly authoritativeMatches: AuthoritativeMatchRegistry;
  /** Sends, lists and deletes in-app notifications; what the runtime's nk.notification(s)Send will call. */
  readonly notifications: NotificationService;
  /** Chat rooms, group chats and direct chats, with their stored history. */
  readonly channels: ChannelService;
  /** Storage objects; a null caller is the server (runtime's nk.storage*, console) and bypasses permissions. */
  readonly storageObjects: StorageObjectService;
  /** Wallets and their ledger; what nk.wallet* and the console call. */
  readonly wallets: WalletService;
  /** Custom events from POST /v2/event and the server; the runtime's event handlers subscribe here. */
  readonly events: EventSink;
  /** The friend graph; what the runtime's nk.friends* functions and the console will call. */
  readonly friends: FriendService;
  /** Groups and their members; what the runtime's nk.group* functions and the console will call. */
  readonly groups: GroupService;
  /** The admin console (API, live socket, GUI) on console.port; started after the API, stopped before it. */
  readonly console: ConsoleServer;
  /** Server figures for the console and Prometheus; `metrics.registry` is the prom-client registry. */
  readonly metrics: ServerMetrics;
  /** The last log lines, as the console's log view shows them. */
  readonly logs: LogBuffer;
  /** The ticket pool and its interval loop; the runtime's registerMatchmakerMatched calls setMatchedCallback. */
  readonly matchmaker: Matchmaker & { start(): Promise<void>; stop(): Promise<void> };
  /** Authoritative physics for matches (GPU or CPU, per sim.backend); adapter info and step statistics. */
  readonly sim: SimService;
  /** Host modules (JavaScript): start/stop, registered() names for the console, registrations for other areas, metrics. */
  readonly runtime: JsRuntime;
  /** Leaderboards: server-side create/delete and record writes/reads; what nk.leaderboard* and the console call. */
  readonly leaderboards: LeaderboardService;
  /** Tournaments: server-side create/delete, joins, windowed record writes and reads. */
  readonly tournaments: TournamentService;
  /** Period boundaries; register onLeaderboardReset / onTournamentEnd / onTournamentReset here. */
  readonly leaderboardScheduler: LeaderboardScheduler;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Addresses served, once started. */
  addresses(): { api: string; realtime: string; console: string; prometheus?: string };
}

/** Reported to modules as ctx.version. */
const OUTPOST_VERSION = '0.1.0';

export interface CreateOptions {
  logger?: Logger;
  /** Named authoritative match handlers (the runtime's registerMatch); settable later on authoritativeMatches. */
  matchHandlers?: MatchHandlerProvider;
  /** Where the built GUI lives; renderer/dist by default. */
  consoleStaticDir?: string;
  /** Console login lockout; 5 failures within 15 minutes lock for 5 minutes by default. */
  consoleLockout?: LockoutSettings;
  /** The time leaderboard periods and tournament windows follow; tests move it by hand. */
  clock?: Clock;
}

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Opens the configured database: embedded SQLite in data_dir, or PostgreSQL for a postgres:// address. */
export async function openStorage(config: Config): Promise<Storage> {
  if (config.database.address === '') {
    return openSqliteStorage({
      file: join(resolve(config.data_dir), config.database.sqlite_file),
      busyTimeoutMs: config.database.busy_timeout_ms,
      synchronous: config.database.sqlite_synchronous,
    });
  }
  return openPostgresStorage({
    url: config.database.address,
    maxConnections: config.database.max_open_conns,
    connectTimeoutMs: config.database.conn_timeout_ms,
  });
}

export async function createOutpost(loaded: LoadedConfig, options: CreateOptions = {}): Promise<Outpost> {
  const { config } = loaded;
  // The live logger reads its level from logControl on each line (the console edits logger.level) and copies
  // every line to the console's log buffer; a logger passed in keeps filtering what it writes itself.
  const logs = new LogBuffer(5000);
  const logControl: LogControl = { level: config.logger.level, sink: logs.append };
  const inner = options.logger ?? createLogger({ level: 'debug', format: config.logger.format, write: config.logger.stdout ? undefined : () => {} });
  const logger = createLiveLogger(inner, logControl);
  for (const warning of loaded.warnings) logger.warn(warning);

  const storage = await openStorage(config);
  const sessions = new SessionService(
    {
      encryptionKey: config.session.encryption_key,
      refreshEncryptionKey: config.session.refresh_encryption_key,
      tokenExpirySec: config.session.token_expiry_sec,
      refreshTokenExpirySec: config.session.refresh_token_expiry_sec,
      singleSession: config.session.single_session,
    },
    storage.sessions,
    logger.child({ component: 'sessions' }),
  );
  const node = config.name;
  const tracker = new LocalTracker(node);
  const realtimeSessions = new SessionRegistry();
  const router = new LocalMessageRouter(node, realtimeSessions);
  const status = new StatusService(tracker, router, storage.accounts);
  const matchTokens = new MatchTokens(config.session.encryption_key);
  const matches = new LocalMatchRegistry({ singleMatch: config.session.single_match, tokens: matchTokens }, tracker, router);
  const parties = new LocalPartyRegistry({ node, singleParty: config.session.single_party, isSessionLive: (id) => realtimeSessions.get(id) !== undefined }, tracker, router);
  const sim = new SimService(
    {
      backend: config.sim.backend,
      interestK: config.sim.interest_k,
      maxWorldsPerOwner: config.sim.max_worlds_per_match,
      maxBodiesPerWorld: config.sim.max_bodies_per_world,
    },
    logger.child({ component: 'sim' }),
  );
  const authoritativeMatches = new AuthoritativeMatchRegistry(
    {
      node,
      // Each match's physics worlds step right before its matchLoop, in one dispatch with every match due now.
      beforeLoop: (matchId) => sim.stepOwner(matchId),
      shutdownGraceSec: config.shutdown_grace_sec,
      maxEmptySec: config.match.max_empty_sec,
      inputQueueSize: config.match.input_queue_size,
      callQueueSize: config.match.call_queue_size,
      singleMatch: config.session.single_match,
      isSessionLive: (id) => realtimeSessions.get(id) !== undefined,
      disconnect: (id) => realtimeSessions.get(id)?.close(1000, 'server-side session disconnect'),
    },
    tracker,
    router,
    logger.child({ component: 'matches' }),
    options.matchHandlers,
  );
  const matchmaker = new LocalMatchmaker(
    {
      maxTickets: config.matchmaker.max_tickets,
      intervalSec: config.matchmaker.interval_sec,
      maxIntervals: config.matchmaker.max_intervals,
      revPrecision: config.matchmaker.rev_precision,
      revThreshold: config.matchmaker.rev_threshold,
    },
    { router, logger: logger.child({ component: 'matchmaker' }), issueToken: () => matchTokens.issue() },
  );
  // A party whose members change or that closes loses its tickets, as in Nakama.
  parties.onMembershipChange((partyId) => matchmaker.removePartyAll(partyId));
  const notifications = new NotificationService(storage.notifications, tracker, router);
  const isOnline = (userId: string) => tracker.listByStream(statusStream(userId), false).length > 0;
  const friends = new FriendService({ friends: storage.friends, accounts: storage.accounts, notifications, tracker, isOnline, logger: logger.child({ component: 'friends' }) });
  const groups = new GroupService({
    groups: storage.groups,
    accounts: storage.accounts,
    notifications,
    tracker,
    isOnline,
    logger: logger.child({ component: 'groups' }),
    // Bound late: the channel service is built below, with group membership deciding who may chat.
    chatEvents: { post: (groupId, code, user) => channels.postGroupEvent(groupId, code, user) },
  });
  const channels = new ChannelService({
    tracker,
    router,
    messages: storage.messages,
    userExists: async (userId) => (await storage.accounts.findLoginById(userId)) !== null,
    // Group chat is open to the group's members only; anyone else is told "Group not found", as in Nakama.
    groups: new GroupChatMembership(groups),
    notifyDirectChat: (userId, from) =>
      notifications
        .send([{ userId, subject: `${from.username} wants to chat`, content: { username: from.username }, code: -1, senderId: from.userId, persistent: true }])
        .catch((err: unknown) => logger.warn('direct chat notification failed', { err })),
  });
  const passwords = new BcryptWorkers();
  const accounts = new AccountService(storage.accounts, passwords, isOnline);
  const clock = options.clock ?? systemClock;
  const boards = new BoardRegistry(storage.leaderboards, new RankCache(), clock);
  const leaderboards = new LeaderboardService(boards, storage.leaderboards, clock);
  const tournaments = new TournamentService(boards, storage.leaderboards, clock);
  const leaderboardScheduler = new LeaderboardScheduler(boards, storage.leaderboards, clock, logger.child({ component: 'leaderboards' }));
  const hooks = new HookRegistry();
  const storageObjects = new StorageObjectService(storage.storageObjects, logger.child({ component: 'storage' }));
  const wallets = new WalletService(storage.wallets);
  const events = new EventSink(logger.child({ component: 'events' }));
  const systemSampler = new SystemSampler({ intervalMs: 2000, gpuIntervalMs: 10_000 }, logger.child({ component: 'metrics' }));
  const metrics = new ServerMetrics(
    new Registry(),
    { node, sampleIntervalMs: 1000, historySize: 300 },
    { sessions: () => realtimeSessions.count, presences: () => tracker.count(), matches: () => matches.size() + authoritativeMatches.size(), parties: () => parties.size(), sim: () => sim.status() },
    systemSampler,
  );
  hooks.observe((operation, ms, error) => metrics.recordOperation(operation, ms, error));
  // The runtime is built after the transports it hooks into; these forwarders reach it once it exists.
  let runtime: JsRuntime | undefined;
  const rpcInvoker: RpcInvoker = { httpKey: config.runtime.http_key, call: (id, payload, caller) => runtime!.rpc(id, payload, caller) };
  const operations = buildOperationTable({ accounts, sessions, matches, parties, notifications, channels, storageObjects, events, friends, groups, matchmaker, leaderboards, tournaments, rpc: rpcInvoker, authoritativeMatches });
  const api = new HttpApiServer(
    {
      address: config.socket.address,
      port: config.socket.port,
      serverKey: config.socket.server_key,
      maxRequestSizeBytes: config.socket.max_request_size_bytes,
      idleTimeoutMs: config.socket.idle_timeout_ms,
      readTimeoutMs: config.socket.read_timeout_ms,
      responseHeaders: config.socket.response_headers,
      shutdownGraceMs: config.shutdown_grace_sec * 1000,
    },
    operations,
    sessions,
    hooks,
    logger.child({ component: 'api' }),
  );

  const pipeline = new RealtimePipeline([...pingOperations(), ...statusOperations(status, node), ...matchOperations(matches, node, authoritativeMatches), ...partyOperations(parties, node), ...channelOperations(channels, node), ...matchmakerOperations(matchmaker, parties, router, node), ...rpcRealtimeOperations({ hasRpc: (id) => runtime!.hasRpc(id), rpc: (id, payload, caller) => runtime!.rpc(id, payload, caller) })], logger.child({ component: 'realtime' }));
  const realtime = new RealtimeServer(
    {
      node,
      maxMessageSizeBytes: config.socket.max_message_size_bytes,
      outgoingQueueSize: config.socket.outgoing_queue_size,
      pingPeriodMs: config.socket.ping_period_ms,
      pongWaitMs: config.socket.pong_wait_ms,
      singleSocket: config.session.single_socket,
    },
    realtimeSessions,
    sessions,
    pipeline,
    status,
    tracker,
    logger.child({ component: 'realtime' }),
  );
  api.onUpgrade('/ws', (req, socket, head) => realtime.handleUpgrade(req, socket, head));

  const liveSettings = new Map<string, LiveSetter>([
    ['logger.level', (v) => (logControl.level = v as LogLevel)],
    ['session.token_expiry_sec', (v) => sessions.updateLifetimes(v as number, config.session.refresh_token_expiry_sec)],
    ['session.refresh_token_expiry_sec', (v) => sessions.updateLifetimes(config.session.token_expiry_sec, v as number)],
  ]);
  const consoleServer = new ConsoleServer(
    {
      address: config.console.address,
      port: config.console.port,
      staticDir: options.consoleStaticDir ?? fileURLToPath(new URL('../renderer/dist', import.meta.url)),
      maxBodyBytes: 4 * 1024 * 1024,
      auth: {
        username: config.console.username,
        password: config.console.password,
        signingKey: config.console.signing_key,
        tokenExpirySec: config.console.token_expiry_sec,
        lockout: options.consoleLockout ?? { maxFailures: 5, windowMs: 15 * 60_000, lockoutMs: 5 * 60_000 },
      },
    },
    {
      loaded,
      storage,
      accounts,
      sessions,
      realtimeSessions,
      tracker,
      matches,
      authoritativeMatches,
      notifications,
      channels,
      metrics,
      logs,
      liveSettings,
      addresses: () => ({ ...addresses() }),
      version: VERSION,
      startedAt: Date.now(),
      logger: logger.child({ component: 'console' }),
      storageObjects,
      wallets,
      friends,
      groups,
      runtime: () => runtime,
      leaderboards,
      tournaments,
    },
    logger.child({ component: 'console' }),
  );
  const prometheus = config.metrics.prometheus_port > 0 ? new PrometheusServer({ port: config.metrics.prometheus_port, address: config.socket.address }, metrics) : undefined;

  const runtimeLogger = logger.child({ component: 'runtime' });
  const runtimeMetrics = new RuntimeMetrics();
  const nk = buildNkTable({
    node,
    accounts,
    sessions,
    notifications,
    channels,
    status,
    tracker,
    router,
    realtimeSessions,
    sql: storage.sql,
    localcache: new LocalCache(),
    sim,
    metrics: runtimeMetrics,
    // nk.event goes through the same sink as POST /v2/event, so every subscriber sees server events too.
    emitEvent: (event) =>
      events.publish({
        name: String(event.name),
        properties: event.properties as Record<string, string>,
        timestamp: Number(event.timestamp) * 1000,
        external: Boolean(event.external),
      }),
    storageObjects,
    wallets,
    friends,
    groups,
    leaderboards,
    tournaments,
  }, [matchesArea(
    authoritativeMatches,
    matches,
    () => runtime?.allWorkersBlocked() ?? false,
    (matchId) => runtime?.matchHeldByCaller(matchId) ?? false,
  )]);
  runtime = new JsRuntime(
    {
      dataDir: config.data_dir,
      path: config.runtime.path,
      entrypoint: config.runtime.js_entrypoint,
      env: config.runtime.env,
      workerCount: config.runtime.js_worker_count,
      memoryMb: config.runtime.js_max_memory_mb,
      callTimeoutMs: config.runtime.call_timeout_ms,
      startOnModuleError: config.runtime.start_on_module_error,
      node,
      version: OUTPOST_VERSION,
      publicConfig: { name: config.name, runtime: { env: config.runtime.env, path: config.runtime.path, js_entrypoint: config.runtime.js_entrypoint } },
    },
    nk,
    { apiNames: apiHookNames(operations), rtNames: pipeline.hookNames().filter((h) => h !== 'Rpc') },
    [new ApiHookInstaller(hooks, operations), new RealtimeHookInstaller(pipeline)],
    runtimeLogger,
    runtimeMetrics,
  );

  // Started in this order, stopped in reverse: sockets close before the HTTP server drains; the console
  // starts after the API and stops before it; the runtime stops after the transports, so in-flight calls finish.
  // What the module registered reaches the areas that call it: matched players, events.
  matchmaker.setMatchedCallback((entries) =>
    runtime!.registrations.has('MatchmakerMatched')
      ? runtime!.registrations.matchmakerMatched(
          entries.map((e) => ({ presence: e.presence, properties: { ...e.stringProperties, ...e.numericProperties }, ...(e.partyId ? { partyId: e.partyId } : {}) })),
        )
      : undefined,
  );
  // Authoritative match handlers come from the module's registerMatch unless the caller brought its own.
  if (!options.matchHandlers) authoritativeMatches.setHandlerProvider(runtime.registrations.matchHandlers);
  events.subscribe((event) => (runtime!.registrations.has('Event') ? runtime!.registrations.event(event) : undefined));
  // Period boundaries reach the module's registerLeaderboardReset / registerTournamentEnd / registerTournamentReset.
  leaderboardScheduler.onLeaderboardReset(async (id, reset) => {
    const board = leaderboards.get(id);
    if (board && runtime!.registrations.has('LeaderboardReset')) await runtime!.registrations.leaderboardReset({ ...board }, reset);
  });
  const registeredTournament = async (callback: 'TournamentEnd' | 'TournamentReset', id: string) =>
    runtime!.registrations.has(callback) ? (await tournaments.get([id]))[0] : undefined;
  leaderboardScheduler.onTournamentEnd(async (id, end, reset) => {
    const tournament = await registeredTournament('TournamentEnd', id);
    if (tournament) await runtime!.registrations.tournamentEnd({ ...tournament }, end, reset);
  });
  leaderboardScheduler.onTournamentReset(async (id, end, reset) => {
    const tournament = await registeredTournament('TournamentReset', id);
    if (tournament) await runtime!.registrations.tournamentReset({ ...tournament }, end, reset);
  });

  const services: Service[] = [passwords, sessions, events, matches, channels, parties, boards, leaderboardScheduler, matchmaker, new StreamPresenceEvents(tracker, router), sim, runtime, systemSampler, metrics, api, realtime, consoleServer, ...(prometheus ? [prometheus] : [])];
  // Last to start, first to stop: matchTerminate's broadcasts still reach open sockets during the grace period.
  services.push(authoritativeMatches);
  // A match's worlds go with it, however it ends.
  authoritativeMatches.onMatchEnded((matchId) => sim.releaseOwner(matchId));
  const started: Service[] = [];
  const host = config.socket.address || '127.0.0.1';
  const consoleHost = config.console.address || '127.0.0.1';
  const addresses = () => ({
    api: `http://${host}:${api.port}`,
    realtime: `ws://${host}:${api.port}/ws`,
    console: `http://${consoleHost}:${consoleServer.port}`,
    ...(prometheus ? { prometheus: `http://${host}:${prometheus.port}/metrics` } : {}),
  });

  return {
    config,
    logger,
    storage,
    hooks,
    realtime: { pipeline, sessions: realtimeSessions, tracker },
    matches,
    parties,
    authoritativeMatches,
    notifications,
    channels,
    storageObjects,
    wallets,
    events,
    friends,
    groups,
    console: consoleServer,
    metrics,
    logs,
    matchmaker,
    runtime,
    sim,
    leaderboards,
    tournaments,
    leaderboardScheduler,
    async start() {
      const applied = await storage.migrateUp();
      logger.info('database ready', { dialect: storage.dialect, schema: applied.at(-1)?.version ?? 0 });
      for (const service of services) {
        await service.start();
        started.push(service);
      }
    },
    async stop() {
      // Reverse order: transports drain first, then services, then the database closes last.
      while (started.length > 0) {
        const service = started.pop()!;
        try {
          await service.stop();
        } catch (err) {
          logger.error('service failed to stop cleanly', { service: service.name, err });
        }
      }
      status.dispose();
      await storage.close();
    },
    addresses,
  };
}
