import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import vm from 'node:vm';
import { BRIDGE_SOURCE } from './bridge-source.js';
import { AnswerState, SAB_HEADER_BYTES, type MainToWorker, type WorkerStartData, type WorkerToMain } from '../protocol.js';
import { decodeWire, encodeWire } from '../wire-json.js';
import { LOCAL_NK } from '../nk/local.js';

/**
 * A runtime worker: loads the module into a vm context with no Node APIs and runs calls one at a time.
 * An nk call that needs the server blocks this thread (Atomics.wait) until the main thread answers, so
 * nk stays synchronous for module code, as in Nakama.
 */
const data = workerData as WorkerStartData;
const port = parentPort!;
const flag = new Int32Array(data.sab, 0, 2);
const inline = new Uint8Array(data.sab, SAB_HEADER_BYTES);
const decoder = new TextDecoder();

function post(msg: WorkerToMain): void {
  port.postMessage(msg);
}

/** Asks the main thread and waits for its answer (wire JSON of a WireAnswer). */
function askMain(op: 'nk' | 'config', payload: string): string {
  Atomics.store(flag, 0, AnswerState.Waiting);
  post({ type: 'host', op, payload });
  Atomics.wait(flag, 0, AnswerState.Waiting);
  if (Atomics.load(flag, 0) === AnswerState.Inline) return decoder.decode(inline.slice(0, Atomics.load(flag, 1)));
  const received = receiveMessageOnPort(data.port);
  if (!received) return encodeWire({ error: { message: 'runtime answer lost', code: 13 } });
  return received.message as string;
}

/** The one function the vm context can call; it never throws into the context. */
function host(op: string, payload: string): string {
  try {
    if (op === 'log') {
      post({ type: 'log', payload });
      return 'null';
    }
    if (op === 'config') return askMain('config', payload);
    if (op === 'nk') {
      const { name, args } = decodeWire<{ name: string; args: unknown[] }>(payload);
      const local = LOCAL_NK.get(name);
      if (local) return encodeWire({ value: local(...args) });
      return askMain('nk', payload);
    }
    return encodeWire({ error: { message: `unknown host operation ${op}`, code: 13 } });
  } catch (err) {
    const e = err as { message?: unknown; code?: unknown };
    return encodeWire({ error: { message: String(e?.message ?? err), code: typeof e?.code === 'number' ? e.code : 13 } });
  }
}

const context = vm.createContext({}, { name: 'outpost-module', codeGeneration: { strings: true, wasm: false } });
const makeBridge = new vm.Script(BRIDGE_SOURCE, { filename: 'outpost-bridge.js' }).runInContext(context) as (h: typeof host, setup: string) => (call: string) => string;
const dispatch = makeBridge(host, data.setup);

function start(): string {
  try {
    new vm.Script(data.source, { filename: data.filename }).runInContext(context);
  } catch (err) {
    const e = err as Error;
    return encodeWire({ error: { message: `${e.name}: ${e.message}`, code: 13, stack: String(e.stack ?? '') } });
  }
  return dispatch(`{"kind":"init","ctx":${data.initCtx}}`);
}

post({ type: 'ready', answer: start() });
port.on('message', (msg: MainToWorker) => {
  if (msg.type === 'calls') for (const call of msg.calls) post({ type: 'result', answer: dispatch(call) });
});
