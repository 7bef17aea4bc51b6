/** SessionRepository contract for every dialect: token revocations upsert, load, prune; revoke-all moves forward. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Storage } from '../../server/storage/repositories.js';
import { useMigratedStorage } from '../support/databases.js';

export function sessionContract(dialect: 'sqlite' | 'postgres'): void {
  describe('sessions', () => {
    let storage: Storage;
    useMigratedStorage(dialect, (opened) => (storage = opened));

    it('starts with nothing revoked', async () => {
      assert.deepEqual(await storage.sessions.loadRevocations(0), { tokens: [], users: [] });
    });

    it('revokes tokens, loads the unexpired ones and prunes the rest', async () => {
      const user = randomUUID();
      await storage.sessions.revokeToken('tid-a', user, 1_000);
      await storage.sessions.revokeToken('tid-b', user, 5_000);
      await storage.sessions.revokeToken('tid-c', user, 9_000);
      await storage.sessions.revokeToken('tid-a', user, 2_000_000_000_000);
      let snapshot = await storage.sessions.loadRevocations(5_000);
      assert.deepEqual(snapshot.tokens, [
        { tid: 'tid-a', expiresAt: 2_000_000_000_000 },
        { tid: 'tid-c', expiresAt: 9_000 },
      ]);
      assert.equal(await storage.sessions.pruneRevocations(5_000), 1);
      assert.equal(await storage.sessions.pruneRevocations(5_000), 0);
      assert.equal(await storage.sessions.pruneRevocations(10_000), 1);
      snapshot = await storage.sessions.loadRevocations(0);
      assert.deepEqual(snapshot.tokens, [{ tid: 'tid-a', expiresAt: 2_000_000_000_000 }]);
    });

    it('revokes all sessions of a user, only ever moving the watermark forward', async () => {
      const id = randomUUID();
      await storage.accounts.createUser({ id, username: `u-${id}`, createTime: 1, deviceId: `d-${id}` });
      await storage.sessions.revokeAllForUser(id, 1_700_000_000_500);
      await storage.sessions.revokeAllForUser(id, 1_700_000_000_100);
      let users = (await storage.sessions.loadRevocations(0)).users;
      assert.deepEqual(users.filter((u) => u.userId === id), [{ userId: id, revokedAt: 1_700_000_000_500 }]);
      await storage.sessions.revokeAllForUser(id, 1_700_000_000_900);
      users = (await storage.sessions.loadRevocations(0)).users;
      assert.deepEqual(users.filter((u) => u.userId === id), [{ userId: id, revokedAt: 1_700_000_000_900 }]);
      assert.equal(typeof users[0]!.revokedAt, 'number');
    });
  });
}
