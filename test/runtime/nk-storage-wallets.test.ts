import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import type { Client, Session } from '@heroiclabs/nakama-js';
import { DIALECTS } from '../support/databases.js';
import { errorOf, startTestServer, type TestServer } from '../support/server.js';
import { writeModule, type ModuleDir } from './module-fixture.js';
import { NK_AREAS_MODULE, nkError, nkValue } from './nk-areas-module.js';

const NIL = '00000000-0000-0000-0000-000000000000';

for (const dialect of DIALECTS) {
  describe(`runtime nk storage and wallets (${dialect})`, () => {
    let server: TestServer;
    let modules: ModuleDir;
    let client: Client;
    let alice: Session;
    let bob: Session;

    before(async () => {
      modules = await writeModule(NK_AREAS_MODULE);
      server = await startTestServer(dialect, modules.flags);
      client = server.client();
      alice = await client.authenticateDevice(`device-${randomUUID()}`, true, `alice-${dialect}`);
      bob = await client.authenticateDevice(`device-${randomUUID()}`, true, `bob-${dialect}`);
    });
    after(async () => {
      await server?.stop();
      await modules?.remove();
    });

    it('storageWrite from an RPC is what the client reads back; the version is the md5 of Go-ordered JSON', async () => {
      const ack = (await client.rpc(alice, 'save_progress', { level: 7 })).payload as Record<string, unknown>;
      assert.deepEqual(Object.keys(ack).sort(), ['collection', 'key', 'userId', 'version']);
      assert.equal(ack.userId, alice.user_id);
      const stored = '{"alpha":2,"level":7,"zeta":1}';
      assert.equal(ack.version, createHash('md5').update(stored).digest('hex'));
      const read = await client.readStorageObjects(alice, { object_ids: [{ collection: 'progress', key: 'level', user_id: alice.user_id }] });
      assert.equal(read.objects.length, 1);
      assert.deepEqual(read.objects[0]!.value, { alpha: 2, level: 7, zeta: 1 });
      assert.equal(read.objects[0]!.version, ack.version);
      assert.equal(read.objects[0]!.permission_write, 0);
      // permissionWrite 0 keeps the client from overwriting what the server wrote.
      const refused = await errorOf(client.writeStorageObjects(alice, [{ collection: 'progress', key: 'level', value: { level: 99 } }]));
      assert.equal(refused.status, 400);
    });

    it('storageRead returns objects in the JS runtime shape, system-owned ones included', async () => {
      await client.writeStorageObjects(bob, [{ collection: 'notes', key: 'n1', value: { text: 'hi', list: [1, 2] }, permission_read: 2, permission_write: 1 }]);
      await nkValue(client, alice, 'storageWrite', [{ collection: 'config', key: 'motd', value: { text: 'welcome' } }]);
      const objects = await nkValue<Record<string, unknown>[]>(client, alice, 'storageRead', [
        { collection: 'notes', key: 'n1', userId: bob.user_id },
        { collection: 'config', key: 'motd' },
        { collection: 'notes', key: 'missing', userId: bob.user_id },
      ]);
      assert.equal(objects.length, 2);
      const note = objects.find((o) => o.key === 'n1')!;
      assert.deepEqual(note.value, { text: 'hi', list: [1, 2] });
      assert.equal(note.userId, bob.user_id);
      assert.equal(note.permissionRead, 2);
      assert.equal(note.permissionWrite, 1);
      assert.equal(typeof note.createTime, 'number');
      assert.ok(Math.abs((note.createTime as number) - Date.now() / 1000) < 60, 'times are unix seconds');
      const motd = objects.find((o) => o.key === 'motd')!;
      assert.equal(motd.userId, NIL, 'no owner means the system user');
      assert.deepEqual(await nkValue(client, alice, 'storageRead', []), []);
    });

    it('storageList pages with a cursor that is null on the last page; callerId applies permissions', async () => {
      for (const key of ['a', 'b', 'c']) {
        await nkValue(client, alice, 'storageWrite', [{ collection: 'board', key, userId: bob.user_id, value: { key }, permissionRead: key === 'c' ? 1 : 2 }]);
      }
      const first = await nkValue<{ objects: { key: string }[]; cursor: string | null }>(client, alice, 'storageList', bob.user_id, 'board', 2);
      assert.equal(first.objects.length, 2);
      assert.equal(typeof first.cursor, 'string');
      const second = await nkValue<{ objects: { key: string }[]; cursor: string | null }>(client, alice, 'storageList', bob.user_id, 'board', 2, first.cursor);
      assert.equal(second.objects.length, 1);
      assert.equal(second.cursor, null);
      assert.deepEqual([...first.objects, ...second.objects].map((o) => o.key).sort(), ['a', 'b', 'c']);
      const asAlice = await nkValue<{ objects: { key: string }[] }>(client, alice, 'storageList', bob.user_id, 'board', 10, null, alice.user_id);
      assert.deepEqual(asAlice.objects.map((o) => o.key).sort(), ['a', 'b'], 'another user sees only public objects');
      const asBob = await nkValue<{ objects: { key: string }[] }>(client, alice, 'storageList', bob.user_id, 'board', 10, null, bob.user_id);
      assert.equal(asBob.objects.length, 3);
      const everyOwner = await nkValue<{ objects: { key: string }[] }>(client, alice, 'storageList', null, 'board');
      assert.equal(everyOwner.objects.length, 3);
    });

    it('storageDelete removes objects; a stale version refuses the whole batch', async () => {
      const [ack] = await nkValue<{ version: string }[]>(client, alice, 'storageWrite', [{ collection: 'tmp', key: 'x', userId: alice.user_id, value: { n: 1 }, permissionRead: 2 }]);
      const stale = await nkError(client, alice, 'storageDelete', [{ collection: 'tmp', key: 'x', userId: alice.user_id, version: 'not-the-version' }]);
      assert.match(stale, /^failed to delete storage objects: /);
      assert.equal((await client.readStorageObjects(alice, { object_ids: [{ collection: 'tmp', key: 'x', user_id: alice.user_id }] })).objects.length, 1);
      await nkValue(client, alice, 'storageDelete', [{ collection: 'tmp', key: 'x', userId: alice.user_id, version: ack!.version }]);
      assert.equal((await client.readStorageObjects(alice, { object_ids: [{ collection: 'tmp', key: 'x', user_id: alice.user_id }] })).objects.length, 0);
    });

    it('storage functions refuse bad arguments with Nakama texts', async () => {
      const cases: [string, unknown[], string | RegExp][] = [
        ['storageWrite', [null], 'expects a valid array of data'],
        ['storageWrite', ['x'], 'expects an array of storage write objects'],
        ['storageWrite', [[{ collection: 'c', key: '', value: {} }]], "expects 'key' value to be non-empty"],
        ['storageWrite', [[{ collection: 'c', key: 3, value: {} }]], "expects 'key' value to be a string"],
        ['storageWrite', [[{ collection: '', key: 'k', value: {} }]], "expects 'collection' value to be non-empty"],
        ['storageWrite', [[{ collection: 'c', key: 'k', value: 'text' }]], "expects 'value' value to be an object"],
        ['storageWrite', [[{ collection: 'c', key: 'k', value: {}, userId: 'nope' }]], "expects 'userId' value to be a valid id"],
        ['storageWrite', [[{ collection: 'c', key: 'k', value: {}, permissionRead: 'public' }]], "expects 'permissionRead' value to be a number"],
        ['storageWrite', [[{ collection: 'c', key: 'k', value: {}, version: '' }]], "expects 'version' value to be a non-empty string"],
        ['storageRead', [null], 'expects an array of keys'],
        ['storageRead', [[{ collection: 'c', key: 'k', userId: 'nope' }]], "expects 'userId' value to be a valid id"],
        ['storageRead', [[{ collection: 7, key: 'k' }]], "expects 'collection' value to be a string"],
        ['storageDelete', ['x'], 'expects an array of keys'],
        ['storageList', ['nope', 'c'], 'expects empty or valid user id'],
        ['storageList', [null, 'c', -1], 'limit must not be negative'],
        ['storageList', [null, 'c', 'ten'], 'expects number'],
        ['storageList', [null, 'c', 10, null, 'caller'], 'expects caller id to be valid identifier'],
        ['storageList', [null, 'c', 10, 'not-a-cursor'], /^failed to list storage objects: /],
      ];
      for (const [fn, args, expected] of cases) {
        const message = await nkError(client, alice, fn, ...args);
        if (expected instanceof RegExp) assert.match(message, expected, `${fn}(${JSON.stringify(args)})`);
        else assert.equal(message, expected, `${fn}(${JSON.stringify(args)})`);
      }
      await nkValue(client, alice, 'storageWrite', [{ collection: 'once', key: 'k', value: { v: 1 }, version: '*' }]);
      const exists = await nkError(client, alice, 'storageWrite', [{ collection: 'once', key: 'k', value: { v: 2 }, version: '*' }]);
      assert.equal(exists, 'failed to write storage objects: Storage write rejected - version check failed.');
    });

    it('walletUpdate returns updated and previous, keeps a ledger entry, and accountGetId shows the wallet', async () => {
      const granted = (await client.rpc(alice, 'grant', { changeset: { gold: 100, gems: 5 }, reason: 'quest' })).payload as {
        result: { updated: Record<string, number>; previous: Record<string, number>; userId: string };
        account: Record<string, number>;
      };
      assert.deepEqual(granted.result.previous, {});
      assert.deepEqual(granted.result.updated, { gold: 100, gems: 5 });
      assert.equal(granted.result.userId, alice.user_id);
      assert.deepEqual(granted.account, { gems: 5, gold: 100 });
      const account = await client.getAccount(alice);
      assert.deepEqual(JSON.parse(account.wallet!), { gems: 5, gold: 100 });
    });

    it('a wallet RPC that would go negative is refused and changes nothing', async () => {
      const refused = await errorOf(client.rpc(alice, 'spend', { gold: 150 }));
      assert.equal(refused.code, 9);
      assert.match(refused.message, /^not enough gold \(100\): failed to update user wallet: /);
      assert.deepEqual(JSON.parse((await client.getAccount(alice)).wallet!), { gems: 5, gold: 100 });
      const spent = (await client.rpc(alice, 'spend', { gold: 40 })).payload as Record<string, number>;
      assert.deepEqual(spent, { gems: 5, gold: 60 });
    });

    it('walletsUpdate applies a batch in one transaction: one negative balance refuses all of it', async () => {
      const refused = await nkError(client, alice, 'walletsUpdate', [
        { userId: bob.user_id, changeset: { gold: 10 } },
        { userId: alice.user_id, changeset: { gold: -1000 } },
      ]);
      assert.match(refused, /^failed to update user wallet: /);
      assert.deepEqual(JSON.parse((await client.getAccount(bob)).wallet!), {});
      const results = await nkValue<{ userId: string; updated: Record<string, number> }[]>(client, alice, 'walletsUpdate', [
        { userId: bob.user_id, changeset: { gold: 10 }, metadata: { why: 'gift' } },
        { userId: alice.user_id, changeset: { gold: -10 } },
        { userId: randomUUID(), changeset: { gold: 1 } },
      ], true);
      assert.deepEqual(results.map((r) => [r.userId, r.updated.gold]), [[bob.user_id, 10], [alice.user_id, 50]], 'unknown users are skipped');
    });

    it('walletLedgerList pages the ledger and walletLedgerUpdate changes an entry metadata', async () => {
      const first = await nkValue<{ items: Record<string, unknown>[]; cursor: string | null }>(client, alice, 'walletLedgerList', alice.user_id, 2);
      assert.equal(first.items.length, 2);
      assert.equal(typeof first.cursor, 'string');
      const rest = await nkValue<{ items: Record<string, unknown>[]; cursor: string | null }>(client, alice, 'walletLedgerList', alice.user_id, 10, first.cursor);
      assert.equal(rest.cursor, null);
      const all = [...first.items, ...rest.items];
      assert.equal(all.length, 3, 'grant, spend 40, batch -10 (the refused ones left no entry)');
      const quest = all.find((i) => (i.metadata as Record<string, unknown>).reason === 'quest')!;
      assert.deepEqual(quest.changeset, { gold: 100, gems: 5 });
      assert.equal(quest.userId, alice.user_id);
      assert.equal(typeof quest.createTime, 'number');
      const updated = await nkValue<Record<string, unknown>>(client, alice, 'walletLedgerUpdate', quest.id, { note: 'first quest' });
      assert.equal(updated.id, quest.id);
      assert.equal((updated.metadata as Record<string, unknown>).note, 'first quest');
      const again = await nkValue<{ items: Record<string, unknown>[] }>(client, alice, 'walletLedgerList', alice.user_id);
      assert.equal((again.items.find((i) => i.id === quest.id)!.metadata as Record<string, unknown>).note, 'first quest');
    });

    it('wallet functions refuse bad arguments with Nakama texts', async () => {
      const cases: [string, unknown[], string | RegExp][] = [
        ['walletUpdate', ['nope', { gold: 1 }], 'expects a valid user id'],
        ['walletUpdate', [null, { gold: 1 }], 'expects string'],
        ['walletUpdate', [alice.user_id, 'gold'], 'expects a changeset object'],
        ['walletUpdate', [alice.user_id, { gold: 1.5 }], 'expects changeset values to be whole numbers'],
        ['walletUpdate', [alice.user_id, { gold: 1 }, 'meta'], 'expects metadata to be a key value object'],
        ['walletUpdate', [alice.user_id, { gold: 1 }, {}, 'yes'], 'expects boolean'],
        ['walletUpdate', [randomUUID(), { gold: 1 }], 'user not found'],
        ['walletsUpdate', ['x'], 'expects an array of wallet update objects'],
        ['walletsUpdate', [[{ changeset: {} }]], 'expects a user id'],
        ['walletsUpdate', [[{ userId: 'x', changeset: {} }]], 'expects a valid user id'],
        ['walletsUpdate', [[{ userId: alice.user_id, changeset: [] }]], 'expects changeset object'],
        ['walletsUpdate', [[{ userId: alice.user_id, changeset: {}, metadata: 3 }]], 'expects metadata object'],
        ['walletLedgerList', ['', 10], 'expects a valid user id'],
        ['walletLedgerList', [alice.user_id, 'ten'], 'expects number'],
        ['walletLedgerList', [alice.user_id, 10, 'bad cursor'], /^failed to retrieve user wallet ledger: /],
        ['walletLedgerUpdate', ['bad', {}], 'expects a valid id'],
        ['walletLedgerUpdate', [randomUUID(), 'x'], 'expects metadata object'],
        ['walletLedgerUpdate', [randomUUID(), { a: 1 }], /^failed to update user wallet ledger: /],
      ];
      for (const [fn, args, expected] of cases) {
        const message = await nkError(client, alice, fn, ...args);
        if (expected instanceof RegExp) assert.match(message, expected, `${fn}(${JSON.stringify(args)})`);
        else assert.equal(message, expected, `${fn}(${JSON.stringify(args)})`);
      }
    });
  });
}
