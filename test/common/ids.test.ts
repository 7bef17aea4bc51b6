import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isUuid, uuidv7, uuidv7Time } from '../../server/common/ids.js';

describe('uuidv7', () => {
  it('is an RFC 9562 version 7 id carrying its millisecond time', () => {
    for (const ms of [0, 1, 1_764_460_800_123, 2 ** 48 - 1]) {
      const id = uuidv7(ms);
      assert.ok(isUuid(id), id);
      assert.equal(id[14], '7', 'version digit');
      assert.match(id[19]!, /[89ab]/, 'RFC 4122 variant');
      assert.equal(uuidv7Time(id), ms);
    }
  });

  it('sorts by time and never repeats within one millisecond', () => {
    const ids = new Set(Array.from({ length: 2000 }, () => uuidv7(1_764_460_800_000)));
    assert.equal(ids.size, 2000);
    const times = [1_700_000_000_000, 1_700_000_000_001, 1_764_460_800_000, 1_800_000_000_000];
    const minted = times.map((t) => uuidv7(t));
    assert.deepEqual([...minted].sort(), minted);
  });
});
