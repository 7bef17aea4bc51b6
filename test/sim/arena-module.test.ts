import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { MatchData, Socket } from '@heroiclabs/nakama-js';
import { buildArena } from '../../examples/arena/build.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { nakamaSocket } from '../support/sockets.js';

interface View {
  tick: number;
  you: { x: number; y: number };
  seen: Array<{ id: number; kind: string; user?: string; x: number; y: number }>;
}

/** Collects a socket's match data by op code, decoded from JSON. */
function collect(socket: Socket): Map<number, unknown[]> {
  const byOp = new Map<number, unknown[]>();
  socket.onmatchdata = (m: MatchData) => {
    const list = byOp.get(m.op_code) ?? [];
    list.push(JSON.parse(new TextDecoder().decode(m.data)));
    byOp.set(m.op_code, list);
  };
  return byOp;
}

async function until<T>(what: string, probe: () => T | undefined, ms = 8000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const backend of ['cpu', 'gpu'] as const) {
  describe(`the arena sample module (examples/arena) with physics on the ${backend}`, () => {
    let server: TestServer;
    let dir: string;
    before(async () => {
      process.env.EGL_PLATFORM ??= 'surfaceless';
      dir = await mkdtemp(join(tmpdir(), 'outpost-arena-'));
      await buildArena(join(dir, 'build', 'index.js'));
      server = await startTestServer('sqlite', ['--runtime.path', dir, '--runtime.js_entrypoint', 'build/index.js', '--sim.backend', backend]);
    });
    after(async () => {
      await server?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('runs a match: bodies move, each player sees the other, a shot scores a hit, the world goes with the match', async () => {
      const client = server.client();
      const alice = await client.authenticateDevice(`arena-${randomUUID()}`, true, `alice-${backend}`);
      const bob = await client.authenticateDevice(`arena-${randomUUID()}`, true, `bob-${backend}`);
      const info = (await client.rpc(alice, 'arena_info', {})).payload as { simulation: string };
      assert.equal(info.simulation, backend);

      const matchId = await server.outpost.authoritativeMatches.createMatch('arena', {});
      const aliceSocket = await nakamaSocket(server, alice);
      const bobSocket = await nakamaSocket(server, bob);
      const aliceData = collect(aliceSocket);
      const bobData = collect(bobSocket);
      await aliceSocket.joinMatch(matchId);
      await bobSocket.joinMatch(matchId);
      assert.equal(server.outpost.sim.stats()!.worlds, 1);
      // matchJoin runs after the join is acknowledged, so the label catches up a moment later.
      await until('the label to count both players', () => (JSON.parse(server.outpost.authoritativeMatches.get(matchId)!.label!).players === 2 ? true : undefined));

      // Alice spawns at x=20 and Bob at x=28 on the same row, within each other's view.
      const firstView = await until('a view of Bob for Alice', () =>
        (aliceData.get(4) as View[] | undefined)?.find((v) => v.seen.some((s) => s.user === `bob-${backend}`)),
      );
      assert.ok(Math.abs(firstView.you.x - 20) < 0.5 && Math.abs(firstView.you.y - 50) < 0.5, `Alice starts at (20, 50), got ${JSON.stringify(firstView.you)}`);

      // Bob moves up; his own views show him moving.
      await bobSocket.sendMatchState(matchId, 1, JSON.stringify({ vx: 0, vy: 10 }));
      await until('Bob moving up', () => (bobData.get(4) as View[] | undefined)?.find((v) => v.you.y > 51));
      await bobSocket.sendMatchState(matchId, 1, JSON.stringify({ vx: 0, vy: 0 }));
      await new Promise((r) => setTimeout(r, 300));
      const bobAt = (bobData.get(4) as View[]).at(-1)!.you;

      // Alice fires straight at Bob's position; both hear the hit and the score.
      await aliceSocket.sendMatchState(matchId, 2, JSON.stringify({ dx: bobAt.x - 20, dy: bobAt.y - 50 }));
      const hit = (await until('the hit', () => (bobData.get(3) as Array<Record<string, unknown>> | undefined)?.[0]));
      assert.deepEqual(hit, { shooter: `alice-${backend}`, target: `bob-${backend}`, scores: { [`alice-${backend}`]: 1, [`bob-${backend}`]: 0 } });
      await until('the hit for Alice', () => (aliceData.get(3) as unknown[] | undefined)?.[0]);

      // Bad input is ignored, never fatal: the match keeps ticking.
      await aliceSocket.sendMatchState(matchId, 1, 'not json');
      const ticks = (aliceData.get(4) as View[]).length;
      await until('more views after bad input', () => ((aliceData.get(4) as View[]).length > ticks + 2 ? true : undefined));

      // Everyone leaves: the match ends and its world is freed.
      await aliceSocket.leaveMatch(matchId);
      await bobSocket.leaveMatch(matchId);
      await until('the match to end', () => (server.outpost.authoritativeMatches.get(matchId) === undefined ? true : undefined));
      await until('the world to be freed', () => (server.outpost.sim.stats()!.worlds === 0 ? true : undefined));
      aliceSocket.disconnect(false);
      bobSocket.disconnect(false);
    });
  });
}
