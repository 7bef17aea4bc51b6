import type { MessagePort } from 'node:worker_threads';

/**
 * Messages between the main thread and a runtime worker. Payloads are wire JSON text (wire-json.ts), so
 * a worker forwards them to and from the module's vm context without parsing them.
 */

/** What a worker needs to start: the module source and the names its `nk` and `initializer` expose. */
export interface WorkerStartData {
  source: string;
  filename: string;
  /** Wire JSON of BridgeSetup. */
  setup: string;
  /** Wire JSON of the context given to InitModule. */
  initCtx: string;
  /** Int32 [0] = answer state, [1] = inline answer length; bytes from offset 8 hold an inline answer. */
  sab: SharedArrayBuffer;
  /** Answers too large for the shared buffer come on this port (read with receiveMessageOnPort). */
  port: MessagePort;
}

export interface BridgeSetup {
  nkNames: string[];
  apiNames: string[];
  rtNames: string[];
  callbackNames: string[];
  otherNames: string[];
}

/** Answer states in the shared buffer's first slot. */
export const AnswerState = { Waiting: 0, Inline: 1, OnPort: 2 } as const;
export const SAB_HEADER_BYTES = 8;

/** Calls, run in order; each answers with its own `result` message. */
export type MainToWorker = { type: 'calls'; calls: string[] };

export type WorkerToMain =
  | { type: 'ready'; answer: string }
  | { type: 'host'; op: 'nk' | 'config'; payload: string }
  | { type: 'log'; payload: string }
  | { type: 'result'; answer: string };

/** What InitModule registered, by name (the functions stay inside each worker). */
export interface RegistrationNames {
  rpcs: string[];
  before: string[];
  after: string[];
  rtBefore: string[];
  rtAfter: string[];
  matches: string[];
  callbacks: string[];
  /** Registrations accepted but not served yet (purchase notifications, storage indexes). */
  other: string[];
}

export const EMPTY_REGISTRATIONS: RegistrationNames = { rpcs: [], before: [], after: [], rtBefore: [], rtAfter: [], matches: [], callbacks: [], other: [] };
