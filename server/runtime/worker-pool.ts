import type { Logger } from '../common/logger.js';
import { WorkerSlot, type SlotSettings } from './worker-slot.js';

export type PoolSettings = Omit<SlotSettings, 'index' | 'onReplaced'> & { workerCount: number };

/**
 * The runtime's worker threads. Calls go to the least loaded worker; a match's calls go to the worker
 * that holds its state (pinned by slot and worker generation, so a replaced worker's matches end).
 */
export class WorkerPool {
  private readonly slots: WorkerSlot[] = [];
  private readonly replacedListeners = new Set<(slot: number, generation: number) => void>();

  constructor(
    private readonly settings: PoolSettings,
    private readonly logger: Logger,
  ) {
    for (let index = 0; index < settings.workerCount; index++) {
      this.slots.push(new WorkerSlot({ ...settings, index, onReplaced: (slot, generation) => this.replaced(slot, generation) }));
    }
  }

  /** Starts the first worker (its InitModule answer is the module's registrations), then the rest. */
  async start(): Promise<string> {
    const first = await this.slots[0]!.start();
    if (first.startsWith('{"error"')) return first;
    const rest = await Promise.all(this.slots.slice(1).map((s) => s.start()));
    const failed = rest.find((a) => a.startsWith('{"error"'));
    return failed ?? first;
  }

  async stop(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.stop()));
  }

  call(call: string): Promise<string> {
    return this.slots[this.best()]!.call(call);
  }

  /** The least loaded slot, and its current worker generation, for a new match. */
  pick(): { slot: number; generation: number } {
    const best = this.best();
    return { slot: best, generation: this.slots[best]!.generation };
  }

  /**
   * The least loaded slot, preferring ones not waiting on an nk call: when an nk function runs module code
   * (an event handler, a match created from a module) the caller's own worker is blocked until it returns.
   */
  private best(): number {
    let best = -1;
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i]!;
      if (best === -1) best = i;
      const b = this.slots[best]!;
      if ((b.blocked && !s.blocked) || (b.blocked === s.blocked && s.load < b.load)) best = i;
    }
    return best;
  }

  /** True when every worker's running call waits on an nk answer: new work would queue behind those calls. */
  allBlocked(): boolean {
    return this.slots.every((s) => s.blocked);
  }

  callOn(slot: number, generation: number, call: string): Promise<string> {
    return this.slots[slot]!.call(call, generation);
  }

  onReplaced(listener: (slot: number, generation: number) => void): void {
    this.replacedListeners.add(listener);
  }

  private replaced(slot: number, generation: number): void {
    this.logger.warn('runtime worker replaced; matches it held have ended', { slot, generation });
    for (const l of this.replacedListeners) l(slot, generation);
  }
}
