/**
 * Custom metrics modules record with nk.metricsCounterAdd / metricsGaugeSet / metricsTimerRecord. The
 * console (and a Prometheus exporter) read `snapshot()`; series are keyed by name and sorted tags.
 */
export type MetricKind = 'counter' | 'gauge' | 'timer';

export interface MetricSeries {
  kind: MetricKind;
  name: string;
  tags: Record<string, string>;
  /** Counter total, last gauge value, or total timer nanoseconds. */
  value: number;
  /** Number of recordings. */
  count: number;
}

/** Nakama caps distinct custom series (metrics.custom_scope_limit); past it new series are dropped. */
const SERIES_LIMIT = 10_000;

export class RuntimeMetrics {
  private readonly series = new Map<string, MetricSeries>();

  counterAdd(name: string, tags: Record<string, string>, delta: number): void {
    const s = this.seriesFor('counter', name, tags);
    if (!s) return;
    s.value += delta;
    s.count++;
  }

  gaugeSet(name: string, tags: Record<string, string>, value: number): void {
    const s = this.seriesFor('gauge', name, tags);
    if (!s) return;
    s.value = value;
    s.count++;
  }

  timerRecord(name: string, tags: Record<string, string>, nanos: number): void {
    const s = this.seriesFor('timer', name, tags);
    if (!s) return;
    s.value += nanos;
    s.count++;
  }

  snapshot(): MetricSeries[] {
    return [...this.series.values()].map((s) => ({ ...s, tags: { ...s.tags } }));
  }

  private seriesFor(kind: MetricKind, name: string, tags: Record<string, string>): MetricSeries | undefined {
    const sorted = Object.keys(tags).sort().map((k) => `${k}=${tags[k]}`).join(',');
    const key = `${kind}\u0000${name}\u0000${sorted}`;
    let s = this.series.get(key);
    if (!s) {
      if (this.series.size >= SERIES_LIMIT) return undefined;
      s = { kind, name, tags: { ...tags }, value: 0, count: 0 };
      this.series.set(key, s);
    }
    return s;
  }
}
