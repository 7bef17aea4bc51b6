import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/server.js';
import { writeModule, type ModuleDir } from '../runtime/module-fixture.js';
import { player, text } from './support/players.js';

/** A game module in Nakama's style: its match handler runs in a runtime worker, its RPCs use nk.match*. */
const GAME_MODULE = String.raw`
var matchInit = function (ctx, logger, nk, params) {
  return { state: { echoes: 0 }, tickRate: 10, label: JSON.stringify({ mode: params.mode, skill: params.skill }) };
};
var matchJoinAttempt = function (ctx, logger, nk, dispatcher, tick, state, presence, metadata) {
  return { state: state, accept: metadata.key === 'open', rejectMessage: 'wrong key' };
};
var matchJoin = function (ctx, logger, nk, dispatcher, tick, state, presences) { return { state: state }; };
var matchLeave = function (ctx, logger, nk, dispatcher, tick, state, presences) { return { state: state }; };
var matchLoop = function (ctx, logger, nk, dispatcher, tick, state, messages) {
  messages.forEach(function (m) {
    state.echoes++;
    dispatcher.broadcastMessage(7, 'echo:' + nk.binaryToString(m.data), null, m.sender);
  });
  return { state: state };
};
var matchTerminate = function (ctx, logger, nk, dispatcher, tick, state, graceSeconds) { return null; };
var matchSignal = function (ctx, logger, nk, dispatcher, tick, state, data) {
  return { state: state, data: data + ':' + state.echoes };
};
function InitModule(ctx, logger, nk, initializer) {
  initializer.registerMatch('duel', { matchInit: matchInit, matchJoinAttempt: matchJoinAttempt, matchJoin: matchJoin, matchLeave: matchLeave,
    matchLoop: matchLoop, matchTerminate: matchTerminate, matchSignal: matchSignal });
  initializer.registerRpc('create_duel', function (ctx, logger, nk, payload) {
    var p = JSON.parse(payload);
    return JSON.stringify({ matchId: nk.matchCreate('duel', { mode: p.mode, skill: p.skill }) });
  });
  initializer.registerRpc('find_duels', function (ctx, logger, nk, payload) {
    return JSON.stringify({ matches: nk.matchList(10, true, null, null, null, JSON.parse(payload).query) });
  });
  initializer.registerRpc('poke', function (ctx, logger, nk, payload) {
    return JSON.stringify({ reply: nk.matchSignal(JSON.parse(payload).matchId, 'poke') });
  });
  initializer.registerRpc('get', function (ctx, logger, nk, payload) {
    return JSON.stringify({ match: nk.matchGet(JSON.parse(payload).matchId) });
  });
}
`;

describe('authoritative matches of a runtime module (sqlite)', () => {
  let server: TestServer;
  let modules: ModuleDir;
  before(async () => {
    // Two workers: nk.matchCreate from an RPC blocks the RPC's worker, so the new match needs another one.
    modules = await writeModule(GAME_MODULE, ['--runtime.js_worker_count', '2']);
    server = await startTestServer('sqlite', modules.flags);
  });
  after(async () => {
    await server?.stop();
    await modules?.remove();
  });

  it('creates, joins, plays, lists, reads and signals a module match through nk and nakama-js', async () => {
    const p = await player(server);
    const client = server.client();
    const created = await client.rpc(p.session, 'create_duel', { mode: 'ranked', skill: 70 });
    const matchId = (created.payload as { matchId: string }).matchId;
    assert.match(String(matchId), /^[0-9a-f-]{36}\.outpost$/);
    await client.rpc(p.session, 'create_duel', { mode: 'casual', skill: 10 });

    await assert.rejects(p.socket.joinMatch(matchId, undefined, { key: 'closed' }), { code: 5, message: 'wrong key' });
    const joined = await p.socket.joinMatch(matchId, undefined, { key: 'open' });
    assert.equal(joined.label, '{"mode":"ranked","skill":70}');
    await p.socket.sendMatchState(matchId, 1, 'hi');
    const echo = await p.waitFor(p.data, (d) => d.op_code === 7);
    assert.equal(text(echo), 'echo:hi');
    assert.equal(echo.presence?.user_id, p.session.user_id);

    const found = await client.rpc(p.session, 'find_duels', { query: '+label.mode:ranked +label.skill:>=50' });
    const list = (found.payload as { matches: Array<{ matchId: string; size: number; handlerName: string }> }).matches;
    assert.deepEqual(list.map((m) => [m.matchId, m.size, m.handlerName]), [[matchId, 1, 'duel']]);
    const viaRest = await client.listMatches(p.session, 10, true, undefined, undefined, undefined, '+label.mode:casual');
    assert.equal(viaRest.matches?.length, 1);

    const got = ((await client.rpc(p.session, 'get', { matchId })).payload as { match: { matchId: string; tickRate: number } }).match;
    assert.equal(got.matchId, matchId);
    assert.equal(got.tickRate, 10);
    assert.deepEqual((await client.rpc(p.session, 'poke', { matchId })).payload, { reply: 'poke:1' });
    p.socket.disconnect(false);
  });
});
