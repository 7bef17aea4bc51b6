/**
 * Wallets on both databases: the core WalletService (what nk.wallet* and the console call) changes balances
 * and the ledger, and the official nakama-js client sees the result in getAccount.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Client, Session } from '@heroiclabs/nakama-js';
import { WalletInputError, WalletNegativeError } from '../../server/core/wallet/wallet-service.js';
import { DIALECTS } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';

for (const dialect of DIALECTS) {
  describe(`wallets (${dialect})`, () => {
    let server: TestServer;
    let client: Client;
    before(async () => {
      server = await startTestServer(dialect);
      client = server.client();
    });
    after(async () => {
      await server?.stop();
    });
    const login = (): Promise<Session> => client.authenticateDevice(`device-${randomUUID()}`);
    const walletOf = async (s: Session) => JSON.parse((await client.getAccount(s)).wallet!) as Record<string, number>;

    it('updates a wallet and getAccount shows it', async () => {
      const s = await login();
      assert.deepEqual(await walletOf(s), {});
      const first = await server.outpost.wallets.walletUpdate(s.user_id!, { gold: 100, gems: 5 });
      assert.deepEqual(first, { userId: s.user_id, previous: {}, updated: { gold: 100, gems: 5 } });
      const second = await server.outpost.wallets.walletUpdate(s.user_id!, { gold: -30 });
      assert.deepEqual(second.previous, { gold: 100, gems: 5 });
      assert.deepEqual(second.updated, { gold: 70, gems: 5 });
      assert.deepEqual(await walletOf(s), { gems: 5, gold: 70 });
      // Keys are stored sorted, as Go's encoder writes them.
      assert.equal((await client.getAccount(s)).wallet, '{"gems":5,"gold":70}');
    });

    it('never lets a balance go negative, and refuses the whole batch', async () => {
      const a = await login();
      const b = await login();
      await server.outpost.wallets.walletsUpdate([
        { userId: a.user_id!, changeset: { gold: 10 } },
        { userId: b.user_id!, changeset: { gold: 10 } },
      ]);
      await assert.rejects(server.outpost.wallets.walletUpdate(a.user_id!, { gold: -11 }), (err: unknown) => {
        assert.ok(err instanceof WalletNegativeError);
        assert.equal(err.message, "wallet update rejected negative value at path 'gold'");
        assert.deepEqual([err.userId, err.path, err.current, err.amount], [a.user_id, 'gold', 10, -11]);
        return true;
      });
      await assert.rejects(
        server.outpost.wallets.walletsUpdate(
          [
            { userId: a.user_id!, changeset: { gold: -5 } },
            { userId: b.user_id!, changeset: { silver: -1 } },
          ],
          true,
        ),
        WalletNegativeError,
      );
      assert.deepEqual(await walletOf(a), { gold: 10 });
      assert.deepEqual(await walletOf(b), { gold: 10 });
      assert.deepEqual((await server.outpost.wallets.ledgerList(a.user_id!)).items, []);
      // A user listed twice gets both changes in order; unknown users are skipped.
      const results = await server.outpost.wallets.walletsUpdate([
        { userId: a.user_id!, changeset: { gold: -10 } },
        { userId: randomUUID(), changeset: { gold: 1 } },
        { userId: a.user_id!, changeset: { gold: 3 } },
      ]);
      assert.deepEqual(results.map((r) => r.updated), [{ gold: 0 }, { gold: 3 }]);
      assert.deepEqual(await walletOf(a), { gold: 3 });
    });

    it('keeps balances non-negative under concurrent updates', async () => {
      const s = await login();
      await server.outpost.wallets.walletUpdate(s.user_id!, { coins: 100 });
      const attempts = await Promise.allSettled(
        Array.from({ length: 50 }, () => server.outpost.wallets.walletUpdate(s.user_id!, { coins: -7 }, { reason: 'buy' }, true)),
      );
      const ok = attempts.filter((a) => a.status === 'fulfilled').length;
      assert.equal(ok, 14);
      for (const failed of attempts.filter((a) => a.status === 'rejected')) {
        assert.ok((failed as PromiseRejectedResult).reason instanceof WalletNegativeError);
      }
      assert.deepEqual(await walletOf(s), { coins: 2 });
      // Every success left exactly one ledger entry.
      assert.equal((await server.outpost.wallets.ledgerList(s.user_id!, 100)).items.length, ok);
      // Mixed credits and debits in parallel end where the sum says.
      await Promise.all(Array.from({ length: 20 }, (_, i) => server.outpost.wallets.walletUpdate(s.user_id!, { coins: i % 2 === 0 ? 5 : -1 })));
      assert.deepEqual(await walletOf(s), { coins: 2 + 10 * 5 - 10 });
    });

    it('records, pages, updates and deletes ledger entries', async () => {
      const s = await login();
      for (let i = 1; i <= 5; i++) await server.outpost.wallets.walletUpdate(s.user_id!, { gold: i }, { step: i }, true);
      await server.outpost.wallets.walletUpdate(s.user_id!, { gold: 1 }, { skipped: true }, false);
      const all = await server.outpost.wallets.ledgerList(s.user_id!);
      assert.equal(all.cursor, '');
      assert.equal(all.items.length, 5);
      // Newest first (entries of the same millisecond in id order), changeset and metadata as objects.
      for (let i = 1; i < all.items.length; i++) assert.ok(all.items[i - 1]!.createTime >= all.items[i]!.createTime);
      assert.deepEqual(all.items.map((i) => i.metadata).sort((x, y) => Number(x.step) - Number(y.step)), [1, 2, 3, 4, 5].map((step) => ({ step })));
      for (const item of all.items) assert.deepEqual(item.changeset, { gold: item.metadata.step });
      assert.equal(all.items[0]!.userId, s.user_id);
      assert.ok(Math.abs(all.items[0]!.createTime - Date.now() / 1000) < 60);
      const seen: string[] = [];
      let cursor = '';
      do {
        const page = await server.outpost.wallets.ledgerList(s.user_id!, 2, cursor);
        assert.ok(page.items.length <= 2);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.cursor;
      } while (cursor !== '');
      assert.deepEqual(seen, all.items.map((i) => i.id));

      const updated = await server.outpost.wallets.ledgerUpdate(all.items[0]!.id, { note: 'refund', step: 50 });
      assert.deepEqual(updated.metadata, { step: 50, note: 'refund' });
      assert.deepEqual(updated.changeset, all.items[0]!.changeset);
      assert.deepEqual((await server.outpost.wallets.ledgerList(s.user_id!, 1)).items[0]!.metadata, { step: 50, note: 'refund' });
      await assert.rejects(server.outpost.wallets.ledgerUpdate(randomUUID(), { a: 1 }), WalletInputError);

      assert.equal(await server.outpost.wallets.ledgerDelete(s.user_id!, all.items[1]!.id), true);
      assert.equal(await server.outpost.wallets.ledgerDelete(s.user_id!, all.items[1]!.id), false);
      const other = await login();
      assert.equal(await server.outpost.wallets.ledgerDelete(other.user_id!, all.items[2]!.id), false);
      assert.equal((await server.outpost.wallets.ledgerList(s.user_id!)).items.length, 4);
    });

    it('refuses bad input', async () => {
      const s = await login();
      const w = server.outpost.wallets;
      await assert.rejects(w.walletUpdate('nope', { a: 1 }), { message: 'expects a valid user id' });
      await assert.rejects(w.walletUpdate(randomUUID(), { a: 1 }), { message: 'user not found' });
      await assert.rejects(w.walletUpdate(s.user_id!, { a: 1.5 }), { message: 'expects changeset values to be whole numbers' });
      await assert.rejects(w.walletUpdate(s.user_id!, [] as unknown as Record<string, number>), { message: 'expects a changeset object' });
      await assert.rejects(w.walletUpdate(s.user_id!, { a: 1 }, [] as unknown as Record<string, unknown>), { message: 'expects metadata to be a key value object' });
      await assert.rejects(w.ledgerList(s.user_id!, 10, 'bogus!'), { message: 'wallet ledger cursor invalid' });
      await assert.rejects(w.ledgerList(s.user_id!, 0), WalletInputError);
      await assert.rejects(w.ledgerUpdate('nope', {}), { message: 'expects a valid id' });
      assert.deepEqual(await walletOf(s), {});
    });
  });
}
