import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Gauge, type Registry } from 'prom-client';
import type { Service } from '../common/lifecycle.js';
import type { OperationRate, SimStatus, StatusSnapshot } from '../protocol/console-status.js';
import { OperationStats } from './operation-stats.js';
import type { SystemSampler } from './system-sampler.js';

/** Where the live counts come from; main.ts wires them to the registries it built. */
export interface LiveCounts {
  sessions(): number;
  presences(): number;
  matches(): number;
  parties(): number;
  /** The physics simulation's figures, or null while no world has opened it. */
  sim(): SimStatus | null;
}

export interface ServerMetricsSettings {
  node: string;
  /** Length of one sample window; rates are per second over it. */
  sampleIntervalMs: number;
  /** Samples kept for charts that open late. */
  historySize: number;
}

interface OpTotals {
  total: number;
  errors: number;
  latencyMs: number;
}

/**
 * The server's figures, kept once and shown twice: as Prometheus metrics in the registry main.ts passed
 * in (no default registry), and as StatusSnapshots sampled every window for the console.
 */
export class ServerMetrics implements Service {
  readonly name = 'metrics';
  private readonly operations: OperationStats;
  private previous = new Map<string, OpTotals>();
  private readonly history: StatusSnapshot[] = [];
  private readonly listeners = new Set<(s: StatusSnapshot) => void>();
  private readonly startedAt = Date.now();
  private loopDelay: IntervalHistogram | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastSampleAt = Date.now();
  private latest: StatusSnapshot;

