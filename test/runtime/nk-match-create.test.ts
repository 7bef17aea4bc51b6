import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Client, Session } from '@heroiclabs/nakama-js';
import { DIALECTS } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { SIGNAL_OWN_WORKER } from '../../server/runtime/nk/matches.js';
import { writeModule, type ModuleDir } from './module-fixture.js';

/**
 * nk.matchCreate runs the handler's matchInit on a runtime worker while the caller's worker is blocked in
 * the nk call. With one worker that is the same worker, so matchCreate answers the id without waiting and
 * the match starts when the RPC returns; with a free worker it waits, as Nakama does.
 */
const MODULE = String.raw`
var matchInit = function (ctx, logger, nk, params) {
  if (params.fail) throw new Error('refusing to start');
  return { state: { n: 0 }, tickRate: 5, label: JSON.stringify({ mode: params.mode }) };
};
var matchJoinAttempt = function (ctx, logger, nk, dispatcher, tick, state, presence, metadata) { return { state: state, accept: true }; };
var matchJoin = function (ctx, logger, nk, dispatcher, tick, state, presences) { return { state: state }; };
var matchLeave = function (ctx, logger, nk, dispatcher, tick, state, presences) { return { state: state }; };
var matchLoop = function (ctx, logger, nk, dispatcher, tick, state, messages) { return { state: state }; };
var matchTerminate = function (ctx, logger, nk, dispatcher, tick, state, graceSeconds) { return null; };
var matchSignal = function (ctx, logger, nk, dispatcher, tick, state, data) { return { state: state, data: 'got ' + data }; };

function rpcCreate(ctx, logger, nk, payload) {
  var p = JSON.parse(payload);
  var id = nk.matchCreate('room', p);
  return JSON.stringify({ matchId: id, sameCall: nk.matchGet(id) });
}

function rpcGet(ctx, logger, nk, payload) {
  return JSON.stringify({ match: nk.matchGet(JSON.parse(payload).matchId) });
}

function rpcList(ctx, logger, nk, payload) {
  return JSON.stringify({ matches: nk.matchList(10, true, null, null, null, JSON.parse(payload).query) });
}

function rpcSignal(ctx, logger, nk, payload) {
  try {
    return JSON.stringify({ reply: nk.matchSignal(JSON.parse(payload).matchId, 'ping') });
  } catch (e) {
    return JSON.stringify({ error: e.message });
  }
}

function InitModule(ctx, logger, nk, initializer) {
  initializer.registerRpc('signal', rpcSignal);
  initializer.registerMatch('room', { matchInit: matchInit, matchJoinAttempt: matchJoinAttempt, matchJoin: matchJoin,
    matchLeave: matchLeave, matchLoop: matchLoop, matchTerminate: matchTerminate, matchSignal: matchSignal });
  initializer.registerRpc('create', rpcCreate);
  initializer.registerRpc('get', rpcGet);
  initializer.registerRpc('list', rpcList);
}
`;

type Created = { matchId: string; sameCall: { matchId: string; label: string } | null };

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

for (const dialect of DIALECTS) {
  for (const workers of [1, 2]) {
    describe(`nk.matchCreate with js_worker_count ${workers} (${dialect})`, () => {
      let server: TestServer;
      let modules: ModuleDir;
      let client: Client;
      let session: Session;

      before(async () => {
        modules = await writeModule(MODULE, ['--runtime.js_worker_count', String(workers), '--runtime.call_timeout_ms', '3000']);
        server = await startTestServer(dialect, modules.flags);
        client = server.client();
        session = await client.authenticateDevice(`device-${randomUUID()}`, true);
      });
      after(async () => {
        await server?.stop();
        await modules?.remove();
      });

      const get = async (matchId: string) => ((await client.rpc(session, 'get', { matchId })).payload as { match: { label: string; size: number } | null }).match;

      it(workers === 1 ? 'answers the id at once; the match starts when the calling RPC returns' : 'waits for matchInit, so the match exists within the same call', async () => {
        const created = (await client.rpc(session, 'create', { mode: 'duel' })).payload as Created;
        assert.match(created.matchId, /^[0-9a-f-]{36}\.outpost$/);
        if (workers === 1) assert.equal(created.sameCall, null, 'matchInit has not run yet: it needs the caller’s worker');
        else assert.equal(created.sameCall?.label, '{"mode":"duel"}');
        const match = await eventually(() => get(created.matchId), (m) => m !== null, 'the match');
        assert.equal(match!.label, '{"mode":"duel"}');
        const listed = (await client.rpc(session, 'list', { query: '+label.mode:duel' })).payload as { matches: { matchId: string }[] };
        assert.ok(listed.matches.some((m) => m.matchId === created.matchId));
        const viaClient = await client.listMatches(session, 10, true, undefined, undefined, undefined, '+label.mode:duel');
        assert.ok(viaClient.matches!.some((m) => m.match_id === created.matchId));
        const socket = client.createSocket(false, false);
        await socket.connect(session, false);
        const joined = await socket.joinMatch(created.matchId);
        assert.equal(joined.match_id, created.matchId);
        socket.disconnect(false);
      });

      it(workers === 1 ? 'matchSignal refuses at once to wait on the caller’s own worker' : 'matchSignal from the other worker gets the handler’s answer', async () => {
        const created = (await client.rpc(session, 'create', { mode: 'signals' })).payload as Created;
        await eventually(() => get(created.matchId), (m) => m !== null, 'the match');
        const answer = (await client.rpc(session, 'signal', { matchId: created.matchId })).payload as { reply?: string; error?: string };
        // Idle workers tie and the pool takes the first: the RPC runs on worker 0, the match was made while it was blocked.
        if (workers === 1) assert.deepEqual(answer, { error: SIGNAL_OWN_WORKER });
        else assert.deepEqual(answer, { reply: 'got ping' });
        assert.notEqual(await get(created.matchId), null, 'the match runs on');
      });

      it('a matchInit that throws: ' + (workers === 1 ? 'the id was answered, but no match ever starts' : 'matchCreate fails with the module’s error'), async () => {
        if (workers === 1) {
          const created = (await client.rpc(session, 'create', { fail: true })).payload as Created;
          assert.match(created.matchId, /\.outpost$/);
          // A later call on the same single worker runs after matchInit did.
          assert.equal(await get(created.matchId), null);
          assert.equal(await get(created.matchId), null);
        } else {
          await assert.rejects(client.rpc(session, 'create', { fail: true }), (err: Response) => err.status === 500);
        }
        const healthy = (await client.rpc(session, 'create', { mode: 'after' })).payload as Created;
        await eventually(() => get(healthy.matchId), (m) => m !== null, 'a later match');
      });
    });
  }
}
