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
    let best = this.slots[0]!;
    for (const s of this.slots) if (s.load < best.load) best = s;
    return best.call(call);
  }

  /** The least loaded slot, and its current worker generation, for a new match. */
  pick(): { slot: number; generation: number } {
    let best = 0;
    for (let i = 1; i < this.slots.length; i++) if (this.slots[i]!.load < this.slots[best]!.load) best = i;
    return { slot: best, generation: this.slots[best]!.generation };
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
