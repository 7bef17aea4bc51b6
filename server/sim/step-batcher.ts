/**
 * Collects step requests for worlds and runs them as one engine step at the end of the current turn of
 * the event loop, so matches whose ticks fire together share one GPU dispatch.
 */
export class StepBatcher {
  private pending = new Set<number>();
  private flush: Promise<void> | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly stepWorlds: (worlds: number[]) => Promise<unknown>) {}

  request(world: number): Promise<void> {
    this.pending.add(world);
    this.flush ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        const worlds = [...this.pending];
        this.pending = new Set();
        this.flush = null;
        const run = this.stepWorlds(worlds);
        this.running = run.catch(() => undefined);
        run.then(() => resolve(), reject);
      });
    });
    return this.flush;
  }

  /** Waits for the step in progress, if any. */
  async drain(): Promise<void> {
    await this.flush?.catch(() => undefined);
    await this.running;
  }
}
