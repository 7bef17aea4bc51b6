import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { percentile, tickDeadline, TickStats } from '../../server/match/authoritative/tick-stats.js';

describe('tick schedule and statistics', () => {
  it('counts deadlines from the loop start, so they never drift with late timers', () => {
    assert.equal(tickDeadline(1000, 10, 0), 1100);
    assert.equal(tickDeadline(1000, 10, 9), 2000);
    // 60 Hz: 16.67 ms intervals whose rounding never accumulates; tick 599 ends exactly ten seconds in.
    assert.equal(tickDeadline(0, 60, 599), 10_000);
    assert.ok(Math.abs(tickDeadline(0, 60, 0) - 1000 / 60) < 1e-9);
  });

  it('keeps counts, averages and percentiles of tick durations', () => {
    const stats = new TickStats();
    for (let i = 1; i <= 100; i++) stats.record(i, i / 10);
    stats.overrun();
    const s = stats.snapshot();
    assert.equal(s.ticks, 100);
    assert.equal(s.overruns, 1);
    assert.equal(s.lastTickMs, 100);
    assert.equal(s.maxTickMs, 100);
    assert.equal(s.avgTickMs, 50.5);
    assert.equal(s.p99TickMs, 99);
    assert.equal(s.p99LatenessMs, 9.9);
    stats.clearSamples();
    assert.deepEqual(stats.samples(), []);
    assert.equal(stats.snapshot().ticks, 100, 'clearing the window keeps the counters');
    // The ring keeps the last 256 samples.
    for (let i = 0; i < 300; i++) stats.record(1, 0);
    assert.equal(stats.samples().length, 256);
  });

  it('computes nearest-rank percentiles', () => {
    assert.equal(percentile([], 0.99), 0);
    assert.equal(percentile([5], 0.99), 5);
    assert.equal(percentile([3, 1, 2, 4], 0.5), 2);
    assert.equal(percentile([3, 1, 2, 4], 1), 4);
  });
});
