import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Copies the WAL back into the database file from a worker thread with its own connection, so the
 * fsyncs a checkpoint needs never block the event loop that serves requests. The serving connection
 * turns its own automatic checkpoints off. Durability does not depend on it: in WAL mode a commit is
 * safe against a process crash once it is in the WAL.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs });
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { parentPort.postMessage({ error: String(err && err.message || err) }); }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (msg) => {
  if (msg !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.postMessage({ stopped: true });
});
`;

export interface WalCheckpointerOptions {
  file: string;
  intervalMs?: number;
  busyTimeoutMs?: number;
  onError?: (message: string) => void;
}

export class WalCheckpointer {
  private readonly worker: Worker;
  private stopped: Promise<void> | undefined;

  constructor(options: WalCheckpointerOptions) {
    const modulePath = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file: options.file, modulePath, intervalMs: options.intervalMs ?? 200, busyTimeoutMs: options.busyTimeoutMs ?? 5000 },
    });
    this.worker.on('message', (msg: { error?: string }) => {
      if (msg.error) options.onError?.(msg.error);
    });
    this.worker.on('error', (err) => options.onError?.(err.message));
    this.worker.unref();
  }

  /** Runs a last checkpoint and ends the worker. */
  stop(): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => {
      // Hold the event loop open until the last checkpoint is done (the worker is unref'd while idle).
      this.worker.ref();
      this.worker.once('exit', () => resolve());
      this.worker.once('message', () => void this.worker.terminate());
      this.worker.postMessage('stop');
    });
    return this.stopped;
  }
}
