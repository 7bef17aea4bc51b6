/// <reference path="./outpost-sim.d.ts" />
// Arena: each player steers a body and fires projectiles; the server simulates the world with Outpost's
// physics extension (nk.sim*, on the GPU when there is one) and tells each player only what it can see.
//
// Client -> server: op 1 move {vx, vy}; op 2 fire {dx, dy}.
// Server -> client: op 3 hit {shooter, target, scores}; op 4 view {tick, you: {x, y}, seen: [{id, kind, x, y, user?}]}.

const TICK_RATE = 20;
const SIZE = 100;
const PLAYER_RADIUS = 1;
const SHOT_RADIUS = 0.25;
const MAX_SPEED = 15;
const SHOT_SPEED = 40;
const SHOT_TICKS = 30;
const VIEW_RADIUS = 40;
const MAX_PLAYERS = 8;
const LAYER_PLAYER = 1;
const LAYER_SHOT = 2;

interface Player {
  presence: nkruntime.Presence;
  body: number;
  score: number;
}

interface Shot {
  owner: string;
  ticksLeft: number;
}

interface ArenaState {
  world: number;
  /** By user id. */
  players: Record<string, Player>;
  /** By body id. */
  shots: Record<number, Shot>;
  joined: number;
}

function parse(nk: nkruntime.Nakama, data: ArrayBuffer): Record<string, unknown> | null {
  try {
    const value = JSON.parse(nk.binaryToString(data));
    return value !== null && typeof value === 'object' ? value : null;
  } catch {
    return null;
  }
}

function finite(v: unknown): number {
  return typeof v === 'number' && isFinite(v) ? v : 0;
}

function clamp(v: unknown, limit: number): number {
  return Math.max(-limit, Math.min(limit, finite(v)));
}

function scores(state: ArenaState): Record<string, number> {
  const out: Record<string, number> = {};
  for (const id of Object.keys(state.players)) out[state.players[id]!.presence.username] = state.players[id]!.score;
  return out;
}

function label(state: ArenaState): string {
  return JSON.stringify({ mode: 'arena', players: Object.keys(state.players).length });
}

