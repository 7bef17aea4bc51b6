import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { DispatchAction, MatchPresence } from '../../server/match/authoritative/match-handler.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { writeModule, type ModuleDir } from './module-fixture.js';

const ARENA_MODULE = String.raw`
var matchInit = function (ctx, logger, nk, params) {
  return { state: { players: {}, matchId: ctx.matchId }, tickRate: 5, label: JSON.stringify({ mode: params.mode }) };
};
var matchJoinAttempt = function (ctx, logger, nk, dispatcher, tick, state, presence, metadata) {
  if (metadata.ban === 'yes') return { state: state, accept: false, rejectMessage: 'banned' };
  return { state: state, accept: true };
};
var matchJoin = function (ctx, logger, nk, dispatcher, tick, state, presences) {
  presences.forEach(function (p) { state.players[p.userId] = p.username; });
  dispatcher.broadcastMessage(1, JSON.stringify({ joined: presences.length, matchId: state.matchId }), null, null, true);
  return { state: state };
};
var matchLeave = function (ctx, logger, nk, dispatcher, tick, state, presences) {
  presences.forEach(function (p) { delete state.players[p.userId]; });
  return Object.keys(state.players).length === 0 ? null : { state: state };
};
var matchLoop = function (ctx, logger, nk, dispatcher, tick, state, messages) {
  messages.forEach(function (m) {
    dispatcher.broadcastMessage(2, 'echo:' + nk.binaryToString(m.data), [m.sender], null, false);
    if (m.opCode === 99) dispatcher.matchKick([m.sender]);
  });
  dispatcher.matchLabelUpdate('tick ' + tick);
  return { state: state };
};
var matchTerminate = function (ctx, logger, nk, dispatcher, tick, state, graceSeconds) {
  dispatcher.broadcastMessageDeferred(3, nk.stringToBinary('bye ' + graceSeconds));
  return { state: state };
};
var matchSignal = function (ctx, logger, nk, dispatcher, tick, state, data) {
  return { state: state, data: 'players=' + Object.keys(state.players).length + ';' + data };
};
function InitModule(ctx, logger, nk, initializer) {
  initializer.registerMatch('arena', { matchInit: matchInit, matchJoinAttempt: matchJoinAttempt, matchJoin: matchJoin, matchLeave: matchLeave,
    matchLoop: matchLoop, matchTerminate: matchTerminate, matchSignal: matchSignal });
  initializer.registerRpc('spin', function () { while (true) {} });
  initializer.registerMatchmakerMatched(function (ctx, logger, nk, matches) {
    if (matches.length < 2) return;
    return 'match-for-' + matches.map(function (m) { return m.presence.username + ':' + m.properties.skill; }).join(',') + '@' + ctx.executionMode;
  });
  initializer.registerLeaderboardReset(function (ctx, logger, nk, leaderboard, reset) {
    nk.localcachePut('reset', leaderboard.id + '@' + reset);
  });
  initializer.registerTournamentEnd(function (ctx, logger, nk, tournament, end, reset) {
    nk.localcachePut('end', tournament.id + '@' + end + '/' + reset);
  });
  initializer.registerRpc('cache', function (ctx, logger, nk, key) { return String(nk.localcacheGet(key, '')); });
}
`;

const text = (a: DispatchAction) => (a.kind === 'broadcast' && a.data ? Buffer.from(a.data).toString('utf8') : '');
const presence = (name: string): MatchPresence => ({ userId: randomUUID(), sessionId: randomUUID(), username: name, node: 'outpost' });

