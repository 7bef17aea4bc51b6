import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { ApiError, Errors } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import { AnswerState, SAB_HEADER_BYTES, type WorkerStartData, type WorkerToMain } from './protocol.js';

const WORKER_URL = new URL('./worker/worker-boot.mjs', import.meta.url);
/** Answers up to this size are written into the shared buffer; larger ones go over the port. */
const INLINE_BYTES = 64 * 1024;
/** Loading the worker (and its TypeScript loader) is not module code; it gets this much on top of the call limit. */
const STARTUP_ALLOWANCE_MS = 15_000;
/**
 * Calls posted to a worker ahead of time. The worker still runs them one at a time, in order, but never
 * sits idle waiting for the main thread to send the next one; only the call at the head is running.
 */
const PIPELINE_DEPTH = 8;

export interface SlotSettings {
  index: number;
  source: string;
  filename: string;
  setup: string;
  initCtx: string;
  memoryMb: number;
  callTimeoutMs: number;
  /** Answers a worker's blocking request (nk call, config) with wire JSON of a WireAnswer. */
  host(op: 'nk' | 'config', payload: string, slot: number): Promise<string>;
  onLog(payload: string): void;
  /** Called after a worker died and a fresh one is being started; match state on the old one is gone. */
  onReplaced(index: number, generation: number): void;
  logger: Logger;
}

interface Pending {
  call: string;
  /** Set for calls that need the worker generation that holds their state (match calls). */
  generation?: number;
  resolve(answer: string): void;
  reject(err: Error): void;
}

/** Only loader flags carry over to workers (tsx's --import); others such as --test are refused by Worker. */
function loaderExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--import' || a === '--require' || a === '-r' || a === '--loader' || a === '--experimental-loader') {
      out.push(a, argv[++i]!);
    } else if (/^--(import|require|loader|experimental-loader)=/.test(a)) out.push(a);
  }
  return out;
}

/**
 * One worker thread and the calls queued for it. Calls run one at a time; the watchdog charges each call
 * only the time the worker computes (time waiting on nk calls is paused) and terminates a worker that
 * passes the limit. A worker that dies for any reason (time limit, out of memory, crash) fails its
 * current call and is replaced by a fresh one with the module initialised again.
 */
export class WorkerSlot {
  generation = 0;
  private worker: Worker | undefined;
  private flag!: Int32Array;
  private inline!: Uint8Array;
  private answerPort: MessagePort | undefined;
  /** Posted to the worker, in order; the head is the call running now. */
  private readonly inFlight: Pending[] = [];
  private readonly outbox: string[] = [];
  private waitingOnHost = false;
  private flushQueued = false;
  private readonly queue: Pending[] = [];
  private ready = false;
  private stopping = false;
  private deathReason: ApiError | undefined;
  private budgetMs = 0;
  private sliceStart = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly encoder = new TextEncoder();
  private readyWaiter: { resolve(answer: string): void; reject(err: Error): void } | undefined;

  constructor(private readonly s: SlotSettings) {}

  /** True while the running call waits on the main thread (an nk call); work sent here waits behind it. */
  get blocked(): boolean {
    return this.waitingOnHost;
  }

  /** Calls waiting or running here; the pool sends new work to the least loaded slot. */
  get load(): number {
    return this.queue.length + this.inFlight.length + (this.ready ? 0 : 1);
  }

