// Public surface of the batched 2D physics library. Nothing under server/ is imported here.
export { createSimEngine, SimEngine } from './engine.js';
export { backendAttempts } from './webgpu/device.js';
export { MAX_INTEREST_K } from './world-layout.js';
export type {
  Aabb,
  AdapterSummary,
  BackendChoice,
  BackendKind,
  BodyDef,
  BodyState,
  ContactReport,
  EngineInfo,
  SimEngineOptions,
  SimStats,
  StepReport,
  WorldOptions,
} from './types.js';
