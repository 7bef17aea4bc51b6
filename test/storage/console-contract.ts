/**
 * ConsoleRepository contract for every dialect: account search by each kind of key with paging, bans,
 * channel summaries and deleting anyone's message; plus the storage backup (a working copy on SQLite, a
 * clear refusal on PostgreSQL).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { MessageRecord, MessageStream, Storage } from '../../server/storage/repositories.js';
import { openSqliteStorage } from '../../server/storage/sqlite/open-sqlite-storage.js';
import { useMigratedStorage, type TestDatabase } from '../support/databases.js';

export function consoleContract(dialect: 'sqlite' | 'postgres'): void {
  describe('console', () => {
    let storage: Storage;
    let database: TestDatabase;
    useMigratedStorage(dialect, (opened, db) => ((storage = opened), (database = db)));

    async function newUser(username: string, extra: { customId?: string; email?: string } = {}): Promise<{ id: string; device: string }> {
      const id = randomUUID();
      const device = `dev-${randomUUID()}`;
      await storage.accounts.createUser({ id, username, createTime: 1, deviceId: device, ...extra });
      return { id, device };
    }

    it('finds accounts by id, device, custom id, email and username prefix, and pages by username', async () => {
      const tag = randomUUID().slice(0, 8);
      const a = await newUser(`${tag}_Alpha`, { customId: `custom-${tag}`, email: `${tag}@example.com` });
      const b = await newUser(`${tag}_beta`);
      const c = await newUser(`${tag}_gamma`);
      await newUser(`other${tag}`);
      const names = (rows: { username: string }[]) => rows.map((r) => r.username);

      assert.deepEqual(names(await storage.console.searchAccounts(a.id, 10)), [`${tag}_Alpha`]);
      assert.deepEqual(names(await storage.console.searchAccounts(b.device, 10)), [`${tag}_beta`]);
      assert.deepEqual(names(await storage.console.searchAccounts(`custom-${tag}`, 10)), [`${tag}_Alpha`]);
      assert.deepEqual(names(await storage.console.searchAccounts(`${tag}@example.com`, 10)), [`${tag}_Alpha`]);
      // Prefix and case-insensitive; "other<tag>" does not start with the tag.
      assert.deepEqual(names(await storage.console.searchAccounts(`${tag}_`.toUpperCase(), 10)), [`${tag}_Alpha`, `${tag}_beta`, `${tag}_gamma`]);
      const page1 = await storage.console.searchAccounts(tag, 2);
      assert.deepEqual(names(page1), [`${tag}_Alpha`, `${tag}_beta`]);
      assert.deepEqual(names(await storage.console.searchAccounts(tag, 2, page1.at(-1)!.username)), [`${tag}_gamma`]);
      // LIKE wildcards in the query are literal.
      assert.deepEqual(await storage.console.searchAccounts(`${tag}%`, 10), []);
      assert.deepEqual(await storage.console.searchAccounts('_', 10), []);
      assert.equal(c.id.length, 36);

      const all = await storage.console.searchAccounts('', 1000);
      assert.ok(all.every((u) => u.id !== '00000000-0000-0000-0000-000000000000'), 'the system user is never listed');
      assert.equal(await storage.console.countAccounts(), all.length);
    });

    it('bans and unbans by setting the disable time', async () => {
      const u = await newUser(`ban-${randomUUID()}`);
      assert.equal(await storage.console.setDisableTime(u.id, 1_700_000_000_000), true);
      assert.equal((await storage.accounts.findLoginById(u.id))?.disableTime, 1_700_000_000_000);
      assert.equal(await storage.console.setDisableTime(u.id, 0), true);
      assert.equal((await storage.accounts.findLoginById(u.id))?.disableTime, 0);
      assert.equal(await storage.console.setDisableTime(randomUUID(), 5), false);
      assert.equal(await storage.console.setDisableTime('00000000-0000-0000-0000-000000000000', 5), false);
    });

    it('summarises channels by their latest message and deletes anyone\'s message', async () => {
      const u = await newUser(`chat-${randomUUID()}`);
      const room = (label: string): MessageStream => ({ mode: 2, subject: '', subcontext: '', label });
      const [r1, r2] = [room(`r1-${randomUUID()}`), room(`r2-${randomUUID()}`)];
      const msg = (stream: MessageStream, t: number): MessageRecord => ({ id: randomUUID(), code: 0, senderId: u.id, username: 'x', stream, content: '{"t":1}', createTime: t, updateTime: t });
      const m1 = msg(r1, 9_000_000_000_001);
      const m2 = msg(r1, 9_000_000_000_002);
      const m3 = msg(r2, 9_000_000_000_005);
      for (const m of [m1, m2, m3]) await storage.messages.insert(m);
      const top = (await storage.console.listChannels(2)).map((c) => [c.stream.label, c.messageCount, c.lastMessageTime]);
      assert.deepEqual(top, [[r2.label, 1, m3.createTime], [r1.label, 2, m2.createTime]]);
      assert.deepEqual(await storage.console.deleteMessage(m2.id), m2);
      assert.equal(await storage.console.deleteMessage(m2.id), null);
      assert.deepEqual(await storage.messages.list(r1, 10, true), [m1]);
    });

    it(dialect === 'sqlite' ? 'backs up to a file that opens with the same data' : 'refuses a backup with a clear error', async () => {
      const u = await newUser(`backup-${randomUUID()}`);
      const file = join(database.dataDir, 'backups', 'copy.db');
      if (dialect === 'postgres') {
        await assert.rejects(storage.backup(file), /pg_dump/);
        return;
      }
      const { bytes } = await storage.backup(file);
      assert.ok(bytes > 0);
      const copy = await openSqliteStorage({ file });
      try {
        assert.equal((await copy.accounts.getUser(u.id))?.username, (await storage.accounts.getUser(u.id))?.username);
        assert.equal(await copy.console.countAccounts(), await storage.console.countAccounts());
      } finally {
        await copy.close();
      }
    });
  });
}