const arena: nkruntime.MatchHandler<ArenaState> = {
  matchInit(ctx, logger, nk) {
    const world = nk.simWorldCreate(ctx.matchId, {
      bounds: { minX: 0, minY: 0, maxX: SIZE, maxY: SIZE },
      dt: 1 / TICK_RATE,
      maxRadius: PLAYER_RADIUS,
      maxBodies: 512,
      maxContacts: 512,
      // Two pillars to hide behind.
      boxes: [
        { minX: 45, minY: 20, maxX: 55, maxY: 30 },
        { minX: 45, minY: 70, maxX: 55, maxY: 80 },
      ],
    });
    const state: ArenaState = { world, players: {}, shots: {}, joined: 0 };
    return { state, tickRate: TICK_RATE, label: label(state) };
  },

  matchJoinAttempt(ctx, logger, nk, d, tick, state) {
    const full = Object.keys(state.players).length >= MAX_PLAYERS;
    return { state, accept: !full, rejectMessage: full ? 'arena is full' : undefined };
  },

  matchJoin(ctx, logger, nk, d, tick, state, presences) {
    for (const presence of presences) {
      // Spawn points along the middle row, in join order, so a test (or a replay) knows where players start.
      const slot = state.joined++ % MAX_PLAYERS;
      const body = nk.simBodyAdd(ctx.matchId, state.world, {
        x: 20 + slot * 8,
        y: 50,
        radius: PLAYER_RADIUS,
        mass: 1,
        damping: 2,
        restitution: 0.2,
        layer: LAYER_PLAYER,
        mask: LAYER_PLAYER | LAYER_SHOT,
        interestRadius: VIEW_RADIUS,
      });
      state.players[presence.userId] = { presence, body, score: 0 };
    }
    d.matchLabelUpdate(label(state));
    return { state };
  },

  matchLeave(ctx, logger, nk, d, tick, state, presences) {
    for (const presence of presences) {
      const player = state.players[presence.userId];
      if (!player) continue;
      nk.simBodyRemove(ctx.matchId, state.world, player.body);
      delete state.players[presence.userId];
    }
    if (Object.keys(state.players).length === 0) return null;
    d.matchLabelUpdate(label(state));
    return { state };
  },

  matchLoop(ctx, logger, nk, d, tick, state, messages) {
    // The world was stepped just before this call: read this tick's results first.
    const world = nk.simWorldState(ctx.matchId, state.world);
    const byBody: Record<number, { x: number; y: number }> = {};
    for (const b of world.bodies) byBody[b.id] = b;
    const ownerOf: Record<number, string> = {};
    for (const id of Object.keys(state.players)) ownerOf[state.players[id]!.body] = id;

    // Hits: a shot touching a player other than its owner scores and disappears.
    const spent: Record<number, boolean> = {};
    for (const [a, b] of world.contacts) {
      for (const [shotId, other] of [[a, b], [b, a]] as Array<[number, number]>) {
        const shot = state.shots[shotId];
        const target = ownerOf[other];
        if (!shot || spent[shotId] || target === undefined || target === shot.owner) continue;
        spent[shotId] = true;
        const shooter = state.players[shot.owner];
        if (shooter) shooter.score++;
        d.broadcastMessage(3, JSON.stringify({ shooter: shooter?.presence.username ?? null, target: state.players[target]!.presence.username, scores: scores(state) }));
      }
    }
    for (const key of Object.keys(state.shots)) {
      const id = Number(key);
      if (spent[id] || --state.shots[id]!.ticksLeft <= 0) {
        nk.simBodyRemove(ctx.matchId, state.world, id);
        delete state.shots[id];
      }
    }

    // Inputs apply to the next step.
    for (const m of messages) {
      const player = state.players[m.sender.userId];
      const input = parse(nk, m.data);
      if (!player || !input) continue;
      if (m.opCode === 1) {
        nk.simBodySet(ctx.matchId, state.world, player.body, { vx: clamp(input.vx, MAX_SPEED), vy: clamp(input.vy, MAX_SPEED) });
      } else if (m.opCode === 2) {
        const dx = finite(input.dx);
        const dy = finite(input.dy);
        const length = Math.sqrt(dx * dx + dy * dy);
        const at = byBody[player.body];
        if (length === 0 || !at) continue;
        const ux = dx / length;
        const uy = dy / length;
        const spawn = PLAYER_RADIUS + SHOT_RADIUS + 0.5;
        const shot = nk.simBodyAdd(ctx.matchId, state.world, {
          x: at.x + ux * spawn,
          y: at.y + uy * spawn,
          vx: ux * SHOT_SPEED,
          vy: uy * SHOT_SPEED,
          radius: SHOT_RADIUS,
          mass: 0,
          sensor: true,
          layer: LAYER_SHOT,
          mask: LAYER_PLAYER,
        });
        state.shots[shot] = { owner: m.sender.userId, ticksLeft: SHOT_TICKS };
      }
    }

    // Each player hears only about what its body can see (interest management on the simulation).
    for (const id of Object.keys(state.players)) {
      const player = state.players[id]!;
      const you = byBody[player.body];
      if (!you) continue;
      const seen = (world.visible[player.body] ?? []).map((bodyId) => {
        const b = byBody[bodyId]!;
        const owner = ownerOf[bodyId];
        return owner !== undefined
          ? { id: bodyId, kind: 'player', user: state.players[owner]!.presence.username, x: b.x, y: b.y }
          : { id: bodyId, kind: 'shot', x: b.x, y: b.y };
      });
      d.broadcastMessage(4, JSON.stringify({ tick, you: { x: you.x, y: you.y }, seen }), [player.presence]);
    }
    return { state };
  },

  matchTerminate(ctx, logger, nk, d, tick, state) {
    d.broadcastMessage(3, JSON.stringify({ final: true, scores: scores(state) }));
    return { state };
  },

  matchSignal(ctx, logger, nk, d, tick, state, data) {
    return { state, data: JSON.stringify(scores(state)) };
  },
};

const InitModule: nkruntime.InitModule = (ctx, logger, nk, initializer) => {
  initializer.registerMatch('arena', arena);
  // Which backend runs the physics (gpu or cpu), for a game's diagnostics screen.
  initializer.registerRpc('arena_info', (rctx, rlogger, rnk) => JSON.stringify({ simulation: rnk.simInfo().backend }));
  logger.info('arena module loaded');
};
// The runtime looks InitModule up as a global; this reference keeps the bundler from dropping it.
!InitModule && (InitModule as nkruntime.InitModule).bind(null);
