import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatTimestamp } from '../../server/protocol/json-codec.js';

/** What protojson prints: toISOString, with the fraction dropped on whole seconds. */
const reference = (ms: number) => {
  const iso = new Date(ms).toISOString();
  return ms % 1000 === 0 ? iso.slice(0, 19) + 'Z' : iso;
};

describe('formatTimestamp', () => {
  it('prints exactly what toISOString-based protojson prints', () => {
    const fixed = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 59_999, 86_399_999, 951_782_400_000, 1_764_460_800_123, 253_402_300_799_999, -1, -1000, -62_135_596_800_000];
    // A deterministic spread of times over 1970..2100, with every kind of millisecond remainder.
    let x = 12345;
    const spread = Array.from({ length: 5000 }, () => {
      x = (x * 1_103_515_245 + 12345) % 2 ** 31;
      return Math.floor((x / 2 ** 31) * 4_102_444_800_000);
    });
    for (const ms of [...fixed, ...spread]) assert.equal(formatTimestamp(ms), reference(ms), String(ms));
  });
});