  /** Starts the worker; resolves with the wire answer of InitModule (registrations or the module's error). */
  start(): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      this.readyWaiter = { resolve, reject };
      this.spawn();
    });
  }

  /** Queues a call (wire JSON); resolves with the wire answer. */
  call(call: string, generation?: number): Promise<string> {
    if (this.stopping) return Promise.reject(Errors.runtimeUnavailable());
    if (generation !== undefined && generation !== this.generation) return Promise.reject(Errors.runtimeMatchLost());
    return new Promise<string>((resolve, reject) => {
      this.queue.push({ call, generation, resolve, reject });
      this.next();
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.disarm();
    for (const p of this.queue.splice(0)) p.reject(Errors.runtimeUnavailable());
    for (const p of this.inFlight.splice(0)) p.reject(Errors.runtimeUnavailable());
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
    this.answerPort?.close();
  }

  private spawn(): void {
    const sab = new SharedArrayBuffer(SAB_HEADER_BYTES + INLINE_BYTES);
    this.flag = new Int32Array(sab, 0, 2);
    this.inline = new Uint8Array(sab, SAB_HEADER_BYTES);
    const { port1, port2 } = new MessageChannel();
    this.answerPort?.close();
    this.answerPort = port2;
    const data: WorkerStartData = { source: this.s.source, filename: this.s.filename, setup: this.s.setup, initCtx: this.s.initCtx, sab, port: port1 };
    const worker = new Worker(WORKER_URL, {
      workerData: data,
      transferList: [port1],
      execArgv: loaderExecArgv(),
      resourceLimits: { maxOldGenerationSizeMb: this.s.memoryMb },
      stdout: false,
      stderr: false,
    });
    this.worker = worker;
    this.budgetMs = this.s.callTimeoutMs + STARTUP_ALLOWANCE_MS;
    this.arm();
    worker.on('message', (msg: WorkerToMain) => this.onMessage(worker, msg));
    worker.on('error', (err) => {
      if (worker !== this.worker) return;
      const oom = (err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.s.logger.error(oom ? 'runtime worker ran out of memory' : 'runtime worker crashed', { slot: this.s.index, err });
      this.deathReason ??= Errors.runtimeWorkerLost();
    });
    worker.on('exit', () => {
      if (worker === this.worker) this.onDeath();
    });
  }

  private onMessage(worker: Worker, msg: WorkerToMain): void {
    if (worker !== this.worker) return;
    switch (msg.type) {
      case 'ready': {
        this.disarm();
        this.ready = true;
        const waiter = this.readyWaiter;
        this.readyWaiter = undefined;
        waiter?.resolve(msg.answer);
        this.next();
        return;
      }
      case 'result': {
        this.disarm();
        this.inFlight.shift()?.resolve(msg.answer);
        // The worker went straight on to the next posted call: its clock starts now.
        if (this.inFlight.length > 0) {
          this.budgetMs = this.s.callTimeoutMs;
          this.arm();
        }
        this.next();
        return;
      }
      case 'log':
        this.s.onLog(msg.payload);
        return;
      case 'host': {
        // The worker is blocked waiting: its clock stops until the answer is written.
        this.pause();
        this.waitingOnHost = true;
        const generation = this.generation;
        this.s
          .host(msg.op, msg.payload, this.s.index)
          .catch((err: unknown) => JSON.stringify({ error: { message: String((err as Error)?.message ?? err) } }))
          .then((answer) => {
            if (generation !== this.generation || worker !== this.worker) return;
            this.waitingOnHost = false;
            this.answer(answer);
            this.arm();
          });
        return;
      }
    }
  }

  private answer(text: string): void {
    const bytes = this.encoder.encode(text);
    if (bytes.length <= INLINE_BYTES) {
      this.inline.set(bytes);
      Atomics.store(this.flag, 1, bytes.length);
      Atomics.store(this.flag, 0, AnswerState.Inline);
    } else {
      this.answerPort!.postMessage(text);
      Atomics.store(this.flag, 0, AnswerState.OnPort);
    }
    Atomics.notify(this.flag, 0);
  }

  private next(): void {
    if (!this.ready || this.stopping) return;
    while (this.queue.length > 0 && this.inFlight.length < PIPELINE_DEPTH) {
      const p = this.queue.shift()!;
      if (p.generation !== undefined && p.generation !== this.generation) {
        p.reject(Errors.runtimeMatchLost());
        continue;
      }
      this.inFlight.push(p);
      if (this.inFlight.length === 1) {
        this.budgetMs = this.s.callTimeoutMs;
        this.arm();
      }
      this.outbox.push(p.call);
    }
    if (this.outbox.length > 0 && !this.flushQueued) {
      this.flushQueued = true;
      setImmediate(() => this.flush());
    }
  }

  /** Calls queued in one turn of the event loop (flushed after its I/O phase) go to the worker in one message: a post wakes a thread and costs more than a call. */
  private flush(): void {
    this.flushQueued = false;
    if (this.outbox.length === 0 || !this.worker) return;
    const calls = this.outbox.splice(0);
    this.worker.postMessage({ type: 'calls', calls });
  }

  private arm(): void {
    this.disarm();
    this.sliceStart = performance.now();
    this.timer = setTimeout(() => this.kill(), Math.max(0, this.budgetMs));
  }

  private pause(): void {
    if (!this.timer) return;
    this.disarm();
    this.budgetMs -= performance.now() - this.sliceStart;
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private kill(): void {
    this.timer = undefined;
    this.s.logger.warn('runtime call passed its time limit; replacing the worker', { slot: this.s.index, limitMs: this.s.callTimeoutMs });
    this.deathReason = Errors.runtimeCallTimeout();
    void this.worker?.terminate();
  }

  private onDeath(): void {
    this.disarm();
    const reason = this.deathReason ?? Errors.runtimeWorkerLost();
    this.deathReason = undefined;
    this.worker = undefined;
    this.ready = false;
    this.waitingOnHost = false;
    this.outbox.length = 0;
    if (this.readyWaiter) {
      // The first start failed outright: the pool reports it as a module error.
      const waiter = this.readyWaiter;
      this.readyWaiter = undefined;
      waiter.reject(reason);
      return;
    }
    // Only the head call ran; the others posted behind it go to the replacement, unless their state died too.
    this.inFlight.shift()?.reject(reason);
    const waiting = this.inFlight.splice(0);
    for (let i = waiting.length - 1; i >= 0; i--) {
      const p = waiting[i]!;
      if (p.generation !== undefined) p.reject(Errors.runtimeMatchLost());
      else this.queue.unshift(p);
    }
    if (this.stopping) return;
    this.generation++;
    this.s.onReplaced(this.s.index, this.generation);
    this.respawn();
  }

  /** A replacement worker; a replacement that cannot initialise is retried after a pause. */
  private respawn(): void {
    this.readyWaiter = {
      resolve: (answer) => {
        if (answer.startsWith('{"error"')) this.s.logger.error('replacement runtime worker failed to initialise', { slot: this.s.index, answer: answer.slice(0, 500) });
      },
      reject: (err) => {
        this.s.logger.error('replacement runtime worker failed to start; retrying', { slot: this.s.index, err });
        if (!this.stopping) setTimeout(() => this.respawn(), 1000).unref();
      },
    };
    this.spawn();
  }
}
