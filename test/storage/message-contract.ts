/**
 * MessageRepository contract for every dialect: insert and read back intact, history in both directions
 * after a (create_time, id) position and only within one channel, update/remove only by the sender, and the
 * cascade from the sender's account.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { MessageRecord, MessageStream, Storage } from '../../server/storage/repositories.js';
import { useMigratedStorage } from '../support/databases.js';

export function messageContract(dialect: 'sqlite' | 'postgres'): void {
  describe('messages', () => {
    let storage: Storage;
    useMigratedStorage(dialect, (opened) => (storage = opened));

    async function newUser(): Promise<string> {
      const id = randomUUID();
      await storage.accounts.createUser({ id, username: `u-${id}`, createTime: 1, deviceId: `d-${id}` });
      return id;
    }

    const room = (): MessageStream => ({ mode: 2, subject: '', subcontext: '', label: `room-${randomUUID()}` });
    function message(senderId: string, stream: MessageStream, createTime: number, extra: Partial<MessageRecord> = {}): MessageRecord {
      return { id: randomUUID(), code: 0, senderId, username: 'alice', stream, content: '{"text":"hi"}', createTime, updateTime: createTime, ...extra };
    }
    const byTimeThenId = (a: MessageRecord, b: MessageRecord) => a.createTime - b.createTime || (a.id < b.id ? -1 : 1);

    it('stores a message and lists it back with every field intact, per channel', async () => {
      const sender = await newUser();
      const other = await newUser();
      const [low, high] = [sender, other].sort();
      const dm: MessageStream = { mode: 4, subject: low!, subcontext: high!, label: '' };
      const inDm = message(sender, dm, 1_700_000_000_123, { code: 2_147_483_647, username: 'ünï', content: '{"nested":{"x":[1,2]}}', updateTime: 1_700_000_000_999 });
      const inRoom = message(sender, room(), 5);
      await storage.messages.insert(inDm);
      await storage.messages.insert(inRoom);
      assert.deepEqual(await storage.messages.list(dm, 10, true), [inDm]);
      assert.deepEqual(await storage.messages.list(inRoom.stream, 10, false), [inRoom]);
      assert.deepEqual(await storage.messages.list(room(), 10, true), []);
      await assert.rejects(storage.messages.insert({ ...inRoom }), 'the id is unique');
      await assert.rejects(storage.messages.insert(message(randomUUID(), room(), 1)), 'the sender must exist');
    });

    it('pages both ways after a position, ties broken by id', async () => {
      const sender = await newUser();
      const stream = room();
      const all = [message(sender, stream, 10), message(sender, stream, 20), message(sender, stream, 20), message(sender, stream, 30)].sort(byTimeThenId);
      for (const m of [all[2]!, all[0]!, all[3]!, all[1]!]) await storage.messages.insert(m);
      assert.deepEqual(await storage.messages.list(stream, 10, true), all);
      assert.deepEqual(await storage.messages.list(stream, 10, false), [...all].reverse());
      assert.deepEqual(await storage.messages.list(stream, 2, true), all.slice(0, 2));
      assert.deepEqual(await storage.messages.list(stream, 2, true, all[1]), all.slice(2, 4));
      assert.deepEqual(await storage.messages.list(stream, 10, true, all[3]), []);
      assert.deepEqual(await storage.messages.list(stream, 10, false, all[2]), [all[1], all[0]]);
      assert.deepEqual(await storage.messages.list(stream, 1, false, all[1]), [all[0]]);
    });

    it('updates and removes only the sender’s message, returning its times', async () => {
      const sender = await newUser();
      const stranger = await newUser();
      const stream = room();
      const m = message(sender, stream, 100);
      await storage.messages.insert(m);
      assert.equal(await storage.messages.update(m.id, stranger, { content: '{"x":1}', username: 'bob', updateTime: 200 }), null);
      assert.equal(await storage.messages.update(randomUUID(), sender, { content: '{"x":1}', username: 'bob', updateTime: 200 }), null);
      assert.equal(await storage.messages.update(m.id, sender, { content: '{"x":2}', username: 'alice2', updateTime: 300 }), 100);
      const updated = { ...m, content: '{"x":2}', username: 'alice2', updateTime: 300 };
      assert.deepEqual(await storage.messages.list(stream, 10, true), [updated]);
      assert.equal(await storage.messages.remove(m.id, stranger), null);
      assert.deepEqual(await storage.messages.remove(m.id, sender), { createTime: 100, updateTime: 300 });
      assert.equal(await storage.messages.remove(m.id, sender), null);
      assert.deepEqual(await storage.messages.list(stream, 10, true), []);
    });

    it('goes with the account that sent it', async () => {
      const sender = await newUser();
      const stream = room();
      await storage.messages.insert(message(sender, stream, 1));
      assert.equal(await storage.accounts.deleteUser(sender), true);
      assert.deepEqual(await storage.messages.list(stream, 10, true), []);
    });
  });
}
