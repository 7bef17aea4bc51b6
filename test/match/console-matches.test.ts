import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestServer } from '../support/server.js';
import { CONSOLE_FLAGS, consoleCall, consoleLogin } from '../support/console.js';
import type { ArenaProvider } from './support/arena-game.js';
import { player, startMatchServer, until } from './support/players.js';

describe('authoritative matches in the console and metrics (sqlite)', () => {
  let server: TestServer;
  let game: ArenaProvider;
  let auth: string;
  before(async () => {
    ({ server, game } = await startMatchServer('sqlite', CONSOLE_FLAGS));
    auth = await consoleLogin(server);
  });
  after(async () => {
    await server?.stop();
  });
  const call = (method: string, path: string) => consoleCall(server, method, path, { auth });

  it('lists authoritative matches first with their tick statistics, shows members, and terminates one', async () => {
    const registry = server.outpost.authoritativeMatches;
    const matchId = await registry.createMatch('arena', { tickRate: 20, mode: 'console' });
    const p = await player(server);
    const relayed = await p.socket.createMatch();
    await p.socket.joinMatch(matchId);
    await until(() => game.record(matchId).ticks >= 3, 3000, 'a few ticks');

    const listed = await call('GET', '/v2/console/match');
    assert.equal(listed.status, 200);
    assert.equal(listed.body.total, 2);
    const [first, second] = listed.body.matches;
    assert.equal(first.matchId, matchId);
    assert.equal(first.authoritative, true);
    assert.equal(first.label, '{"mode":"console","skill":0}');
    assert.equal(first.size, 1);
    assert.equal(first.tickRate, 20);
    assert.equal(first.handlerName, 'arena');
    assert.ok(first.ticks >= 3 && first.overruns >= 0 && first.avgTickMs >= 0 && first.lastTickMs >= 0 && first.p99TickMs >= 0);
    assert.equal(second.matchId, relayed.match_id);
    assert.equal((await call('GET', `/v2/console/match/${matchId}`)).body.presences[0].userId, p.session.user_id);

    const metrics = await call('GET', '/metrics');
    assert.match(String(metrics.body), /^outpost_matches 2$/m);

    assert.deepEqual((await call('DELETE', `/v2/console/match/${matchId}`)).body, { removed: 1 });
    assert.equal(game.record(matchId).terminatedWithGrace, 0);
    assert.equal(registry.get(matchId), undefined);
    assert.equal((await call('DELETE', `/v2/console/match/${matchId}`)).status, 404);
    p.socket.disconnect(false);
  });
});
