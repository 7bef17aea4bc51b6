/**
 * NotificationRepository contract for every dialect: batch insert in one transaction, oldest-first listing
 * after a (create_time, id) position, deletes limited to the owner, and the cascade from the user.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { NotificationRecord, Storage } from '../../server/storage/repositories.js';
import { useMigratedStorage } from '../support/databases.js';

export function notificationContract(dialect: 'sqlite' | 'postgres'): void {
  describe('notifications', () => {
    let storage: Storage;
    useMigratedStorage(dialect, (opened) => (storage = opened));

    async function newUser(): Promise<string> {
      const id = randomUUID();
      await storage.accounts.createUser({ id, username: `u-${id}`, createTime: 1, deviceId: `d-${id}` });
      return id;
    }

    function note(userId: string, createTime: number, extra: Partial<NotificationRecord> = {}): NotificationRecord {
      return { id: randomUUID(), userId, subject: 'hello', content: '{"a":1}', code: 101, senderId: '', createTime, ...extra };
    }

    it('stores a batch and lists it oldest first, ties broken by id, with every field intact', async () => {
      const user = await newUser();
      const sender = await newUser();
      const tie = [note(user, 2_000), note(user, 2_000), note(user, 2_000)];
      const first = note(user, 1_000, { subject: 'first', content: '{"nested":{"x":[1,2]}}', code: -3, senderId: sender });
      const last = note(user, 1_700_000_000_123, { code: 2_147_483_647 });
      await storage.notifications.insert([last, ...tie, first]);
      const expected = [first, ...[...tie].sort((a, b) => (a.id < b.id ? -1 : 1)), last];
      assert.deepEqual(await storage.notifications.list(user, 100), expected);
      assert.deepEqual(await storage.notifications.list(sender, 100), []);
    });

    it('pages after a position and returns only newer ones', async () => {
      const user = await newUser();
      const all = [note(user, 10), note(user, 20), note(user, 20), note(user, 30)].sort((a, b) =>
        a.createTime - b.createTime || (a.id < b.id ? -1 : 1),
      );
      await storage.notifications.insert(all);
      const page1 = await storage.notifications.list(user, 2);
      assert.deepEqual(page1, all.slice(0, 2));
      const page2 = await storage.notifications.list(user, 2, page1[1]);
      assert.deepEqual(page2, all.slice(2, 4));
      assert.deepEqual(await storage.notifications.list(user, 2, page2[1]), []);
      assert.deepEqual(await storage.notifications.list(user, 10, { createTime: 0, id: '' }), all);
      const newer = note(user, 40);
      await storage.notifications.insert([newer]);
      assert.deepEqual(await storage.notifications.list(user, 10, page2[1]), [newer]);
    });

    it('stores all of a batch or none of it', async () => {
      const user = await newUser();
      await assert.rejects(storage.notifications.insert([note(user, 5), note(randomUUID(), 5)]));
      assert.deepEqual(await storage.notifications.list(user, 10), []);
      const kept = note(user, 6);
      await assert.rejects(storage.notifications.insert([note(user, 7), { ...kept }, kept]));
      assert.deepEqual(await storage.notifications.list(user, 10), []);
    });

    it("deletes only the owner's notifications and ignores unknown ids", async () => {
      const alice = await newUser();
      const bob = await newUser();
      const [a1, a2, a3] = [note(alice, 1), note(alice, 2), note(alice, 3)];
      const b1 = note(bob, 1);
      await storage.notifications.insert([a1, a2, a3, b1]);
      assert.equal(await storage.notifications.delete(alice, [a1.id, b1.id, randomUUID(), a1.id, a3.id]), 2);
      assert.deepEqual(await storage.notifications.list(alice, 10), [a2]);
      assert.deepEqual(await storage.notifications.list(bob, 10), [b1]);
      assert.equal(await storage.notifications.delete(alice, []), 0);
      const many = Array.from({ length: 300 }, () => randomUUID());
      assert.equal(await storage.notifications.delete(alice, [...many, a2.id]), 1);
      assert.deepEqual(await storage.notifications.list(alice, 10), []);
    });

    it('goes with the user it belongs to', async () => {
      const user = await newUser();
      await storage.notifications.insert([note(user, 1), note(user, 2)]);
      assert.equal(await storage.accounts.deleteUser(user), true);
      assert.deepEqual(await storage.notifications.list(user, 10), []);
    });
  });
}
