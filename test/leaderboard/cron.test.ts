import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CronExpression, CronSyntaxError } from '../../server/core/leaderboard/cron.js';

const utc = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h, mi);
const range = (lo: number, hi: number, step = 1) => Array.from({ length: Math.floor((hi - lo) / step) + 1 }, (_, i) => lo + i * step);

/** Expressions with their meaning spelled out by hand, checked minute by minute against next() and last(). */
const CASES: { expr: string; minutes: number[]; hours: number[]; doms?: number[]; months?: number[]; dows?: number[]; either?: boolean }[] = [
  { expr: '0 0 * * 1', minutes: [0], hours: [0], dows: [1] },
  { expr: '*/15 9-17 * * MON-FRI', minutes: [0, 15, 30, 45], hours: range(9, 17), dows: range(1, 5) },
  { expr: '5,35 */6 1,15 * *', minutes: [5, 35], hours: [0, 6, 12, 18], doms: [1, 15] },
  { expr: '0 12 * FEB,mar *', minutes: [0], hours: [12], months: [2, 3] },
  { expr: '30 2 13 * 5', minutes: [30], hours: [2], doms: [13], dows: [5], either: true },
  { expr: '10-50/20 1 * * 7', minutes: [10, 30, 50], hours: [1], dows: [0] },
  { expr: '0 0 29 2 *', minutes: [0], hours: [0], doms: [29], months: [2] },
  { expr: '@hourly', minutes: [0], hours: range(0, 23) },
  { expr: '7/20 * * * *', minutes: [7, 27, 47], hours: range(0, 23) },
];

function matches(c: (typeof CASES)[number], t: number): boolean {
  const d = new Date(t);
  if (!c.minutes.includes(d.getUTCMinutes()) || !c.hours.includes(d.getUTCHours())) return false;
  if (c.months && !c.months.includes(d.getUTCMonth() + 1)) return false;
  const dom = !c.doms || c.doms.includes(d.getUTCDate());
  const dow = !c.dows || c.dows.includes(d.getUTCDay());
  return c.either ? dom || dow : dom && dow;
}

describe('cron expressions', () => {
  it('next() and last() agree with a minute-by-minute scan', () => {
    for (const c of CASES) {
      const cron = CronExpression.parse(c.expr);
      // Start points spread over a leap year, including exact matches and odd seconds.
      for (let i = 0; i < 40; i++) {
        const from = utc(2028, 1, 1) + i * 9_876_543_211 % (366 * 86_400_000) + (i % 3) * 17_000;
        let t = Math.floor(from / 60_000) * 60_000 + 60_000;
        while (!matches(c, t)) t += 60_000;
        assert.equal(cron.next(from), t, `${c.expr} next after ${new Date(from).toISOString()}`);
        let b = Math.ceil(from / 60_000) * 60_000 - 60_000;
        while (!matches(c, b)) b -= 60_000;
        assert.equal(cron.last(from), b, `${c.expr} last before ${new Date(from).toISOString()}`);
      }
    }
  });

  it('is strict: next() is after and last() before a time that matches', () => {
    const weekly = CronExpression.parse('0 0 * * 1');
    const monday = utc(2030, 1, 7);
    assert.equal(weekly.next(monday), utc(2030, 1, 14));
    assert.equal(weekly.last(monday), utc(2029, 12, 31));
    assert.equal(weekly.next(monday - 1), monday);
    assert.equal(weekly.last(monday + 1), monday);
    assert.deepEqual(weekly.nextN(monday, 3), [utc(2030, 1, 14), utc(2030, 1, 21), utc(2030, 1, 28)]);
    assert.equal(CronExpression.parse('0 0 29 2 *').next(utc(2029, 3, 1)), utc(2032, 2, 29));
    assert.equal(CronExpression.parse('@monthly').next(utc(2030, 1, 31, 23, 59)), utc(2030, 2, 1));
    assert.equal(CronExpression.parse('@yearly').last(utc(2030, 6, 1)), utc(2030, 1, 1));
    assert.equal(CronExpression.parse('@daily').next(utc(2030, 12, 31, 12)), utc(2031, 1, 1));
  });

  it('refuses malformed expressions', () => {
    for (const bad of ['', '* * * *', '* * * * * * * *', '60 * * * *', '* 24 * * *', '* * 0 * *', '* * 32 * *', '* * * 13 *', '* * * * 8', '*/0 * * * *', '5-1 * * * *', 'a * * * *', '1,,2 * * * *', '* * * * MON-', '0 0 L * *', '1/2/3 * * * *']) {
      assert.throws(() => CronExpression.parse(bad), CronSyntaxError, `'${bad}' is refused`);
    }
    assert.throws(() => CronExpression.parse('0 0 31 2 *').next(0), CronSyntaxError, 'an expression that never matches says so');
  });
});
