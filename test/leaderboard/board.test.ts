import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { leaderboardExpiry, previousReset, readExpiry, toBoard, tournamentWindow, UNLIMITED_SIZE } from '../../server/core/leaderboard/board.js';
import type { LeaderboardDefinition } from '../../server/storage/repositories.js';

const H = 3_600_000;
const T0 = Date.UTC(2030, 0, 7, 12); // Monday 12:00 UTC

function board(extra: Partial<LeaderboardDefinition>) {
  return toBoard({
    id: 'b', authoritative: false, sortOrder: 'desc', operator: 'best', resetSchedule: '', metadata: '{}', createTime: 0, enableRanks: true,
    category: 0, title: '', description: '', durationSec: 0, startTime: 0, endTime: 0, maxSize: UNLIMITED_SIZE, maxNumScore: 0, joinRequired: false, ...extra,
  });
}

describe('board periods', () => {
  it('expires a leaderboard period at its next reset, or never', () => {
    assert.equal(leaderboardExpiry(board({}), T0), 0);
    assert.equal(leaderboardExpiry(board({ resetSchedule: '0 0 * * *' }), T0), Date.UTC(2030, 0, 8));
    assert.equal(previousReset(board({ resetSchedule: '0 0 * * *' }), 0, T0), Date.UTC(2030, 0, 7));
    assert.equal(previousReset(board({ resetSchedule: '0 0 * * *' }), T0 + H, T0), 0, 'no previous reset before the start');
  });

  it('opens a tournament without a schedule from start for its duration, expiring at its end', () => {
    const t = board({ durationSec: 1800, startTime: T0, endTime: T0 + 2 * H });
    assert.deepEqual(tournamentWindow(t, T0 - H), { startActive: T0, endActive: T0 + H / 2, expiry: T0 + 2 * H });
    const short = board({ durationSec: 7200, startTime: T0, endTime: T0 + H });
    assert.deepEqual(tournamentWindow(short, T0), { startActive: T0, endActive: T0 + H, expiry: T0 + H }, 'the window is capped at the end');
    assert.deepEqual(tournamentWindow(board({ durationSec: 60, startTime: T0 }), T0), { startActive: T0, endActive: T0 + 60_000, expiry: 0 });
  });

  it('opens a scheduled tournament at each tick, capped by the next tick and the end time', () => {
    const hourly = board({ durationSec: 1800, startTime: T0, resetSchedule: '0 * * * *' });
    assert.deepEqual(tournamentWindow(hourly, T0 + 10 * 60_000), { startActive: T0, endActive: T0 + H / 2, expiry: T0 + H });
    assert.deepEqual(tournamentWindow(hourly, T0 + H), { startActive: T0 + H, endActive: T0 + 1.5 * H, expiry: T0 + 2 * H }, 'a time on a tick starts that period');
    assert.deepEqual(tournamentWindow(hourly, T0 - 3 * H), { startActive: T0 + H, endActive: T0 + 1.5 * H, expiry: T0 + 2 * H }, 'before the start: the first tick after it');
    const long = board({ durationSec: 3 * 3600, startTime: T0, resetSchedule: '0 * * * *' });
    assert.equal(tournamentWindow(long, T0 + 60_000).endActive, T0 + H, 'the window never outlives its period');
    const midStart = board({ durationSec: 1800, startTime: T0 + 20 * 60_000, resetSchedule: '0 * * * *' });
    assert.deepEqual(tournamentWindow(midStart, T0 + 25 * 60_000), { startActive: T0 + 20 * 60_000, endActive: T0 + H / 2, expiry: T0 + H });
    const ending = board({ durationSec: 1800, startTime: T0, endTime: T0 + H + 10 * 60_000, resetSchedule: '0 * * * *' });
    assert.deepEqual(tournamentWindow(ending, T0 + H + 60_000), { startActive: T0 + H, endActive: T0 + H + 10 * 60_000, expiry: T0 + H + 10 * 60_000 });
  });

  it('reads the current period unless an expiry is given, and nothing of an expired tournament period', () => {
    const t = board({ durationSec: 60, startTime: T0, endTime: T0 + H });
    assert.deepEqual(readExpiry(t, 0, T0), { expiry: T0 + H, possible: true });
    assert.deepEqual(readExpiry(t, 0, T0 + 2 * H), { expiry: T0 + H, possible: false });
    assert.deepEqual(readExpiry(t, 5_000, T0 + 2 * H), { expiry: 5_000, possible: true });
  });
});
