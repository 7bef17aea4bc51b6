import type { Registry } from 'prom-client';

const BUCKETS_SEC = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** Totals of one operation since start; buckets count calls per latency bound (not yet cumulative). */
export interface OperationTotals {
  total: number;
  errors: number;
  latencyMs: number;
  buckets: number[];
}

interface MetricValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

/**
 * Per-operation request counts, errors and latency, recorded with a few additions per call and turned
 * into Prometheus counters and a histogram only when scraped. prom-client's own metrics hash their label
 * set on every call, which costs more than the cheapest requests themselves.
 */
export class OperationStats {
  readonly totals = new Map<string, OperationTotals>();

  constructor(registry: Registry) {
    const collector = (name: string, help: string, type: 'counter' | 'histogram', values: () => MetricValue[]) => ({
      name,
      help,
      type,
      aggregator: 'sum' as const,
      get: async () => ({ name, help, type, aggregator: 'sum' as const, values: values() }),
      reset: () => this.totals.clear(),
    });
    const perOp = (pick: (t: OperationTotals) => number) => () => [...this.totals].map(([operation, t]) => ({ labels: { operation }, value: pick(t) }));
    const metrics = [
      collector('outpost_api_requests_total', 'Client API operations invoked.', 'counter', perOp((t) => t.total)),
      collector('outpost_api_errors_total', 'Client API operations that failed.', 'counter', perOp((t) => t.errors)),
      collector('outpost_api_request_duration_seconds', 'Client API operation latency.', 'histogram', () => this.histogramValues()),
    ];
    // The registry accepts any object with prom-client's metric shape; its types only name the classes.
    for (const m of metrics) registry.registerMetric(m as unknown as Parameters<Registry['registerMetric']>[0]);
  }

  record(operation: string, durationMs: number, failed: boolean): void {
    let t = this.totals.get(operation);
    if (!t) this.totals.set(operation, (t = { total: 0, errors: 0, latencyMs: 0, buckets: new Array<number>(BUCKETS_SEC.length + 1).fill(0) }));
    t.total++;
    t.latencyMs += durationMs;
    if (failed) t.errors++;
    const sec = durationMs / 1000;
    let i = 0;
    while (i < BUCKETS_SEC.length && sec > BUCKETS_SEC[i]!) i++;
    t.buckets[i]!++;
  }

  private histogramValues(): MetricValue[] {
    const out: MetricValue[] = [];
    const name = 'outpost_api_request_duration_seconds';
    for (const [operation, t] of this.totals) {
      let cumulative = 0;
      BUCKETS_SEC.forEach((le, i) => {
        cumulative += t.buckets[i]!;
        out.push({ labels: { le, operation }, value: cumulative, metricName: `${name}_bucket` });
      });
      out.push({ labels: { le: '+Inf', operation }, value: t.total, metricName: `${name}_bucket` });
      out.push({ labels: { operation }, value: t.latencyMs / 1000, metricName: `${name}_sum` });
      out.push({ labels: { operation }, value: t.total, metricName: `${name}_count` });
    }
    return out;
  }
}
