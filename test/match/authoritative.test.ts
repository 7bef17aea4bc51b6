import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestServer } from '../support/server.js';
import { Op, type ArenaProvider } from './support/arena-game.js';
import { rawSocket } from '../support/sockets.js';
import { joined, left, player, startMatchServer, text, until, type Player } from './support/players.js';

const AUTHORITATIVE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.outpost$/;

function suite(dialect: 'sqlite' | 'postgres') {
  describe(`authoritative matches (${dialect})`, () => {
    let server: TestServer;
    let game: ArenaProvider;
    const create = (params: Record<string, unknown> = {}) => server.outpost.authoritativeMatches.createMatch('arena', params);
    before(async () => {
      ({ server, game } = await startMatchServer(dialect));
    });
    after(async () => {
      await server?.stop();
      // No handler of any match ever ran two calls at once.
      for (const r of game?.records.values() ?? []) assert.equal(r.overlapped, false, `calls overlapped in ${r.matchId}`);
    });

    it('creates a match with a node-scoped id that is listed with its label, tick rate and handler', async () => {
      const matchId = await create({ mode: 'listing-check', tickRate: 5 });
      assert.match(matchId, AUTHORITATIVE_ID);
      const p = await player(server);
      const list = await server.client().listMatches(p.session, 100, true, JSON.stringify({ mode: 'listing-check', skill: 0 }));
      // size 0 is a zero value, so protojson leaves it out, as Nakama does.
      assert.deepEqual(list.matches, [{ match_id: matchId, authoritative: true, label: '{"mode":"listing-check","skill":0}', tick_rate: 5, handler_name: 'arena' }]);
      assert.equal(server.outpost.authoritativeMatches.get(matchId)?.handlerName, 'arena');
      p.socket.disconnect(false);
    });

    it('runs four nakama-js players through 100 ticks: joins, presence events, echoes and tick announcements', async () => {
      const matchId = await create({ tickRate: 50, announceTicks: true });
      const players: Player[] = [];
      for (let i = 0; i < 4; i++) players.push(await player(server));
      const views = [];
      for (const p of players) views.push(await p.socket.joinMatch(matchId));
      views.forEach((view, i) => {
        assert.equal(view.match_id, matchId);
        assert.equal(view.authoritative, true);
        assert.equal(view.label, '{"mode":"casual","skill":0}');
        assert.equal(view.size ?? 0, i, 'the reply counts the members already there');
        assert.deepEqual(new Set(view.presences?.map((x) => x.user_id) ?? []), new Set(players.slice(0, i).map((x) => x.session.user_id)));
        assert.equal(view.self.user_id, players[i]!.session.user_id);
      });
      // Everyone sees their own join and every later one, and gets only their own welcome.
      for (const [i, p] of players.entries()) {
        for (const q of players.slice(i)) await p.waitFor(p.presence, (e) => e.match_id === matchId && joined(q)(e));
        const welcome = await p.waitFor(p.data, (d) => d.op_code === Op.Welcome);
        assert.equal(text(welcome), `welcome ${p.session.username}`);
        assert.equal(p.data.filter((d) => d.op_code === Op.Welcome).length, 1);
      }
      const record = game.record(matchId);
      await until(() => record.joins.length === 4, 3000, 'four matchJoin calls');

      // Each player sends an echo every few ticks while the match runs its next 100 ticks.
      const startTick = record.ticks;
      let sent = 0;
      while (record.ticks < startTick + 100) {
        for (const [i, p] of players.entries()) {
          await p.socket.sendMatchState(matchId, Op.Echo, `hello ${i} ${sent}`);
          sent++;
        }
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
      for (const p of players) {
        await until(() => p.data.filter((d) => d.op_code === Op.Echo).length === sent, 3000, 'every echo');
        const echoes = p.data.filter((d) => d.op_code === Op.Echo);
        for (const [i, q] of players.entries()) {
          const mine = echoes.filter((d) => d.presence?.user_id === q.session.user_id);
          assert.equal(mine.length, sent / 4);
          assert.ok(mine.every((d) => text(d).startsWith(`hello ${i} `)));
          assert.equal(mine[0]!.presence!.session_id, views[i]!.self.session_id);
          assert.equal(mine[0]!.match_id, matchId);
        }
        // Tick announcements arrive in order, with no tick missing, once the player was in.
        const ticks = p.data.filter((d) => d.op_code === Op.Tick).map((d) => Number(text(d)));
        assert.ok(ticks.length >= 100);
        for (let k = 1; k < ticks.length; k++) assert.equal(ticks[k], ticks[k - 1]! + 1);
      }
      assert.equal(record.messages, sent);
      assert.equal(record.lastTick, record.ticks - 1, 'ticks are numbered from 0 with none skipped');
      const stats = server.outpost.authoritativeMatches.matchStats().find((s) => s.matchId === matchId)!;
      assert.ok(stats.ticks >= 100 && stats.avgTickMs >= 0 && stats.size === 4);
      for (const p of players) p.socket.disconnect(false);
      await until(() => record.leaves.length === 4, 3000, 'matchLeave for every disconnect');
      assert.deepEqual(record.leaveReasons, [4, 4, 4, 4], 'the presences left by disconnecting');
    });

    it('speaks Nakama JSON on the wire: the match reply, match_data with int64 op codes and base64 data', async () => {
      const matchId = await create({ tickRate: 20 });
      const alice = await player(server);
      const raw = await rawSocket(server, `token=${alice.session.token}`);
      raw.send({ cid: '7', match_join: { match_id: matchId, metadata: { team: 'red' } } });
      const reply = await raw.waitFor((m) => m.cid === '7');
      assert.deepEqual(Object.keys(reply).sort(), ['cid', 'match']);
      assert.equal(reply.match.match_id, matchId);
      assert.equal(reply.match.authoritative, true);
      assert.equal(reply.match.label, '{"mode":"casual","skill":0}');
      assert.equal(reply.match.size, undefined, 'zero is left out');
      assert.equal(reply.match.self.user_id, alice.session.user_id);
      const welcome = await raw.waitFor((m) => m.match_data?.op_code === '10');
      assert.equal(Buffer.from(welcome.match_data.data, 'base64').toString(), `welcome ${alice.session.username}`);
      assert.equal(welcome.match_data.presence, undefined, 'a broadcast without a sender has no presence');
      assert.equal(welcome.match_data.reliable, true);
      raw.send({ match_data_send: { match_id: matchId, op_code: '1', data: Buffer.from('wire').toString('base64') } });
      const echo = await raw.waitFor((m) => m.match_data?.op_code === '1');
      assert.equal(echo.match_data.match_id, matchId);
      assert.equal(Buffer.from(echo.match_data.data, 'base64').toString(), 'wire');
      assert.equal(echo.match_data.presence.session_id, reply.match.self.session_id);
      // match_data_send gets no reply; match_leave an empty ack.
      raw.send({ cid: '8', match_leave: { match_id: matchId } });
      assert.deepEqual(await raw.waitFor((m) => m.cid === '8'), { cid: '8' });
      raw.send({ cid: '9', match_join: { match_id: `${matchId.slice(0, 36)}.` } });
      assert.deepEqual((await raw.waitFor((m) => m.cid === '9')).error, { code: 4, message: 'Match not found' });
      raw.ws.close();
      alice.socket.disconnect(false);
    });

    it('refuses a join with the handler reject message, or Nakama default text without one', async () => {
      const matchId = await create({ maxPlayers: 1 });
      const alice = await player(server);
      const bob = await player(server);
      await alice.socket.joinMatch(matchId);
      await assert.rejects(bob.socket.joinMatch(matchId), { code: 5, message: 'match full' });
      const other = await create({});
      await assert.rejects(bob.socket.joinMatch(other, undefined, { team: 'spectators' }), { code: 5, message: 'Match join rejected' });
      // Joining twice does not ask the handler again (it would say "match full").
      const again = await alice.socket.joinMatch(matchId);
      assert.equal(again.size, 1);
      await assert.rejects(bob.socket.joinMatch(`00000000-0000-4000-8000-000000000000.outpost`), { code: 4, message: 'Match not found' });
      await assert.rejects(bob.socket.joinMatch(`${matchId.split('.')[0]}.othernode`), { code: 4 });
      alice.socket.disconnect(false);
      bob.socket.disconnect(false);
    });

    it('sends deferred broadcasts after the tick and targeted ones only to their target', async () => {
      const matchId = await create({ tickRate: 20 });
      const alice = await player(server);
      const bob = await player(server);
      await alice.socket.joinMatch(matchId);
      const bobView = await bob.socket.joinMatch(matchId);
      await alice.socket.sendMatchState(matchId, Op.Deferred, 'later');
      await alice.waitFor(alice.data, (d) => d.op_code === Op.Deferred);
      const order = alice.data.filter((d) => d.op_code === Op.First || d.op_code === Op.Deferred).map((d) => d.op_code);
      assert.deepEqual(order, [Op.First, Op.Deferred]);
      await alice.socket.sendMatchState(matchId, Op.Target, bobView.self.session_id);
      const forBob = await bob.waitFor(bob.data, (d) => d.op_code === Op.Target);
      assert.equal(text(forBob), 'for you');
      assert.equal(forBob.presence, undefined, 'no sender was given');
      await alice.socket.sendMatchState(matchId, Op.Echo, 'sync');
      await alice.waitFor(alice.data, (d) => d.op_code === Op.Echo);
      assert.equal(alice.data.filter((d) => d.op_code === Op.Target).length, 0);
      alice.socket.disconnect(false);
      bob.socket.disconnect(false);
    });

    it('kicks a member: the others see the leave, the handler gets matchLeave, its data is ignored', async () => {
      const matchId = await create({ tickRate: 20 });
      const alice = await player(server);
      const bob = await player(server);
      await alice.socket.joinMatch(matchId);
      await bob.socket.joinMatch(matchId);
      await bob.socket.sendMatchState(matchId, Op.KickMe, '');
      await alice.waitFor(alice.presence, (e) => e.match_id === matchId && left(bob)(e));
      const record = game.record(matchId);
      await until(() => record.leaves.includes(bob.session.user_id!), 3000, 'matchLeave');
      const before = record.messages;
      await bob.socket.sendMatchState(matchId, Op.Echo, 'ignored');
      await alice.socket.sendMatchState(matchId, Op.Echo, 'counted');
      await alice.waitFor(alice.data, (d) => text(d) === 'counted');
      assert.equal(record.messages, before + 1);
      assert.equal(bob.data.filter((d) => text(d) === 'counted').length, 0);
      alice.socket.disconnect(false);
      bob.socket.disconnect(false);
    });

    it('leaves on match_leave: matchLeave runs and the remaining members are told', async () => {
      const matchId = await create({});
      const alice = await player(server);
      const bob = await player(server);
      await alice.socket.joinMatch(matchId);
      await bob.socket.joinMatch(matchId);
      await bob.socket.leaveMatch(matchId);
      const event = await alice.waitFor(alice.presence, (e) => left(bob)(e));
      assert.equal(event.match_id, matchId);
      await until(() => game.record(matchId).leaves.includes(bob.session.user_id!), 3000, 'matchLeave');
      assert.equal(server.outpost.authoritativeMatches.get(matchId)?.size, 1);
      assert.deepEqual(game.record(matchId).leaveReasons, [3], 'bob left, he did not disconnect');
      alice.socket.disconnect(false);
      bob.socket.disconnect(false);
    });

    it('lists by label query with scores, exact label, sizes, authoritative flag and limit', async () => {
      const mode = `q${Date.now()}`;
      const low = await create({ mode, skill: 10 });
      const mid = await create({ mode, skill: 50 });
      const high = await create({ mode, skill: 90 });
      const other = await create({ mode: `${mode}x`, skill: 90 });
      const p = await player(server);
      const client = server.client();
      const ids = (list: { matches?: Array<{ match_id?: string }> }) => (list.matches ?? []).map((m) => m.match_id);

      assert.deepEqual(new Set(ids(await client.listMatches(p.session, 100, true, undefined, undefined, undefined, `+label.mode:${mode} +label.skill:>=50`))), new Set([mid, high]));
      // Should clauses rank: the match that satisfies more of them comes first.
      const ranked = ids(await client.listMatches(p.session, 100, undefined, undefined, undefined, undefined, `+label.mode:${mode} label.skill:>=50 label.skill:>=80`));
      assert.deepEqual(ranked.slice(0, 2), [high, mid]);
      assert.equal(ranked[2], low);
      assert.ok(!ranked.includes(other));
      assert.deepEqual(ids(await client.listMatches(p.session, 1, true, undefined, undefined, undefined, `+label.mode:${mode}`)).length, 1);
      assert.deepEqual(ids(await client.listMatches(p.session, 100, true, JSON.stringify({ mode, skill: 50 }))), [mid]);

      await p.socket.joinMatch(mid);
      assert.deepEqual(ids(await client.listMatches(p.session, 100, true, undefined, 1, 1, `+label.mode:${mode}`)), [mid]);
      assert.deepEqual(new Set(ids(await client.listMatches(p.session, 100, true, undefined, 0, 0, `+label.mode:${mode}`))), new Set([low, high]));
      // Relayed matches only: no authoritative one is listed; a label or query with authoritative=false is refused.
      const relayed = await p.socket.createMatch();
      const onlyRelayed = ids(await client.listMatches(p.session, 100, false));
      assert.ok(onlyRelayed.includes(relayed.match_id) && !onlyRelayed.includes(mid));
      const both = ids(await client.listMatches(p.session, 100));
      assert.ok(both.includes(relayed.match_id) && both.includes(mid));
      assert.ok(both.indexOf(mid) < both.indexOf(relayed.match_id), 'authoritative matches come first');
      await assert.rejects(client.listMatches(p.session, 10, false, undefined, undefined, undefined, '+label.mode:x'), (res: Response) => res.status === 400);
      await assert.rejects(client.listMatches(p.session, 10, true, undefined, undefined, undefined, 'label.skill:>='), (res: Response) => res.status === 500);
      p.socket.disconnect(false);
    });

    it('shows a label update in the listing', async () => {
      const matchId = await create({ tickRate: 20, mode: 'before-update' });
      const p = await player(server);
      await p.socket.joinMatch(matchId);
      const label = JSON.stringify({ mode: 'after-update', round: 2 });
      await p.socket.sendMatchState(matchId, Op.Label, label);
      await until(() => server.outpost.authoritativeMatches.get(matchId)?.label === label, 3000, 'label update');
      const list = await server.client().listMatches(p.session, 10, true, undefined, undefined, undefined, '+label.mode:after-update +label.round:2');
      assert.deepEqual(list.matches?.map((m) => [m.match_id, m.label]), [[matchId, label]]);
      const joinedAgain = await p.socket.joinMatch(matchId);
      assert.equal(joinedAgain.label, label);
      p.socket.disconnect(false);
    });

    it('answers signals, and a signal that returns no state ends the match as busy', async () => {
      const registry = server.outpost.authoritativeMatches;
      const matchId = await create({});
      const p = await player(server);
      await p.socket.joinMatch(matchId);
      await until(() => game.record(matchId).joins.length === 1);
      const reply = JSON.parse(await registry.signal(matchId, 'ping'));
      assert.equal(reply.echo, 'ping');
      assert.equal(reply.players, 1);
      await assert.rejects(registry.signal(matchId, 'stop'), { message: 'match is busy' });
      assert.equal(registry.get(matchId), undefined);
      await assert.rejects(registry.signal(matchId, 'ping'), { message: 'Match not found' });
      await assert.rejects(registry.signal('not-an-id', 'ping'), { message: 'Invalid match ID' });
      await until(() => game.record(matchId).disposed, 3000, 'dispose');
      p.socket.disconnect(false);
    });

    it('ends the match when matchLoop returns no state, and on terminate', async () => {
      const registry = server.outpost.authoritativeMatches;
      const ended: string[] = [];
      const unsubscribe = registry.onMatchEnded((id) => ended.push(id));
      const matchId = await create({ tickRate: 20 });
      const p = await player(server);
      await p.socket.joinMatch(matchId);
      await p.socket.sendMatchState(matchId, Op.End, '');
      await until(() => registry.get(matchId) === undefined, 3000, 'the match to end');
      await until(() => game.record(matchId).disposed, 3000, 'dispose');
      await assert.rejects(p.socket.joinMatch(matchId), { code: 4 });
      const listed = await server.client().listMatches(p.session, 100, true);
      assert.ok(!(listed.matches ?? []).some((m) => m.match_id === matchId));

      const second = await create({});
      await registry.terminate(second);
      assert.equal(game.record(second).terminatedWithGrace, 0);
      assert.equal(game.record(second).disposed, true);
      assert.equal(registry.get(second), undefined);
      assert.deepEqual(ended, [matchId, second]);
      unsubscribe();
      p.socket.disconnect(false);
    });

    it('ends a match whose handler throws, disconnects its members as Nakama does, and keeps serving', async () => {
      const registry = server.outpost.authoritativeMatches;
      const before = registry.stats();
      const matchId = await create({ tickRate: 20 });
      const alice = await player(server);
      const bystander = await player(server);
      await alice.socket.joinMatch(matchId);
      await alice.socket.sendMatchState(matchId, Op.Throw, '');
      await until(() => registry.get(matchId) === undefined, 3000, 'the failed match to end');
      await alice.waitClosed();
      assert.equal(bystander.closed, false);
      // The server goes on: new matches start and run.
      const next = await create({ tickRate: 20 });
      await bystander.socket.joinMatch(next);
      await bystander.socket.sendMatchState(next, Op.Echo, 'still here');
      await bystander.waitFor(bystander.data, (d) => text(d) === 'still here');
      const after = registry.stats();
      assert.equal(after.created, before.created + 2);
      assert.ok(after.ended >= before.ended + 1);

      await assert.rejects(registry.createMatch('arena', { throwIn: 'init' }), { message: 'init failed on purpose' });
      await assert.rejects(registry.createMatch('arena', { tickRate: 61 }), { message: "matchInit 'tickRate' must be a number between 1 and 60" });
      await assert.rejects(registry.createMatch('nope', {}), { message: 'error creating match: not found' });
      const before2 = registry.size();
      await assert.rejects(registry.createMatch('arena', { throwIn: 'initLabel' }), { message: 'match label too long, must be 0-2048 bytes' });
      assert.equal(registry.size(), before2);
      const failingJoin = await create({ throwIn: 'joinAttempt' });
      await assert.rejects(bystander.socket.joinMatch(failingJoin), { code: 5, message: 'Match join rejected' });
      assert.equal(registry.get(failingJoin), undefined);
      bystander.socket.disconnect(false);
    });

    it('counts overruns of a slow tick without skipping ticks', async () => {
      const registry = server.outpost.authoritativeMatches;
      const matchId = await create({ tickRate: 50, loopBusyMs: 30 });
      const record = game.record(matchId);
      await until(() => record.ticks >= 10, 5000, 'ten slow ticks');
      const stats = registry.matchStats().find((s) => s.matchId === matchId)!;
      assert.ok(stats.overruns >= 5, `overruns: ${stats.overruns}`);
      assert.ok(stats.maxTickMs >= 30);
      assert.equal(record.lastTick, record.ticks - 1);
      assert.ok(registry.stats().overruns >= stats.overruns);
      await registry.terminate(matchId);
    });
  });
}

suite('sqlite');

describe('authoritative match lifetime settings (sqlite)', () => {
  it('ends an empty match after match.max_empty_sec', async () => {
    const { server, game } = await startMatchServer('sqlite', ['--match.max_empty_sec', '1']);
    try {
      const registry = server.outpost.authoritativeMatches;
      const matchId = await registry.createMatch('arena', { tickRate: 20 });
      const kept = await registry.createMatch('arena', { tickRate: 20 });
      const p = await player(server);
      await p.socket.joinMatch(kept);
      await until(() => registry.get(matchId) === undefined, 4000, 'the empty match to end');
      assert.ok(game.record(matchId).ticks >= 19, 'it ran for about a second of ticks first');
      assert.notEqual(registry.get(kept), undefined, 'a match with a member stays');
      p.socket.disconnect(false);
    } finally {
      await server.stop();
    }
  });

  it('with session.single_match, joining or creating a match of either kind leaves the others', async () => {
    const { server, game } = await startMatchServer('sqlite', ['--session.single_match', 'true']);
    try {
      const registry = server.outpost.authoritativeMatches;
      const first = await registry.createMatch('arena', {});
      const second = await registry.createMatch('arena', {});
      const p = await player(server);
      const watcher = await player(server);
      await watcher.socket.joinMatch(first);
      await p.socket.joinMatch(first);
      await p.socket.joinMatch(second);
      await watcher.waitFor(watcher.presence, (e) => e.match_id === first && left(p)(e));
      await until(() => game.record(first).leaves.includes(p.session.user_id!), 3000, 'matchLeave in the first match');
      assert.equal(registry.get(second)?.size, 1);
      // Relayed matches count too, both ways; creating one is not joining it (Nakama).
      const relayed = await watcher.socket.createMatch();
      await p.socket.joinMatch(relayed.match_id);
      await until(() => registry.get(second)?.size === 0, 3000, 'leaving the authoritative match');
      await p.socket.joinMatch(second);
      await watcher.waitFor(watcher.presence, (e) => e.match_id === relayed.match_id && left(p)(e));
      assert.equal(registry.get(second)?.size, 1);
      const created = await p.socket.createMatch();
      assert.equal(registry.get(second)?.size, 1, 'creating a relayed match leaves nothing');
      // Joining a match one is already in leaves nothing either.
      await p.socket.joinMatch(created.match_id);
      assert.equal(registry.get(second)?.size, 1);
      p.socket.disconnect(false);
      watcher.socket.disconnect(false);
    } finally {
      await server.stop();
    }
  });

  it('refuses joins beyond match.call_queue_size instead of ending the match', async () => {
    const { server, game } = await startMatchServer('sqlite', ['--match.call_queue_size', '2']);
    try {
      const registry = server.outpost.authoritativeMatches;
      const matchId = await registry.createMatch('arena', { tickRate: 1, loopDelayMs: 600, maxPlayers: 10 });
      const players = [await player(server), await player(server), await player(server)];
      const record = game.record(matchId);
      // While a tick waits, three joins arrive: two fit in the queue, the third is refused.
      await until(() => record.ticksStarted > 0, 3000, 'a tick to begin');
      const results = await Promise.allSettled(players.map((p) => p.socket.joinMatch(matchId)));
      const refused = results.filter((r) => r.status === 'rejected');
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 2);
      assert.equal(refused.length, 1);
      assert.deepEqual((refused[0] as PromiseRejectedResult).reason, { code: 5, message: 'Match is not currently accepting join requests' });
      assert.equal(registry.get(matchId)?.size, 2, 'the match goes on');
      for (const p of players) p.socket.disconnect(false);
    } finally {
      await server.stop();
    }
  });

  it('drops match data beyond match.input_queue_size until the next tick takes the queue', async () => {
    const { server, game } = await startMatchServer('sqlite', ['--match.input_queue_size', '3']);
    try {
      const registry = server.outpost.authoritativeMatches;
      const matchId = await registry.createMatch('arena', { tickRate: 1 });
      const p = await player(server);
      await p.socket.joinMatch(matchId);
      const record = game.record(matchId);
      // Send right after a tick, so the whole burst lands in one tick's queue (ticks are a second apart).
      const first = record.ticks;
      await until(() => record.ticks > first, 3000, 'a tick');
      const ticks = record.ticks;
      for (let i = 0; i < 8; i++) await p.socket.sendMatchState(matchId, Op.Echo, `burst ${i}`);
      await until(() => record.ticks > ticks, 3000, 'the next tick');
      await until(() => p.data.filter((d) => d.op_code === Op.Echo).length >= 3, 3000, 'the queued echoes');
      assert.equal(record.messages, 3);
      assert.deepEqual(p.data.filter((d) => d.op_code === Op.Echo).map(text), ['burst 0', 'burst 1', 'burst 2']);
      p.socket.disconnect(false);
    } finally {
      await server.stop();
    }
  });

  it('calls matchTerminate with shutdown_grace_sec on stop, waits for matches to end, then ends the rest', async () => {
    const { server, game } = await startMatchServer('sqlite', ['--shutdown_grace_sec', '1']);
    const registry = server.outpost.authoritativeMatches;
    const quick = await registry.createMatch('arena', { tickRate: 20, endOnTerminate: true });
    const stubborn = await registry.createMatch('arena', { tickRate: 20 });
    const p = await player(server);
    await p.socket.joinMatch(quick);
    const started = Date.now();
    await server.stop();
    const took = Date.now() - started;
    // The terminate notice reached the member before the sockets closed.
    const notice = p.data.find((d) => d.op_code === Op.Terminate);
    assert.equal(notice && text(notice), '1');
    assert.equal(game.record(quick).terminatedWithGrace, 1);
    assert.equal(game.record(stubborn).terminatedWithGrace, 1);
    assert.ok(game.record(quick).disposed && game.record(stubborn).disposed);
    assert.ok(took >= 900, `the stubborn match had its grace period (${took} ms)`);
    assert.equal(registry.size(), 0);
    await assert.rejects(registry.createMatch('arena', {}), { message: 'shutdown in progress' });
  });
});
