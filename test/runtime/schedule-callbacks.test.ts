import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/server.js';
import { ManualClock } from '../support/clock.js';
import { writeModule, type ModuleDir } from './module-fixture.js';

const START = Date.UTC(2030, 0, 7, 12, 0, 0);
const MIN = 60_000;
const sec = (ms: number) => Math.floor(ms / 1000);

/** Each callback records what it was called with in a table of its own, through nk.sqlExec. */
const MODULE = String.raw`
function record(nk, kind, id, a, b) {
  nk.sqlExec('CREATE TABLE IF NOT EXISTS callback_log (kind TEXT NOT NULL, board TEXT NOT NULL, a INTEGER NOT NULL, b INTEGER NOT NULL)', []);
  nk.sqlExec('INSERT INTO callback_log (kind, board, a, b) VALUES ($1, $2, $3, $4)', [kind, id, a, b]);
}
function InitModule(ctx, logger, nk, initializer) {
  initializer.registerLeaderboardReset(function (ctx, logger, nk, leaderboard, reset) { record(nk, 'reset', leaderboard.id, reset, 0); });
  initializer.registerTournamentEnd(function (ctx, logger, nk, tournament, end, reset) { record(nk, 'tournament_end', tournament.id, end, reset); });
  initializer.registerTournamentReset(function (ctx, logger, nk, tournament, end, reset) { record(nk, 'tournament_reset', tournament.id, end, reset); });
}
`;

// The wiring in main.ts: the leaderboard scheduler's boundaries reach the module's registered callbacks.
describe('leaderboard and tournament schedules call the module (registerLeaderboardReset, registerTournamentEnd/Reset)', () => {
  let server: TestServer;
  let module: ModuleDir;
  const clock = new ManualClock(START);
  before(async () => {
    module = await writeModule(MODULE);
    server = await startTestServer('sqlite', module.flags, { clock });
  });
  after(async () => {
    await server?.stop();
    await module?.remove();
  });

  it('passes the board or tournament with its boundary times', async () => {
    const scheduler = server.outpost.leaderboardScheduler;
    await server.outpost.leaderboards.create({ id: 'hourly', resetSchedule: '0 * * * *' });
    await server.outpost.tournaments.create({ id: 'cup', resetSchedule: '0 * * * *', duration: 1800 });
    clock.set(START + 40 * MIN);
    await scheduler.runDue();
    clock.set(START + 65 * MIN);
    await scheduler.runDue();
    const log = await server.outpost.storage.sql.all<{ kind: string; board: string; a: number; b: number }>('SELECT kind, board, a, b FROM callback_log ORDER BY kind, board');
    assert.deepEqual(
      log.map((r) => [r.kind, r.board, Number(r.a), Number(r.b)]),
      [
        ['reset', 'hourly', sec(START) + 3600, 0],
        ['tournament_end', 'cup', sec(START) + 1800, sec(START) + 3600],
        ['tournament_reset', 'cup', sec(START) + 1800, sec(START) + 3600],
      ],
    );
  });
});
