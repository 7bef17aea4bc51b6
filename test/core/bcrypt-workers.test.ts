import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import bcrypt from 'bcryptjs';
import { BcryptWorkers } from '../../server/core/account/bcrypt-workers.js';

describe('bcrypt worker pool', () => {
  it('hashes at Nakama\'s cost and verifies hashes made elsewhere', async () => {
    const pool = new BcryptWorkers({ threads: 2 });
    await pool.start();
    try {
      const hash = await pool.hash('correct horse');
      assert.match(hash, /^\$2[aby]\$10\$/);
      assert.equal(await pool.verify('correct horse', hash), true);
      assert.equal(await pool.verify('wrong horse', hash), false);
      // A hash as Nakama (Go's bcrypt) or any other bcrypt writes it verifies the same way.
      const foreign = bcrypt.hashSync('imported-password', 4).replace(/^\$2a\$/, '$2b$');
      assert.equal(await pool.verify('imported-password', foreign), true);
    } finally {
      await pool.stop();
    }
  });

  it('queues more jobs than threads and answers each one', async () => {
    const pool = new BcryptWorkers({ threads: 1, cost: 4 });
    await pool.start();
    try {
      const passwords = Array.from({ length: 6 }, (_, i) => `password-${i}`);
      const hashes = await Promise.all(passwords.map((p) => pool.hash(p)));
      const checks = await Promise.all(passwords.map((p, i) => pool.verify(p, hashes[(i + 1) % hashes.length]!)));
      assert.deepEqual(checks, passwords.map(() => false));
      assert.deepEqual(await Promise.all(passwords.map((p, i) => pool.verify(p, hashes[i]!))), passwords.map(() => true));
    } finally {
      await pool.stop();
    }
  });

  it('refuses work once stopped, including jobs still queued', async () => {
    const pool = new BcryptWorkers({ threads: 1 });
    await pool.start();
    const outcomes = [pool.hash('a'), pool.hash('b'), pool.hash('c')].map((job) => job.then(() => 'hashed', (err: Error) => err.message));
    await pool.stop();
    for (const outcome of await Promise.all(outcomes)) assert.match(outcome, /shutting down/);
    await assert.rejects(pool.hash('d'), /not running/);
  });
});
