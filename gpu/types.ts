// Public types of the gpu/ physics library. Nothing here depends on a backend.

export type BackendKind = 'gpu' | 'cpu';
export type BackendChoice = BackendKind | 'auto';

/** Axis-aligned box: [minX, minY, maxX, maxY]. */
export interface Aabb {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface WorldOptions {
  /** World bounds; bodies bounce off them with their restitution. */
  bounds: Aabb;
  /** Fixed step in seconds (default 1/60). */
  dt?: number;
  gravity?: { x: number; y: number };
  /** Largest body radius allowed in this world (default 1); sets the default cell size. */
  maxRadius?: number;
  /** Broadphase cell size (default 2 * maxRadius); must be >= 2 * every radius. */
  cellSize?: number;
  /** Body slots reserved for the world (default 1024). */
  maxBodies?: number;
  /** Contact pairs kept per step; extra pairs are counted as overflow (default 256). */
  maxContacts?: number;
  /** Fraction of penetration removed per step (default 0.8). */
  correction?: number;
  /** Static boxes that every non-sensor dynamic body collides with. */
  boxes?: Aabb[];
}

export interface BodyDef {
  x: number;
  y: number;
  vx?: number;
  vy?: number;
  radius: number;
  /** Mass; 0 or Infinity makes the body kinematic (unaffected by collisions). Default 1. */
  mass?: number;
  /** Linear damping per second: v *= 1 / (1 + dt * damping). Default 0. */
  damping?: number;
  /** Default 0.5; a pair uses the larger of the two. */
  restitution?: number;
  /** Collision layer bits (default 1). */
  layer?: number;
  /** Layers this body collides with (default 0xffffffff). */
  mask?: number;
  /** Sensors report contacts but receive and cause no response. */
  sensor?: boolean;
  /** > 0 makes the body an observer for interest management. */
  interestRadius?: number;
}

export interface BodyState {
  x: number;
  y: number;
  vx: number;
  vy: number;
}

export interface ContactReport {
  /** Body id pairs [a, b] with a < b, sorted. */
  pairs: Array<[number, number]>;
  /** Pairs found this step, including those that did not fit. */
  total: number;
  /** Pairs dropped because the world's contact buffer was full. */
  overflow: number;
}

export interface StepReport {
  worlds: number[];
  backend: BackendKind;
  ms: number;
}

export interface AdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** Dawn backend option actually used, e.g. 'default' or 'opengles'. */
  dawnBackend: string;
  featureLevel: string;
}

export interface EngineInfo {
  backend: BackendKind;
  requestedBackend: BackendChoice;
  adapter: AdapterSummary | null;
  /** Limits requested from the device (only set on the GPU path). */
  limits: Record<string, number>;
  dawnOptions: string[];
  interestK: number;
  /** Why the engine is not (or no longer) on the GPU, if it is not. */
  fallbackReason: string | null;
}

export interface SimStats {
  backend: BackendKind;
  worlds: number;
  bodies: number;
  steps: number;
  worldSteps: number;
  lastStepMs: number;
  avgStepMs: number;
  fallbacks: number;
  gpuBuffers: number;
  /** Bytes uploaded to the GPU by dirty-range writes (0 on the CPU path). */
  uploadedBytes: number;
}

export interface SimEngineOptions {
  backend?: BackendChoice;
  /** Dawn create() options; see gpu/README.md for the default rule. */
  dawnOptions?: string[];
  /** Adapter feature level when dawnOptions are given (default: 'compatibility' for opengl*, else 'core'). */
  featureLevel?: 'core' | 'compatibility';
  /** Interest cap K per observer (default 16, max 64). */
  interestK?: number;
  /** Called once when the engine leaves the GPU (device lost or failed step). */
  onFallback?: (reason: string) => void;
}
