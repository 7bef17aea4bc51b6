/**
 * The live status figures the console pushes over its socket and serves at GET /v2/console/status.
 * Prometheus sees the same figures at /metrics. Type-only: the renderer imports it too.
 */

export interface OperationRate {
  /** Operation-table name, e.g. `AuthenticateDevice`. */
  name: string;
  requestsPerSec: number;
  errorsPerSec: number;
  /** Mean latency over the last sample window; 0 when the operation had no calls in it. */
  avgLatencyMs: number;
  /** Since the server started. */
  total: number;
  errors: number;
}

export interface GpuStatus {
  model: string;
  /** Percent; null when the driver does not report it. */
  loadPercent: number | null;
  temperatureC: number | null;
  memoryUsedBytes: number | null;
  memoryTotalBytes: number | null;
}

export interface SystemStatus {
  /** Whole-machine CPU load in percent; null until the first sample. */
  cpuPercent: number | null;
  cpuCores: number;
  memoryUsedBytes: number;
  memoryTotalBytes: number;
  networkRxBytesPerSec: number;
  networkTxBytesPerSec: number;
  gpus: GpuStatus[];
}

/** Authoritative physics (server/sim): where it runs and how hard it works; null until a match opens a world. */
export interface SimStatus {
  backend: 'gpu' | 'cpu';
  /** The GPU adapter's description, or null on the CPU path. */
  adapter: string | null;
  /** Why the simulation is not on the GPU, when it is not. */
  fallbackReason: string | null;
  worlds: number;
  bodies: number;
  lastStepMs: number;
  avgStepMs: number;
  fallbacks: number;
}

export interface StatusSnapshot {
  /** Unix milliseconds when the sample was taken. */
  time: number;
  node: string;
  uptimeSec: number;
  /** Open realtime sockets (CCU). */
  sessions: number;
  presences: number;
  matches: number;
  parties: number;
  requestsPerSec: number;
  errorsPerSec: number;
  avgLatencyMs: number;
  operations: OperationRate[];
  eventLoopLagMs: number;
  rssBytes: number;
  heapUsedBytes: number;
  system: SystemStatus;
  sim: SimStatus | null;
}
