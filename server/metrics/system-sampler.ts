import { cpus } from 'node:os';
import si from 'systeminformation';
import type { Service } from '../common/lifecycle.js';
import type { Logger } from '../common/logger.js';
import type { GpuStatus, SystemStatus } from '../protocol/console-status.js';

export interface SystemSamplerSettings {
  /** How often CPU, memory and network are read. */
  intervalMs: number;
  /** GPU queries spawn the vendor tool (nvidia-smi), so they run less often. */
  gpuIntervalMs: number;
}

/**
 * Machine-wide figures through `systeminformation`: CPU load, memory, network throughput and, when a
 * driver reports them, GPU load and temperature. Sampling runs on a timer so readers never wait on it.
 */
export class SystemSampler implements Service {
  readonly name = 'system-sampler';
  private current: SystemStatus = {
    cpuPercent: null,
    cpuCores: cpus().length,
    memoryUsedBytes: 0,
    memoryTotalBytes: 0,
    networkRxBytesPerSec: 0,
    networkTxBytesPerSec: 0,
    gpus: [],
  };
  private timer: NodeJS.Timeout | undefined;
  private gpuTimer: NodeJS.Timeout | undefined;
  private lastNet: { rx: number; tx: number; at: number } | undefined;
  private sampling = false;
  private gpuFailures = 0;

  constructor(
    private readonly settings: SystemSamplerSettings,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sample(), this.settings.intervalMs);
    this.timer.unref();
    this.gpuTimer = setInterval(() => void this.sampleGpus(), this.settings.gpuIntervalMs);
    this.gpuTimer.unref();
    // The first samples wait for the first tick: loading systeminformation's probes costs ~100 ms of CPU,
    // which would otherwise land on the server's first requests.
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.gpuTimer);
    this.timer = this.gpuTimer = undefined;
  }

  status(): SystemStatus {
    return this.current;
  }

  private async sample(): Promise<void> {
    if (this.sampling) return;
    this.sampling = true;
    try {
      const [load, mem, net] = await Promise.all([si.currentLoad(), si.mem(), si.networkStats('*')]);
      const now = Date.now();
      let rx = 0;
      let tx = 0;
      // Loopback traffic is the server talking to itself; the machine's throughput is the rest.
      for (const n of net) if (n.iface !== 'lo') (rx += n.rx_bytes), (tx += n.tx_bytes);
      const prev = this.lastNet;
      this.lastNet = { rx, tx, at: now };
      const secs = prev ? Math.max(0.001, (now - prev.at) / 1000) : 0;
      this.current = {
        ...this.current,
        cpuPercent: Number.isFinite(load.currentLoad) ? load.currentLoad : null,
        // `active` leaves out reclaimable caches, which is what "used" means to an operator.
        memoryUsedBytes: mem.active,
        memoryTotalBytes: mem.total,
        networkRxBytesPerSec: prev ? Math.max(0, (rx - prev.rx) / secs) : 0,
        networkTxBytesPerSec: prev ? Math.max(0, (tx - prev.tx) / secs) : 0,
      };
    } catch (err) {
      this.logger.debug('system sample failed', { err });
    } finally {
      this.sampling = false;
    }
  }

  private async sampleGpus(): Promise<void> {
    // A machine whose GPU tool keeps failing is not asked every few seconds forever.
    if (this.gpuFailures >= 3) return;
    try {
      const graphics = await si.graphics();
      const gpus: GpuStatus[] = graphics.controllers.map((c) => ({
        model: c.model || c.vendor || 'GPU',
        loadPercent: typeof c.utilizationGpu === 'number' ? c.utilizationGpu : null,
        temperatureC: typeof c.temperatureGpu === 'number' ? c.temperatureGpu : null,
        memoryUsedBytes: typeof c.memoryUsed === 'number' ? c.memoryUsed * 1024 * 1024 : null,
        memoryTotalBytes: typeof c.memoryTotal === 'number' ? c.memoryTotal * 1024 * 1024 : typeof c.vram === 'number' ? c.vram * 1024 * 1024 : null,
      }));
      this.current = { ...this.current, gpus };
      this.gpuFailures = 0;
    } catch (err) {
      this.gpuFailures++;
      this.logger.debug('gpu sample failed', { err });
    }
  }
}
