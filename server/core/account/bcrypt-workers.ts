import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Service } from '../../common/lifecycle.js';
import { BCRYPT_COST, type PasswordHasher } from './passwords.js';

/**
 * bcrypt on worker threads. bcryptjs's async form only slices its ~150 ms of work into event-loop turns:
 * the CPU still comes off the one thread that serves every request, so a burst of email logins (say,
 * after a restart) would slow every player. Here each hash runs on a worker, one job per worker at a
 * time, and logins use the cores the event loop does not.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const bcrypt = require(workerData.modulePath);
parentPort.on('message', ({ id, op, password, hash }) => {
  try {
    const value = op === 'hash' ? bcrypt.hashSync(password, workerData.cost) : bcrypt.compareSync(password, hash);
    parentPort.postMessage({ id, value });
  } catch (err) {
    parentPort.postMessage({ id, error: String((err && err.message) || err) });
  }
});
`;

interface Job {
  id: number;
  op: 'hash' | 'verify';
  password: string;
  hash?: string;
  resolve: (value: string | boolean) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | undefined;
}

export interface BcryptWorkersOptions {
  /** Worker threads; default: one fewer than the machine's cores, at least 1 and at most 8. */
  threads?: number;
  cost?: number;
}

export class BcryptWorkers implements PasswordHasher, Service {
  readonly name = 'bcrypt-workers';
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private stopped = false;
  private readonly modulePath = createRequire(import.meta.url).resolve('bcryptjs');
  private readonly threads: number;
  private readonly cost: number;

  constructor(options: BcryptWorkersOptions = {}) {
    this.threads = Math.max(1, options.threads ?? Math.min(8, availableParallelism() - 1));
    this.cost = options.cost ?? BCRYPT_COST;
  }

  async start(): Promise<void> {
    this.stopped = false;
    for (let i = 0; i < this.threads; i++) this.slots.push(this.spawn());
  }

  /** Refuses queued work and ends the workers; a job already running is refused too. */
  async stop(): Promise<void> {
    this.stopped = true;
    const refused = new Error('password hashing stopped: the server is shutting down');
    for (const job of this.queue.splice(0)) job.reject(refused);
    await Promise.all(
      this.slots.splice(0).map((slot) => {
        slot.job?.reject(refused);
        return slot.worker.terminate();
      }),
    );
  }

  hash(password: string): Promise<string> {
    return this.submit('hash', password) as Promise<string>;
  }

  verify(password: string, hash: string): Promise<boolean> {
    return this.submit('verify', password, hash) as Promise<boolean>;
  }

  private submit(op: Job['op'], password: string, hash?: string): Promise<string | boolean> {
    if (this.stopped || this.slots.length === 0) return Promise.reject(new Error('password hashing is not running'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, op, password, hash, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.job) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      // Only a busy worker keeps the process alive: an idle pool must not hold up exit.
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, op: job.op, password: job.password, hash: job.hash });
    }
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { modulePath: this.modulePath, cost: this.cost } });
    const slot: Slot = { worker, job: undefined };
    worker.on('message', (msg: { id: number; value?: string | boolean; error?: string }) => {
      const job = slot.job;
      if (!job || job.id !== msg.id) return;
      slot.job = undefined;
      slot.worker.unref();
      if (msg.error !== undefined) job.reject(new Error(msg.error));
      else job.resolve(msg.value!);
      this.dispatch();
    });
    // A worker that dies fails its one job and is replaced, so the pool never shrinks.
    worker.on('error', (err) => {
      slot.job?.reject(err);
      slot.job = undefined;
    });
    worker.on('exit', () => {
      if (this.stopped) return;
      slot.job?.reject(new Error('password worker exited'));
      const index = this.slots.indexOf(slot);
      if (index !== -1) this.slots[index] = this.spawn();
      this.dispatch();
    });
    worker.unref();
    return slot;
  }
}
