/**
 * WalletRepository contract for every dialect: wallets read and written under a lock in one transaction with
 * their ledger entries, nothing kept when the computation throws, serialized concurrent updates, newest-first
 * ledger paging, metadata merges, owner-only deletes, and the cascade from the user.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Storage, WalletLedgerRecord } from '../../server/storage/repositories.js';
import { useMigratedStorage } from '../support/databases.js';

export function walletContract(dialect: 'sqlite' | 'postgres'): void {
  describe('wallets', () => {
    let storage: Storage;
    useMigratedStorage(dialect, (opened) => (storage = opened));

    async function newUser(): Promise<string> {
      const id = randomUUID();
      await storage.accounts.createUser({ id, username: `u-${id}`, createTime: 1, deviceId: `d-${id}` });
      return id;
    }

    function entry(userId: string, createTime: number, extra: Partial<WalletLedgerRecord> = {}): WalletLedgerRecord {
      return { id: randomUUID(), userId, changeset: '{"gold":1}', metadata: '{}', createTime, updateTime: createTime, ...extra };
    }

    /** Sets wallets to the given texts and adds the ledger entries, returning what was read. */
    function set(wallets: Record<string, string>, ledger: WalletLedgerRecord[] = []) {
      return storage.wallets.updateWallets(Object.keys(wallets), (current) => ({ wallets: new Map(Object.entries(wallets)), ledger, result: current }), 5);
    }

    it('reads existing wallets, writes new ones with ledger entries, and leaves unknown users out', async () => {
      const a = await newUser();
      const b = await newUser();
      const ghost = randomUUID();
      const read = await storage.wallets.updateWallets([b, a, ghost], (current) => ({ wallets: new Map(), ledger: [], result: current }), 1);
      assert.deepEqual([...read.entries()].sort(), [[a, '{}'], [b, '{}']].sort());
      const e = entry(a, 10, { changeset: '{"gold":5}', metadata: '{"why":"quest"}' });
      await set({ [a]: '{"gold":5}' }, [e]);
      assert.equal((await storage.accounts.getUser(a))!.wallet, '{"gold":5}');
      assert.equal((await storage.accounts.getUser(a))!.updateTime, 5);
      assert.deepEqual(await storage.wallets.listLedger(a, 10), [e]);
    });

    it('keeps nothing when the computation throws', async () => {
      const a = await newUser();
      await assert.rejects(
        storage.wallets.updateWallets([a], () => {
          throw new Error('refused');
        }, 1),
        { message: 'refused' },
      );
      await assert.rejects(
        storage.wallets.updateWallets([a], () => ({ wallets: new Map([[a, '{"x":1}']]), ledger: [entry(randomUUID(), 1)], result: null }), 1),
      );
      assert.equal((await storage.accounts.getUser(a))!.wallet, '{}');
      assert.deepEqual(await storage.wallets.listLedger(a, 10), []);
    });

    it('serializes concurrent updates of one wallet', async () => {
      const a = await newUser();
      const increment = () =>
        storage.wallets.updateWallets([a], (current) => {
          const n = (JSON.parse(current.get(a)!) as { n?: number }).n ?? 0;
          return { wallets: new Map([[a, JSON.stringify({ n: n + 1 })]]), ledger: [], result: n };
        }, 1);
      const seen = await Promise.all(Array.from({ length: 40 }, increment));
      assert.deepEqual([...seen].sort((x, y) => x - y), Array.from({ length: 40 }, (_, i) => i));
      assert.equal((await storage.accounts.getUser(a))!.wallet, '{"n":40}');
    });

    it('lists the ledger newest first after a position', async () => {
      const a = await newUser();
      const b = await newUser();
      const entries = [entry(a, 10), entry(a, 20), entry(a, 20), entry(a, 30), entry(b, 25)];
      await set({}, entries);
      const mine = entries.filter((e) => e.userId === a).sort((x, y) => y.createTime - x.createTime || (x.id < y.id ? 1 : -1));
      assert.deepEqual(await storage.wallets.listLedger(a, 10), mine);
      const page = await storage.wallets.listLedger(a, 2);
      assert.deepEqual(page, mine.slice(0, 2));
      assert.deepEqual(await storage.wallets.listLedger(a, 10, page[1]), mine.slice(2));
      assert.deepEqual(await storage.wallets.listLedger(a, 10, mine[3]), []);
    });

    it('merges metadata at the top level and deletes only the owner entry', async () => {
      const a = await newUser();
      const b = await newUser();
      const e = entry(a, 10, { metadata: '{"keep":1,"change":"old","nested":{"x":1}}' });
      await set({}, [e]);
      const updated = await storage.wallets.updateLedgerMetadata(e.id, '{"change":"new","nested":{"y":2}}', 50);
      assert.ok(updated);
      assert.deepEqual(JSON.parse(updated.metadata), { keep: 1, change: 'new', nested: { y: 2 } });
      assert.equal(updated.updateTime, 50);
      assert.equal(updated.createTime, 10);
      assert.deepEqual((await storage.wallets.listLedger(a, 1))[0], updated);
      assert.equal(await storage.wallets.updateLedgerMetadata(randomUUID(), '{}', 50), null);
      assert.equal(await storage.wallets.deleteLedger(b, e.id), false);
      assert.equal(await storage.wallets.deleteLedger(a, e.id), true);
      assert.deepEqual(await storage.wallets.listLedger(a, 10), []);
    });

    it('goes with the user it belongs to', async () => {
      const a = await newUser();
      await set({ [a]: '{"g":1}' }, [entry(a, 1)]);
      assert.equal(await storage.accounts.deleteUser(a), true);
      assert.deepEqual(await storage.wallets.listLedger(a, 10), []);
    });
  });
}