  constructor(
    readonly registry: Registry,
    private readonly settings: ServerMetricsSettings,
    private readonly counts: LiveCounts,
    private readonly system: SystemSampler,
  ) {
    const registers = [registry];
    this.operations = new OperationStats(registry);
    const gauge = (name: string, help: string, read: () => number | null) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const v = read();
          if (v !== null) this.set(v);
        },
      });
    gauge('outpost_sessions', 'Open realtime sockets (CCU).', () => counts.sessions());
    gauge('outpost_presences', 'Tracked presences.', () => counts.presences());
    gauge('outpost_matches', 'Running matches.', () => counts.matches());
    gauge('outpost_parties', 'Open parties.', () => counts.parties());
    gauge('outpost_sim_worlds', 'Physics worlds of authoritative matches.', () => counts.sim()?.worlds ?? null);
    gauge('outpost_sim_bodies', 'Bodies across all physics worlds.', () => counts.sim()?.bodies ?? null);
    gauge('outpost_sim_step_seconds', 'Duration of the last physics step (all due worlds in one dispatch).', () => {
      const sim = counts.sim();
      return sim ? sim.lastStepMs / 1000 : null;
    });
    gauge('outpost_sim_on_gpu', '1 while the simulation runs on the GPU, 0 on the CPU path.', () => {
      const sim = counts.sim();
      return sim ? Number(sim.backend === 'gpu') : null;
    });
    gauge('outpost_event_loop_lag_seconds', 'Mean event-loop delay over the last window.', () => this.latest.eventLoopLagMs / 1000);
    gauge('outpost_process_resident_memory_bytes', 'Resident set size of the server process.', () => process.memoryUsage.rss());
    gauge('outpost_process_heap_used_bytes', 'V8 heap in use.', () => process.memoryUsage().heapUsed);
    gauge('outpost_uptime_seconds', 'Seconds since the server started.', () => (Date.now() - this.startedAt) / 1000);
    gauge('outpost_system_cpu_percent', 'Whole-machine CPU load.', () => system.status().cpuPercent);
    gauge('outpost_system_memory_used_bytes', 'Machine memory in active use.', () => system.status().memoryUsedBytes);
    gauge('outpost_system_memory_total_bytes', 'Machine memory.', () => system.status().memoryTotalBytes);
    gauge('outpost_system_network_receive_bytes_per_second', 'Machine network receive rate.', () => system.status().networkRxBytesPerSec);
    gauge('outpost_system_network_transmit_bytes_per_second', 'Machine network transmit rate.', () => system.status().networkTxBytesPerSec);
    const gpuGauge = (name: string, help: string, pick: (g: ReturnType<SystemSampler['status']>['gpus'][number]) => number | null) =>
      new Gauge({
        name,
        help,
        labelNames: ['gpu'],
        registers,
        collect() {
          this.reset();
          system.status().gpus.forEach((g, i) => {
            const v = pick(g);
            if (v !== null) this.set({ gpu: `${i}` }, v);
          });
        },
      });
    gpuGauge('outpost_gpu_load_percent', 'GPU utilisation.', (g) => g.loadPercent);
    gpuGauge('outpost_gpu_temperature_celsius', 'GPU temperature.', (g) => g.temperatureC);
    this.latest = this.buildSnapshot(0, 0);
  }

  async start(): Promise<void> {
    if (this.timer) return;
    this.loopDelay = monitorEventLoopDelay({ resolution: 10 });
    this.loopDelay.enable();
    this.lastSampleAt = Date.now();
    this.timer = setInterval(() => this.sample(), this.settings.sampleIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.loopDelay?.disable();
    this.listeners.clear();
  }

  /** Records one finished operation; HookRegistry.observe calls it for every invocation. */
  recordOperation(operation: string, durationMs: number, error: unknown): void {
    this.operations.record(operation, durationMs, error !== undefined);
  }

  snapshot(): StatusSnapshot {
    return this.latest;
  }

  recent(): StatusSnapshot[] {
    return [...this.history];
  }

  /** Called with each new sample; returns the unsubscribe function. */
  subscribe(listener: (s: StatusSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Prometheus text exposition of every metric in the registry. */
  async prometheusText(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** Takes one sample now (the timer calls this every window). */
  sample(): StatusSnapshot {
    const now = Date.now();
    const secs = Math.max(0.001, (now - this.lastSampleAt) / 1000);
    this.lastSampleAt = now;
    const lagMs = this.loopDelay ? this.loopDelay.mean / 1e6 : 0;
    this.loopDelay?.reset();
    this.latest = this.buildSnapshot(secs, Number.isFinite(lagMs) ? lagMs : 0);
    this.previous = new Map([...this.operations.totals].map(([k, v]) => [k, { total: v.total, errors: v.errors, latencyMs: v.latencyMs }]));
    this.history.push(this.latest);
    if (this.history.length > this.settings.historySize) this.history.shift();
    for (const listener of this.listeners) listener(this.latest);
    return this.latest;
  }

  private buildSnapshot(windowSec: number, lagMs: number): StatusSnapshot {
    const operations: OperationRate[] = [];
    let reqs = 0;
    let errs = 0;
    let latency = 0;
    for (const [name, t] of this.operations.totals) {
      const p = this.previous.get(name) ?? { total: 0, errors: 0, latencyMs: 0 };
      const dn = t.total - p.total;
      const de = t.errors - p.errors;
      const dl = t.latencyMs - p.latencyMs;
      reqs += dn;
      errs += de;
      latency += dl;
      const rate = (n: number) => (windowSec > 0 ? n / windowSec : 0);
      operations.push({ name, requestsPerSec: rate(dn), errorsPerSec: rate(de), avgLatencyMs: dn > 0 ? dl / dn : 0, total: t.total, errors: t.errors });
    }
    operations.sort((a, b) => b.requestsPerSec - a.requestsPerSec || b.total - a.total);
    const mem = process.memoryUsage();
    return {
      time: Date.now(),
      node: this.settings.node,
      uptimeSec: Math.round((Date.now() - this.startedAt) / 1000),
      sessions: this.counts.sessions(),
      presences: this.counts.presences(),
      matches: this.counts.matches(),
      parties: this.counts.parties(),
      requestsPerSec: windowSec > 0 ? reqs / windowSec : 0,
      errorsPerSec: windowSec > 0 ? errs / windowSec : 0,
      avgLatencyMs: reqs > 0 ? latency / reqs : 0,
      operations,
      eventLoopLagMs: lagMs,
      rssBytes: mem.rss,
      heapUsedBytes: mem.heapUsed,
      system: this.system.status(),
      sim: this.counts.sim(),
    };
  }
}
