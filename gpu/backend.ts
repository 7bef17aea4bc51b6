import type { BackendKind } from './types.js';
import type { WorldStore } from './world-store.js';

/**
 * What the engine needs from a backend: advance the listed worlds of the store
 * by one fixed step, leaving positions, velocities, contacts and interest lists
 * in the store. A backend that rejects leaves the store untouched.
 */
export interface SimBackend {
  readonly kind: BackendKind;
  step(store: WorldStore, due: readonly number[]): Promise<void>;
  /** Number of GPU buffers currently alive (0 for the CPU backend). */
  liveBuffers(): number;
  destroy(): void;
}

/** Thrown by the GPU backend when its device is gone; the engine falls back on it. */
export class DeviceLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeviceLostError';
  }
}