describe('authoritative match handlers in runtime workers', () => {
  let server: TestServer;
  let modules: ModuleDir;
  before(async () => {
    modules = await writeModule(ARENA_MODULE, ['--runtime.js_worker_count', '1', '--runtime.call_timeout_ms', '1000']);
    server = await startTestServer('sqlite', modules.flags);
  });
  after(async () => {
    await server?.stop();
    await modules?.remove();
  });

  it('keeps each match state in a worker and returns dispatcher calls as actions', async () => {
    const provider = server.outpost.runtime.registrations.matchHandlers;
    assert.equal(provider.has('arena'), true);
    assert.equal(provider.has('nope'), false);
    const matchId = `${randomUUID()}.outpost`;
    const match = await provider.create('arena', matchId);
    assert.deepEqual(await match.init({ mode: 'duel' }), { tickRate: 5, label: '{"mode":"duel"}', actions: [] });

    const ann = presence('ann');
    const bob = presence('bob');
    assert.deepEqual(await match.joinAttempt(1, ann, { ban: 'yes' }), { accept: false, rejectMessage: 'banned', actions: [] });
    assert.equal((await match.joinAttempt(1, ann, {})).accept, true);

    const joined = await match.join(2, [ann, bob]);
    assert.equal(joined.continue, true);
    assert.equal(joined.actions.length, 1);
    assert.deepEqual(JSON.parse(text(joined.actions[0]!)), { joined: 2, matchId }, 'ctx.matchId reaches the handler');

    const looped = await match.loop(3, [
      { sender: ann, opCode: 7, data: new TextEncoder().encode('hello ✓'), reliable: true, receiveTimeMs: Date.now() },
      { sender: bob, opCode: 99, data: new Uint8Array([0x62, 0x79, 0x65]), reliable: false, receiveTimeMs: Date.now() },
    ]);
    assert.equal(looped.continue, true);
    const [echoAnn, echoBob, kick, label] = looped.actions;
    assert.equal(text(echoAnn!), 'echo:hello ✓');
    assert.deepEqual(echoAnn, { kind: 'broadcast', opCode: 2, data: echoAnn!.kind === 'broadcast' ? echoAnn!.data : null, presences: [ann], sender: null, reliable: false, deferred: false });
    assert.equal(text(echoBob!), 'echo:bye');
    assert.deepEqual(kick, { kind: 'kick', presences: [bob] });
    assert.deepEqual(label, { kind: 'label', label: 'tick 3' });

    const signal = await match.signal(4, 'ping');
    assert.deepEqual(signal, { continue: true, result: 'players=2;ping', actions: [] });

    const ending = await match.terminate(5, 10);
    assert.equal(ending.continue, true);
    assert.equal(text(ending.actions[0]!), 'bye 10');
    assert.equal(ending.actions[0]!.kind === 'broadcast' && ending.actions[0]!.deferred, true);

    assert.equal((await match.leave(6, [ann])).continue, true);
    assert.equal((await match.leave(7, [bob])).continue, false, 'a null state ends the match');
    await match.dispose();
  });

  it('exposes matchmaker, leaderboard and tournament callbacks to other areas', async () => {
    const r = server.outpost.runtime.registrations;
    assert.equal(r.has('MatchmakerMatched'), true);
    assert.equal(r.has('TournamentReset'), false);
    const entry = (name: string, skill: number) => ({ presence: presence(name), properties: { skill } });
    assert.equal(await r.matchmakerMatched([entry('ann', 10), entry('bob', 12)]), 'match-for-ann:10,bob:12@matchmaker');
    assert.equal(await r.matchmakerMatched([entry('solo', 1)]), undefined, 'nothing returned: a relayed match');
    await r.leaderboardReset({ id: 'weekly' }, 1700000000);
    await r.tournamentEnd({ id: 'cup' }, 1700000100, 1700000200);
    await r.tournamentReset({ id: 'cup' }, 1, 2);
    const cache = async (key: string) => ((await (await fetch(`${server.baseUrl}/v2/rpc/cache?http_key=defaulthttpkey&unwrap`, { method: 'POST', body: key })).text()));
    assert.equal(await cache('reset'), 'weekly@1700000000');
    assert.equal(await cache('end'), 'cup@1700000100/1700000200');
  });

  it('keeps matches apart, and fails the calls of a match whose worker was replaced', async () => {
    const provider = server.outpost.runtime.registrations.matchHandlers;
    const a = await provider.create('arena', `${randomUUID()}.outpost`);
    const b = await provider.create('arena', `${randomUUID()}.outpost`);
    await a.init({ mode: 'a' });
    await b.init({ mode: 'b' });
    await a.join(1, [presence('x'), presence('y')]);
    assert.equal((await a.signal(2, '')).result, 'players=2;');
    assert.equal((await b.signal(2, '')).result, 'players=0;');

    const spin = await fetch(`${server.baseUrl}/v2/rpc/spin?http_key=defaulthttpkey`, { method: 'POST', body: '""' });
    assert.equal(spin.status, 500);
    await assert.rejects(a.signal(3, ''), { code: 13, message: 'Match handler state was lost with its runtime worker.' });
    const fresh = await provider.create('arena', `${randomUUID()}.outpost`);
    await fresh.init({ mode: 'c' });
    assert.equal((await fresh.signal(1, 'ok')).result, 'players=0;ok');
  });
});
