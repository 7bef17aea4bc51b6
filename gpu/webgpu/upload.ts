import * as L from '../world-layout.js';
import type { WorldStore } from '../world-store.js';
import type { SimBuffers } from './buffers.js';

/**
 * Writes only the dirty spans of the store into the GPU buffers. Body state
 * goes into the buffer that is the next step's input (`parity`).
 */
export function uploadDirty(queue: GPUQueue, store: WorldStore, buf: SimBuffers, parity: 0 | 1): number {
  let bytes = 0;
  const put = (target: GPUBuffer, data: Float32Array | Uint32Array, words: number, spans: Array<[number, number]>) => {
    for (const [a, b] of spans) {
      if (b <= a) continue;
      queue.writeBuffer(target, a * words * 4, data, a * words, (b - a) * words);
      bytes += (b - a) * words * 4;
    }
  };
  put(buf.props, store.propsU, L.PROPS_WORDS, store.dirtyProps.take());
  put(buf.worlds, store.worldU, L.WORLD_WORDS, store.dirtyWorlds.take());
  put(buf.boxes, store.boxes, L.BOX_WORDS, store.dirtyBoxes.take());
  put(buf.state[parity], store.state, L.STATE_WORDS, store.dirtyState.take());
  store.stateTouched.fill(0);
  return bytes;
}
