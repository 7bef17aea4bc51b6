import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RankTree, rankComparator, type RankEntry } from '../../server/core/leaderboard/rank-tree.js';
import { RankCache } from '../../server/core/leaderboard/rank-cache.js';

/** A tiny deterministic PRNG so failures reproduce. */
function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

describe('rank tree', () => {
  for (const order of ['asc', 'desc'] as const) {
    it(`keeps exact ranks through random inserts and deletes (${order})`, () => {
      const compare = rankComparator(order);
      const tree = new RankTree(compare);
      const live = new Map<string, RankEntry>();
      const rand = rng(order === 'asc' ? 1 : 2);
      for (let step = 0; step < 20_000; step++) {
        const owner = `o${Math.floor(rand() * 3000).toString().padStart(5, '0')}`;
        const current = live.get(owner);
        if (current) {
          assert.equal(tree.delete(current), true);
          live.delete(owner);
        }
        if (rand() < 0.8) {
          const entry = { score: Math.floor(rand() * 50) - 10, subscore: Math.floor(rand() * 3), ownerId: owner };
          tree.insert(entry);
          live.set(owner, entry);
        }
        if (step % 2000 === 0 || step === 19_999) {
          const sorted = [...live.values()].sort(compare);
          assert.deepEqual([...tree.entries()], sorted);
          assert.equal(tree.size, sorted.length);
          for (let i = 0; i < sorted.length; i += 37) {
            assert.equal(tree.rankOf(sorted[i]!), i + 1);
            assert.equal(tree.at(i + 1), sorted[i]);
          }
        }
      }
      assert.equal(tree.delete({ score: 999, subscore: 0, ownerId: 'nobody' }), false);
      assert.equal(tree.rankOf({ score: 999, subscore: 0, ownerId: 'nobody' }), 0);
      assert.equal(tree.at(0), undefined);
      assert.equal(tree.at(tree.size + 1), undefined);
    });
  }

  it('orders ties by owner id: descending boards high ids first, ascending low first', () => {
    const desc = rankComparator('desc');
    const asc = rankComparator('asc');
    const a = { score: 5, subscore: 1, ownerId: 'a' };
    const b = { score: 5, subscore: 1, ownerId: 'b' };
    assert.ok(desc(b, a) < 0);
    assert.ok(asc(a, b) < 0);
    assert.ok(desc({ ...a, subscore: 2 }, b) < 0);
    assert.ok(asc({ ...b, score: 4 }, a) < 0);
  });

  it('loads sorted entries in bulk and keeps working after', () => {
    const compare = rankComparator('desc');
    const entries = Array.from({ length: 5000 }, (_, i) => ({ score: 10_000 - i, subscore: 0, ownerId: `o${i}` }));
    const tree = new RankTree(compare);
    tree.loadSorted(entries);
    assert.equal(tree.rankOf(entries[4321]!), 4322);
    tree.insert({ score: 20_000, subscore: 0, ownerId: 'top' });
    assert.equal(tree.rankOf(entries[4321]!), 4323);
    assert.equal(tree.at(1)!.ownerId, 'top');
  });
});

describe('rank cache', () => {
  it('ignores stale writes by generation and separates periods', () => {
    const cache = new RankCache();
    assert.equal(cache.insert('b', 0, 'desc', { ownerId: 'x', score: 10, subscore: 0, generation: 2 }), 1);
    assert.equal(cache.insert('b', 0, 'desc', { ownerId: 'y', score: 20, subscore: 0, generation: 1 }), 1);
    assert.equal(cache.insert('b', 0, 'desc', { ownerId: 'x', score: 99, subscore: 0, generation: 1 }), 2, 'an older generation does not overwrite');
    assert.equal(cache.insert('b', 0, 'desc', { ownerId: 'x', score: 30, subscore: 0, generation: 3 }), 1);
    assert.equal(cache.rank('b', 0, 'y'), 2);
    assert.equal(cache.count('b', 0), 2);
    cache.insert('b', 1000, 'desc', { ownerId: 'z', score: 1, subscore: 0, generation: 1 });
    assert.equal(cache.count('b', 1000), 1);
    assert.equal(cache.rank('b', 1000, 'x'), 0);
    cache.trimExpired(1000);
    assert.equal(cache.count('b', 1000), 0);
    assert.equal(cache.count('b', 0), 2, 'periods that never expire stay');
    assert.equal(cache.delete('b', 0, 'x'), true);
    assert.equal(cache.rank('b', 0, 'y'), 1);
    cache.deleteBoard('b');
    assert.equal(cache.count('b', 0), 0);
  });
});
