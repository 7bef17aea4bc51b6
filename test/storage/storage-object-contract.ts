/**
 * StorageObjectRepository contract for every dialect: version-checked writes in one transaction with acks in
 * request order, permission-filtered reads, all-or-nothing deletes, ordered listing after a position, the
 * cascade from the user, and one winner among concurrent writers of one version.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { StorageRejectedError, type Storage, type StorageWriteRecord } from '../../server/storage/repositories.js';
import { useMigratedStorage } from '../support/databases.js';

export function storageObjectContract(dialect: 'sqlite' | 'postgres'): void {
  describe('storage objects', () => {
    let storage: Storage;
    useMigratedStorage(dialect, (opened) => (storage = opened));

    async function newUser(): Promise<string> {
      const id = randomUUID();
      await storage.accounts.createUser({ id, username: `u-${id}`, createTime: 1, deviceId: `d-${id}` });
      return id;
    }

    function obj(userId: string, key: string, extra: Partial<StorageWriteRecord> = {}): StorageWriteRecord {
      return { collection: 'c', key, userId, value: `{"k":"${key}"}`, version: `v-${key}`, read: 1, write: 1, expectedVersion: '', ...extra };
    }

    const rejection = (reason: string) => (err: unknown) => err instanceof StorageRejectedError && err.reason === reason;

    it('writes a batch and acks it in request order with the stored times', async () => {
      const user = await newUser();
      const acks = await storage.storageObjects.write([obj(user, 'b'), obj(user, 'a', { read: 2, write: 0 })], false, 1_000);
      assert.deepEqual(acks, [
        { collection: 'c', key: 'b', userId: user, version: 'v-b', createTime: 1_000, updateTime: 1_000 },
        { collection: 'c', key: 'a', userId: user, version: 'v-a', createTime: 1_000, updateTime: 1_000 },
      ]);
      const [updated] = await storage.storageObjects.write([obj(user, 'b', { value: '{"n":2}', version: 'v2' })], false, 2_000);
      assert.deepEqual(updated, { collection: 'c', key: 'b', userId: user, version: 'v2', createTime: 1_000, updateTime: 2_000 });
      const read = await storage.storageObjects.read([{ collection: 'c', key: 'a', userId: user }, { collection: 'c', key: 'b', userId: user }]);
      assert.deepEqual(read, [
        { collection: 'c', key: 'a', userId: user, value: '{"k":"a"}', version: 'v-a', read: 2, write: 0, createTime: 1_000, updateTime: 1_000 },
        { collection: 'c', key: 'b', userId: user, value: '{"n":2}', version: 'v2', read: 1, write: 1, createTime: 1_000, updateTime: 2_000 },
      ]);
    });

    it('checks expected versions: "*" creates only, a hash must match', async () => {
      const user = await newUser();
      await storage.storageObjects.write([obj(user, 'x', { expectedVersion: '*' })], false, 1);
      await assert.rejects(storage.storageObjects.write([obj(user, 'x', { expectedVersion: '*' })], true, 2), rejection('version'));
      await assert.rejects(storage.storageObjects.write([obj(user, 'x', { expectedVersion: 'other' })], false, 2), rejection('version'));
      await assert.rejects(storage.storageObjects.write([obj(user, 'missing', { expectedVersion: 'v-x' })], true, 2), rejection('version'));
      const [ack] = await storage.storageObjects.write([obj(user, 'x', { expectedVersion: 'v-x', version: 'v-x2' })], false, 3);
      assert.equal(ack!.version, 'v-x2');
    });

    it('refuses non-authoritative writes to write-protected objects, permission before version', async () => {
      const user = await newUser();
      await storage.storageObjects.write([obj(user, 'p', { write: 0 })], false, 1);
      await assert.rejects(storage.storageObjects.write([obj(user, 'p')], false, 2), rejection('permission'));
      await assert.rejects(storage.storageObjects.write([obj(user, 'p', { expectedVersion: 'v-p' })], false, 2), rejection('permission'));
      await assert.rejects(storage.storageObjects.write([obj(user, 'p', { expectedVersion: 'wrong' })], false, 2), rejection('permission'));
      await storage.storageObjects.write([obj(user, 'p', { value: '{"z":1}', expectedVersion: 'v-p', version: 'vz' })], true, 3);
      assert.equal((await storage.storageObjects.read([{ collection: 'c', key: 'p', userId: user }]))[0]!.value, '{"z":1}');
    });

    it('keeps nothing of a refused batch', async () => {
      const user = await newUser();
      await storage.storageObjects.write([obj(user, 'exists')], false, 1);
      await assert.rejects(
        storage.storageObjects.write([obj(user, 'n1'), obj(user, 'exists', { expectedVersion: '*' }), obj(user, 'n2')], false, 2),
        rejection('version'),
      );
      const keys = ['n1', 'exists', 'n2'].map((key) => ({ collection: 'c', key, userId: user }));
      assert.deepEqual((await storage.storageObjects.read(keys)).map((o) => o.key), ['exists']);
    });

    it('reads only what a caller may see, in the order asked, without duplicates', async () => {
      const owner = await newUser();
      const other = await newUser();
      await storage.storageObjects.write([obj(owner, 'r0', { read: 0 }), obj(owner, 'r1', { read: 1 }), obj(owner, 'r2', { read: 2 })], true, 1);
      const keys = ['r2', 'r0', 'r1', 'r2', 'nothing'].map((key) => ({ collection: 'c', key, userId: owner }));
      assert.deepEqual((await storage.storageObjects.read(keys)).map((o) => o.key), ['r2', 'r0', 'r1']);
      assert.deepEqual((await storage.storageObjects.read(keys, owner)).map((o) => o.key), ['r2', 'r1']);
      assert.deepEqual((await storage.storageObjects.read(keys, other)).map((o) => o.key), ['r2']);
      assert.deepEqual((await storage.storageObjects.read([keys[1]!], owner)).map((o) => o.key), []);
      // Many keys at once (several chunks).
      const many = Array.from({ length: 300 }, (_, i) => obj(owner, `m${String(i).padStart(3, '0')}`, { collection: 'many' }));
      await storage.storageObjects.write(many, true, 1);
      const found = await storage.storageObjects.read(many.map((m) => ({ collection: 'many', key: m.key, userId: owner })).reverse());
      assert.equal(found.length, 300);
      assert.equal(found[0]!.key, 'm299');
    });

    it('deletes all or nothing, with versions and write permission', async () => {
      const user = await newUser();
      await storage.storageObjects.write([obj(user, 'd1'), obj(user, 'd2'), obj(user, 'locked', { write: 0 })], true, 1);
      const key = (k: string, version = '') => ({ collection: 'c', key: k, userId: user, version });
      await assert.rejects(storage.storageObjects.delete([key('d1'), key('d2', 'wrong')], false), rejection('delete'));
      await assert.rejects(storage.storageObjects.delete([key('d1'), key('gone')], false), rejection('delete'));
      await assert.rejects(storage.storageObjects.delete([key('locked')], false), rejection('delete'));
      assert.equal((await storage.storageObjects.read([key('d1'), key('d2'), key('locked')])).length, 3);
      await storage.storageObjects.delete([key('d1', 'v-d1'), key('d2')], false);
      // Authoritative: permission ignored, a missing object without a version is a no-op.
      await storage.storageObjects.delete([key('locked'), key('gone')], true);
      await assert.rejects(storage.storageObjects.delete([key('gone', 'v')], true), rejection('delete'));
      assert.deepEqual(await storage.storageObjects.read([key('d1'), key('d2'), key('locked')]), []);
    });

    it('lists by (read, key, user_id) across owners and by (read, key) for one owner, after a position', async () => {
      const [u1, u2] = [await newUser(), await newUser()].sort();
      const col = 'listing';
      const w = (userId: string, key: string, read: number) => obj(userId, key, { collection: col, read });
      await storage.storageObjects.write([w(u1!, 'b', 2), w(u2!, 'b', 2), w(u1!, 'a', 2), w(u1!, 'z', 0), w(u2!, 'c', 1), w(u1!, 'B', 1)], true, 1);
      const all = await storage.storageObjects.list({ collection: col, minRead: 0, limit: 10 });
      assert.deepEqual(all.map((o) => [o.read, o.key, o.userId]), [
        [0, 'z', u1], [1, 'B', u1], [1, 'c', u2], [2, 'a', u1], [2, 'b', u1], [2, 'b', u2],
      ]);
      const pub = await storage.storageObjects.list({ collection: col, minRead: 2, limit: 2 });
      assert.deepEqual(pub.map((o) => o.key), ['a', 'b']);
      const after = await storage.storageObjects.list({ collection: col, minRead: 2, limit: 10, after: { read: 2, key: 'b', userId: u1! } });
      assert.deepEqual(after.map((o) => [o.key, o.userId]), [['b', u2]]);
      const own = await storage.storageObjects.list({ collection: col, userId: u1, minRead: 1, limit: 10 });
      assert.deepEqual(own.map((o) => o.key), ['B', 'a', 'b']);
      const ownAfter = await storage.storageObjects.list({ collection: col, userId: u1, minRead: 1, limit: 10, after: { read: 1, key: 'B', userId: u1! } });
      assert.deepEqual(ownAfter.map((o) => o.key), ['a', 'b']);
      assert.deepEqual(await storage.storageObjects.list({ collection: 'nothing-here', minRead: 0, limit: 10 }), []);
    });

    it('lets exactly one of many concurrent version-checked writers win', async () => {
      const user = await newUser();
      await storage.storageObjects.write([obj(user, 'race', { version: 'v0' })], false, 1);
      const attempts = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) => storage.storageObjects.write([obj(user, 'race', { version: `v${i + 1}`, expectedVersion: 'v0' })], false, 2)),
      );
      assert.equal(attempts.filter((a) => a.status === 'fulfilled').length, 1);
      assert.ok(attempts.filter((a) => a.status === 'rejected').every((a) => rejection('version')((a as PromiseRejectedResult).reason)));
      // Batches racing on the same two objects in opposite orders neither deadlock nor both win.
      await storage.storageObjects.write([obj(user, 'p', { version: 'p0' }), obj(user, 'q', { version: 'q0' })], false, 1);
      const batches = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => {
          const ops = [obj(user, 'p', { version: `p${i + 1}`, expectedVersion: 'p0' }), obj(user, 'q', { version: `q${i + 1}`, expectedVersion: 'q0' })];
          return storage.storageObjects.write(i % 2 ? ops : ops.reverse(), false, 2);
        }),
      );
      assert.equal(batches.filter((a) => a.status === 'fulfilled').length, 1);
    });

    it('goes with the user it belongs to', async () => {
      const user = await newUser();
      await storage.storageObjects.write([obj(user, 'gone')], false, 1);
      assert.equal(await storage.accounts.deleteUser(user), true);
      assert.deepEqual(await storage.storageObjects.read([{ collection: 'c', key: 'gone', userId: user }]), []);
    });
  });
}
