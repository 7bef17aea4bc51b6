/** Per-match tick figures for the console and benchmarks. */
export interface TickStatsSnapshot {
  ticks: number;
  /** Ticks that finished after the next tick was due, so the next one started late. */
  overruns: number;
  lastTickMs: number;
  avgTickMs: number;
  maxTickMs: number;
  /** 99th percentile of the recent ticks' durations (the last SAMPLES of them). */
  p99TickMs: number;
  /** How late the most recent tick started against its deadline. */
  lastLatenessMs: number;
  /** 99th percentile of the recent ticks' start lateness: event-loop or queue delay, not the handler's own time. */
  p99LatenessMs: number;
}

const SAMPLES = 256;

/** Counts ticks and keeps a ring of recent durations, so percentiles cost nothing until asked for. */
export class TickStats {
  ticks = 0;
  overruns = 0;
  private totalMs = 0;
  private lastMs = 0;
  private maxMs = 0;
  private lateness = 0;
  private readonly recent = new Float64Array(SAMPLES);
  private readonly recentLateness = new Float64Array(SAMPLES);
  /** Ticks recorded into the rings since they were last cleared. */
  private sampled = 0;

  record(durationMs: number, latenessMs: number): void {
    this.recent[this.sampled % SAMPLES] = durationMs;
    this.recentLateness[this.sampled % SAMPLES] = latenessMs;
    this.sampled++;
    this.ticks++;
    this.totalMs += durationMs;
    this.lastMs = durationMs;
    this.lateness = latenessMs;
    if (durationMs > this.maxMs) this.maxMs = durationMs;
  }

  overrun(): void {
    this.overruns++;
  }

  /** The recent durations, in ring order rather than time order (percentiles do not need it). */
  samples(): number[] {
    return Array.from(this.recent.subarray(0, Math.min(this.sampled, SAMPLES)));
  }

  latenessSamples(): number[] {
    return Array.from(this.recentLateness.subarray(0, Math.min(this.sampled, SAMPLES)));
  }

  /** Starts a fresh measuring window for the percentiles; counters are kept. */
  clearSamples(): void {
    this.sampled = 0;
  }

  snapshot(): TickStatsSnapshot {
    return {
      ticks: this.ticks,
      overruns: this.overruns,
      lastTickMs: this.lastMs,
      avgTickMs: this.ticks === 0 ? 0 : this.totalMs / this.ticks,
      maxTickMs: this.maxMs,
      p99TickMs: percentile(this.samples(), 0.99),
      lastLatenessMs: this.lateness,
      p99LatenessMs: percentile(this.latenessSamples(), 0.99),
    };
  }
}

/** Nearest-rank percentile; 0 for no samples. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/**
 * When tick n (0-based) of a loop that began at `startMs` is due: counted from the start, never from the
 * previous tick, so a late timer shifts one tick and not every tick after it.
 */
export function tickDeadline(startMs: number, tickRate: number, n: number): number {
  return startMs + ((n + 1) * 1000) / tickRate;
}
