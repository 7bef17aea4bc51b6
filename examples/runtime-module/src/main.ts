/// <reference path="./nkruntime.d.ts" />
// A sample Outpost (and Nakama) JavaScript runtime module: one RPC, a before hook, an after hook and an
// authoritative match handler. Build it with `npx tsx examples/runtime-module/build.ts`.

const WELCOME_CODE = 100;
const MAX_NAME_LENGTH = 24;

/** RPC `server_info`: who is asking and what the server knows about them. */
function rpcServerInfo(ctx: nkruntime.Context, logger: nkruntime.Logger, nk: nkruntime.Nakama, payload: string): string {
  const input = payload ? (JSON.parse(payload) as { echo?: string }) : {};
  const account = ctx.userId ? nk.accountGetId(ctx.userId) : null;
  logger.debug('server_info for %s', ctx.userId || 'server');
  return JSON.stringify({ node: ctx.node, user: account?.user.username ?? null, echo: input.echo ?? null, requestId: nk.uuidv4() });
}

/** Before UpdateAccount: trim display names and refuse long ones with a clear client error. */
function beforeUpdateAccount(ctx: nkruntime.Context, logger: nkruntime.Logger, nk: nkruntime.Nakama, req: nkruntime.UpdateAccountRequest) {
  if (req.displayName !== undefined) {
    const name = req.displayName.trim();
    if (name.length > MAX_NAME_LENGTH) throw { message: `Display name must be at most ${MAX_NAME_LENGTH} characters.`, code: 3 };
    req.displayName = name;
  }
  return req;
}

/** After AuthenticateDevice: greet new players with a stored notification. */
function afterAuthenticateDevice(ctx: nkruntime.Context, logger: nkruntime.Logger, nk: nkruntime.Nakama, res: nkruntime.Session, req: nkruntime.AuthenticateDeviceRequest) {
  if (!res.created) return;
  nk.notificationSend(ctx.userId, 'Welcome!', { coins: 100 }, WELCOME_CODE, null, true);
}

interface LobbyState {
  players: Record<string, string>;
  messages: number;
}

/** Match `lobby`: relays chat lines to everyone and keeps a message count in its label. */
const lobby: nkruntime.MatchHandler<LobbyState> = {
  matchInit: (ctx, logger, nk, params) => ({ state: { players: {}, messages: 0 }, tickRate: 10, label: JSON.stringify({ room: params.room ?? 'main', messages: 0 }) }),
  matchJoinAttempt: (ctx, logger, nk, d, tick, state, presence) => ({ state, accept: Object.keys(state.players).length < 16, rejectMessage: 'lobby is full' }),
  matchJoin: (ctx, logger, nk, d, tick, state, presences) => {
    for (const p of presences) state.players[p.userId] = p.username;
    d.broadcastMessage(1, JSON.stringify({ joined: presences.map((p) => p.username) }));
    return { state };
  },
  matchLeave: (ctx, logger, nk, d, tick, state, presences) => {
    for (const p of presences) delete state.players[p.userId];
    return Object.keys(state.players).length === 0 ? null : { state };
  },
  matchLoop: (ctx, logger, nk, d, tick, state, messages) => {
    for (const m of messages) {
      state.messages++;
      d.broadcastMessage(2, JSON.stringify({ from: m.sender.username, text: nk.binaryToString(m.data) }), null, m.sender);
    }
    if (messages.length > 0) d.matchLabelUpdate(JSON.stringify({ messages: state.messages }));
    return { state };
  },
  matchTerminate: (ctx, logger, nk, d, tick, state, graceSeconds) => {
    d.broadcastMessage(3, JSON.stringify({ closingIn: graceSeconds }));
    return { state };
  },
  matchSignal: (ctx, logger, nk, d, tick, state, data) => ({ state, data: JSON.stringify({ players: Object.keys(state.players).length, data }) }),
};

const InitModule: nkruntime.InitModule = function (ctx, logger, nk, initializer) {
  initializer.registerRpc('server_info', rpcServerInfo);
  initializer.registerBeforeUpdateAccount(beforeUpdateAccount);
  initializer.registerAfterAuthenticateDevice(afterAuthenticateDevice);
  initializer.registerMatch('lobby', lobby);
  logger.info('sample module loaded on %s', ctx.node);
};

// The runtime looks InitModule up as a global; this reference keeps the bundler from dropping it.
!InitModule && (InitModule as nkruntime.InitModule).bind(null);
