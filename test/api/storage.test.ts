/**
 * Storage objects through the official nakama-js client on both databases: write/read/list/delete, optimistic
 * versions, permissions, cursors, Nakama's error texts, and 50 concurrent writers of one version.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import type { Client, Session } from '@heroiclabs/nakama-js';
import { DIALECTS } from '../support/databases.js';
import { errorOf, startTestServer, type TestServer } from '../support/server.js';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const bad = (message: string) => ({ status: 400, code: 3, message });

for (const dialect of DIALECTS) {
  describe(`storage objects (${dialect})`, () => {
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
    const put = (session: Session, body: unknown) =>
      fetch(`${server.baseUrl}/v2/storage`, { method: 'PUT', headers: { authorization: `Bearer ${session.token}` }, body: JSON.stringify(body) });

    it('writes, reads back and acknowledges with md5 versions in request order', async () => {
      const s = await login();
      const acks = await client.writeStorageObjects(s, [
        { collection: 'saves', key: 'slot2', value: { level: 2 } },
        { collection: 'saves', key: 'slot1', value: { level: 1, items: ['a'] }, permission_read: 2, permission_write: 0 },
      ]);
      assert.equal(acks.acks!.length, 2);
      assert.deepEqual(acks.acks!.map((a) => [a.collection, a.key, a.user_id, a.version]), [
        ['saves', 'slot2', s.user_id, md5('{"level":2}')],
        ['saves', 'slot1', s.user_id, md5('{"level":1,"items":["a"]}')],
      ]);
      assert.match(acks.acks![0]!.create_time!, /^\d{4}-\d\d-\d\dT/);
      const read = await client.readStorageObjects(s, {
        object_ids: [
          { collection: 'saves', key: 'slot1', user_id: s.user_id },
          { collection: 'saves', key: 'slot2', user_id: s.user_id },
          { collection: 'saves', key: 'missing', user_id: s.user_id },
        ],
      });
      assert.equal(read.objects.length, 2);
      const slot1 = read.objects.find((o) => o.key === 'slot1')!;
      assert.deepEqual(slot1.value, { level: 1, items: ['a'] });
      assert.equal(slot1.permission_read, 2);
      assert.equal(slot1.permission_write, 0);
      assert.equal(slot1.version, md5('{"level":1,"items":["a"]}'));
      const slot2 = read.objects.find((o) => o.key === 'slot2')!;
      // Defaults: owner read (1), owner write (1).
      assert.equal(slot2.permission_read, 1);
      assert.equal(slot2.permission_write, 1);
      // The raw wire omits zero permissions, as protojson does, and stored times are whole seconds.
      const raw = await fetch(`${server.baseUrl}/v2/storage`, {
        method: 'POST',
        headers: { authorization: `Bearer ${s.token}` },
        body: JSON.stringify({ object_ids: [{ collection: 'saves', key: 'slot1', user_id: s.user_id }] }),
      });
      const body = (await raw.json()) as { objects: Record<string, unknown>[] };
      assert.equal(body.objects[0]!.permission_write, undefined);
      assert.equal(body.objects[0]!.value, '{"level":1,"items":["a"]}');
      assert.match(String(body.objects[0]!.create_time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      // An empty batch is an empty answer.
      assert.deepEqual(await client.writeStorageObjects(s, []), {});
      assert.deepEqual(await client.readStorageObjects(s, { object_ids: [] }), { objects: [] });
    });

    it('checks versions: matching, create-only, unconditional', async () => {
      const s = await login();
      const [first] = (await client.writeStorageObjects(s, [{ collection: 'occ', key: 'k', value: { n: 1 }, version: '*' }])).acks!;
      assert.deepEqual(
        await errorOf(client.writeStorageObjects(s, [{ collection: 'occ', key: 'k', value: { n: 2 }, version: '*' }])),
        bad('Storage write rejected - version check failed.'),
      );
      assert.deepEqual(
        await errorOf(client.writeStorageObjects(s, [{ collection: 'occ', key: 'k', value: { n: 2 }, version: md5('nope') }])),
        bad('Storage write rejected - version check failed.'),
      );
      assert.deepEqual(
        await errorOf(client.writeStorageObjects(s, [{ collection: 'occ', key: 'absent', value: { n: 2 }, version: first!.version }])),
        bad('Storage write rejected - version check failed.'),
      );
      const [second] = (await client.writeStorageObjects(s, [{ collection: 'occ', key: 'k', value: { n: 2 }, version: first!.version }])).acks!;
      assert.equal(second!.version, md5('{"n":2}'));
      assert.equal(second!.create_time, first!.create_time);
      const [third] = (await client.writeStorageObjects(s, [{ collection: 'occ', key: 'k', value: { n: 3 } }])).acks!;
      assert.equal(third!.version, md5('{"n":3}'));
      const read = await client.readStorageObjects(s, { object_ids: [{ collection: 'occ', key: 'k', user_id: s.user_id }] });
      assert.deepEqual(read.objects[0]!.value, { n: 3 });
    });

    it('writes a batch in one transaction: one refused write keeps none', async () => {
      const s = await login();
      await client.writeStorageObjects(s, [{ collection: 'batch', key: 'exists', value: { v: 1 } }]);
      assert.deepEqual(
        await errorOf(
          client.writeStorageObjects(s, [
            { collection: 'batch', key: 'new-a', value: { v: 1 } },
            { collection: 'batch', key: 'exists', value: { v: 2 }, version: '*' },
            { collection: 'batch', key: 'new-b', value: { v: 1 } },
          ]),
        ),
        bad('Storage write rejected - version check failed.'),
      );
      const read = await client.readStorageObjects(s, {
        object_ids: ['new-a', 'exists', 'new-b'].map((key) => ({ collection: 'batch', key, user_id: s.user_id })),
      });
      assert.deepEqual(read.objects.map((o) => [o.key, o.value]), [['exists', { v: 1 }]]);
    });

    it('refuses clients on write-protected objects', async () => {
      const s = await login();
      const [ack] = (await client.writeStorageObjects(s, [{ collection: 'locked', key: 'k', value: { a: 1 }, permission_write: 0 }])).acks!;
      const denied = bad('Storage write rejected - permission denied.');
      assert.deepEqual(await errorOf(client.writeStorageObjects(s, [{ collection: 'locked', key: 'k', value: { a: 2 } }])), denied);
      assert.deepEqual(await errorOf(client.writeStorageObjects(s, [{ collection: 'locked', key: 'k', value: { a: 2 }, version: ack!.version }])), denied);
      // Nakama looks at the permission before the version.
      assert.deepEqual(await errorOf(client.writeStorageObjects(s, [{ collection: 'locked', key: 'k', value: { a: 2 }, version: md5('x') }])), denied);
      assert.deepEqual(
        await errorOf(client.deleteStorageObjects(s, { object_ids: [{ collection: 'locked', key: 'k' }] })),
        bad('Storage delete rejected - not found, version check failed, or permission denied.'),
      );
      // The server bypasses permissions.
      await server.outpost.storageObjects.write(null, [{ collection: 'locked', key: 'k', userId: s.user_id, value: '{"a":3}' }]);
      await server.outpost.storageObjects.delete(null, [{ collection: 'locked', key: 'k', userId: s.user_id }]);
      assert.deepEqual(await server.outpost.storageObjects.read(null, [{ collection: 'locked', key: 'k', userId: s.user_id }]), []);
    });

    it('answers bad input with Nakama errors', async () => {
      const s = await login();
      const missing = bad('Invalid collection or key value supplied. They must be set.');
      assert.deepEqual(await errorOf(client.writeStorageObjects(s, [{ collection: '', key: 'k', value: {} }])), missing);
      assert.deepEqual(await errorOf(client.writeStorageObjects(s, [{ collection: 'c', key: '', value: {} }])), missing);
      assert.deepEqual(await errorOf(client.writeStorageObjects(s, [{ collection: 'c', key: 'k', value: undefined as unknown as object }])), missing);
      assert.deepEqual(
        await errorOf(client.writeStorageObjects(s, [{ collection: 'c', key: 'k', value: {}, permission_read: 3 as 2 }])),
        bad('Invalid Read permission supplied. It must be either 0, 1 or 2.'),
      );
      assert.deepEqual(
        await errorOf(client.writeStorageObjects(s, [{ collection: 'c', key: 'k', value: {}, permission_read: -1 as 0 }])),
        bad('Invalid Read permission supplied. It must be either 0, 1 or 2.'),
      );
      assert.deepEqual(
        await errorOf(client.writeStorageObjects(s, [{ collection: 'c', key: 'k', value: {}, permission_write: 2 as 1 }])),
        bad('Invalid Write permission supplied. It must be either 0 or 1.'),
      );
      for (const value of [[1, 2], 'text', 42, true]) {
        assert.deepEqual(await errorOf(client.writeStorageObjects(s, [{ collection: 'c', key: 'k', value: value as object }])), bad('Value must be a JSON object.'));
      }
      const notJson = await put(s, { objects: [{ collection: 'c', key: 'k', value: '{"a":' }] });
      assert.equal(notJson.status, 400);
      assert.deepEqual(await notJson.json(), { code: 3, message: 'Value must be a JSON object.' });
      // An error in any object refuses the batch before anything is written.
      const res = await put(s, { objects: [{ collection: 'c', key: 'ok', value: '{}' }, { collection: 'c', key: 'k', value: '[]' }] });
      assert.equal(res.status, 400);
      assert.deepEqual((await client.readStorageObjects(s, { object_ids: [{ collection: 'c', key: 'ok', user_id: s.user_id }] })).objects, []);

      assert.deepEqual(await errorOf(client.readStorageObjects(s, { object_ids: [{ collection: 'c', key: '', user_id: s.user_id }] })), missing);
      const badUser = bad('Invalid user ID - make sure user ID is a valid UUID.');
      assert.deepEqual(await errorOf(client.readStorageObjects(s, { object_ids: [{ collection: 'c', key: 'k', user_id: 'nope' }] })), badUser);
      assert.deepEqual(
        await errorOf(client.readStorageObjects(s, { object_ids: [{ collection: 'c', key: 'k', user_id: '00000000-0000-0000-0000-000000000000' }] })),
        badUser,
      );
      assert.deepEqual(await errorOf(client.deleteStorageObjects(s, { object_ids: [{ collection: 'c', key: '' }] })), missing);
      assert.deepEqual(await errorOf(client.listStorageObjects(s, 'c', 'nope', 10)), badUser);
      assert.deepEqual(await errorOf(client.listStorageObjects(s, 'c', s.user_id, 0)), bad('Invalid limit - limit must be between 1 and 100.'));
      assert.deepEqual(await errorOf(client.listStorageObjects(s, 'c', s.user_id, 101)), bad('Invalid limit - limit must be between 1 and 100.'));
      assert.deepEqual(await errorOf(client.listStorageObjects(s, 'c', s.user_id, 10, 'not-a-cursor!')), bad('Malformed cursor was used.'));
      assert.deepEqual(await errorOf(client.listStorageObjects(s, 'c', s.user_id, 10, 'AAAA')), bad('Malformed cursor was used.'));
      // Bad field types are a code-3 error from the gateway.
      const typed = await put(s, { objects: [{ collection: 'c', key: 'k', value: '{}', permission_read: 'x' }] });
      assert.equal(typed.status, 400);
    });

    it('reads by permission: private hidden, owner-only to owner, public to all', async () => {
      const owner = await login();
      const other = await login();
      await client.writeStorageObjects(owner, [
        { collection: 'perm', key: 'none', value: { r: 0 }, permission_read: 0 },
        { collection: 'perm', key: 'owner', value: { r: 1 }, permission_read: 1 },
        { collection: 'perm', key: 'public', value: { r: 2 }, permission_read: 2 },
      ]);
      const ids = ['none', 'owner', 'public'].map((key) => ({ collection: 'perm', key, user_id: owner.user_id }));
      const mine = await client.readStorageObjects(owner, { object_ids: ids });
      assert.deepEqual(mine.objects.map((o) => o.key).sort(), ['owner', 'public']);
      const theirs = await client.readStorageObjects(other, { object_ids: ids });
      assert.deepEqual(theirs.objects.map((o) => o.key), ['public']);
      const system = await server.outpost.storageObjects.read(null, ids.map((i) => ({ collection: i.collection, key: i.key, userId: i.user_id })));
      assert.deepEqual(system.map((o) => o.key).sort(), ['none', 'owner', 'public']);
      // '' is the system user: its public objects are readable by clients.
      await server.outpost.storageObjects.write(null, [
        { collection: 'perm', key: 'sys', value: '{"s":1}', permissionRead: 2 },
        { collection: 'perm', key: 'sys-private', value: '{"s":2}', permissionRead: 1 },
      ]);
      const sys = await client.readStorageObjects(other, { object_ids: [{ collection: 'perm', key: 'sys', user_id: '' }, { collection: 'perm', key: 'sys-private' }] });
      assert.deepEqual(sys.objects.map((o) => [o.key, o.user_id]), [['sys', '00000000-0000-0000-0000-000000000000']]);
    });

    it('lists own, another user public and all public objects with cursors', async () => {
      const a = await login();
      const b = await login();
      const col = `list-${randomUUID().slice(0, 8)}`;
      await client.writeStorageObjects(a, [
        { collection: col, key: 'a1', value: { x: 1 }, permission_read: 2 },
        { collection: col, key: 'a2', value: { x: 2 }, permission_read: 1 },
        { collection: col, key: 'a3', value: { x: 3 }, permission_read: 0 },
        { collection: col, key: 'a4', value: { x: 4 }, permission_read: 2 },
      ]);
      await client.writeStorageObjects(b, [
        { collection: col, key: 'b1', value: { x: 5 }, permission_read: 2 },
        { collection: col, key: 'b2', value: { x: 6 }, permission_read: 1 },
      ]);
      // Own: read >= 1, ordered by (read, key).
      const own = await client.listStorageObjects(a, col, a.user_id, 100);
      assert.deepEqual(own.objects.map((o) => o.key), ['a2', 'a1', 'a4']);
      assert.equal(own.cursor, undefined);
      // Another user's: only public.
      const theirs = await client.listStorageObjects(a, col, b.user_id, 100);
      assert.deepEqual(theirs.objects.map((o) => o.key), ['b1']);
      // No user: every owner's public objects, by (read, key, user_id).
      const all = await client.listStorageObjects(b, col, undefined, 100);
      assert.deepEqual(all.objects.map((o) => o.key), ['a1', 'a4', 'b1']);
      // The default limit is 1; page through with cursors, the last page has none.
      const keys: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await client.listStorageObjects(b, col, undefined, undefined, cursor);
        keys.push(...page.objects.map((o) => o.key!));
        cursor = page.cursor;
        pages++;
      } while (cursor && pages < 10);
      assert.deepEqual(keys, ['a1', 'a4', 'b1']);
      const ownPages: string[] = [];
      let c2: string | undefined;
      do {
        const page = await client.listStorageObjects(a, col, a.user_id, 2, c2);
        ownPages.push(...page.objects.map((o) => o.key!));
        c2 = page.cursor;
      } while (c2);
      assert.deepEqual(ownPages, ['a2', 'a1', 'a4']);
      const empty = await client.listStorageObjects(a, `${col}-none`, a.user_id, 10);
      assert.deepEqual(empty.objects, []);
      // The second route takes the owner in the path; an empty page is `{}` on the wire.
      const byPath = await fetch(`${server.baseUrl}/v2/storage/${col}/${b.user_id}?limit=10`, { headers: { authorization: `Bearer ${a.token}` } });
      assert.deepEqual(((await byPath.json()) as { objects: { key: string }[] }).objects.map((o) => o.key), ['b1']);
      const none = await fetch(`${server.baseUrl}/v2/storage/${col}-none?limit=10`, { headers: { authorization: `Bearer ${a.token}` } });
      assert.deepEqual(await none.json(), {});
      // The server sees everything, ordered by (read, key, user_id).
      const everything = await server.outpost.storageObjects.list(null, undefined, col, 100, '');
      assert.deepEqual(everything.objects!.map((o) => o.key), ['a3', 'a2', 'b2', 'a1', 'a4', 'b1']);
      const the = await server.outpost.storageObjects.list(null, a.user_id, col, 2, '');
      assert.deepEqual(the.objects!.map((o) => o.key), ['a3', 'a2']);
      const rest = await server.outpost.storageObjects.list(null, a.user_id, col, 10, the.cursor!);
      assert.deepEqual(rest.objects!.map((o) => o.key), ['a1', 'a4']);
    });

    it('deletes own objects with version checks, all or nothing', async () => {
      const s = await login();
      const acks = (await client.writeStorageObjects(s, [
        { collection: 'del', key: 'a', value: { v: 1 } },
        { collection: 'del', key: 'b', value: { v: 2 } },
      ])).acks!;
      const rejected = bad('Storage delete rejected - not found, version check failed, or permission denied.');
      assert.deepEqual(
        await errorOf(client.deleteStorageObjects(s, { object_ids: [{ collection: 'del', key: 'a' }, { collection: 'del', key: 'b', version: md5('x') }] })),
        rejected,
      );
      assert.deepEqual(await errorOf(client.deleteStorageObjects(s, { object_ids: [{ collection: 'del', key: 'missing' }] })), rejected);
      const ids = ['a', 'b'].map((key) => ({ collection: 'del', key, user_id: s.user_id }));
      assert.equal((await client.readStorageObjects(s, { object_ids: ids })).objects.length, 2);
      assert.equal(
        await client.deleteStorageObjects(s, { object_ids: [{ collection: 'del', key: 'a', version: acks[0]!.version }, { collection: 'del', key: 'b' }] }),
        true,
      );
      assert.equal((await client.readStorageObjects(s, { object_ids: ids })).objects.length, 0);
      // Clients delete only their own: another user's key is simply not theirs.
      const other = await login();
      await client.writeStorageObjects(s, [{ collection: 'del', key: 'c', value: {} }]);
      assert.deepEqual(await errorOf(client.deleteStorageObjects(other, { object_ids: [{ collection: 'del', key: 'c' }] })), rejected);
      assert.equal((await client.readStorageObjects(s, { object_ids: [{ collection: 'del', key: 'c', user_id: s.user_id }] })).objects.length, 1);
    });

    it('lets exactly one of 50 concurrent writers of one version win', async () => {
      const s = await login();
      const [ack] = (await client.writeStorageObjects(s, [{ collection: 'race', key: 'k', value: { n: 0 } }])).acks!;
      const attempts = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) => client.writeStorageObjects(s, [{ collection: 'race', key: 'k', value: { n: i + 1 }, version: ack!.version }])),
      );
      const won = attempts.filter((a) => a.status === 'fulfilled');
      assert.equal(won.length, 1);
      for (const lost of attempts.filter((a) => a.status === 'rejected')) {
        const body = (await ((lost as PromiseRejectedResult).reason as Response).json()) as { message: string };
        assert.equal(body.message, 'Storage write rejected - version check failed.');
      }
      const winner = (won[0] as PromiseFulfilledResult<{ acks?: { version?: string }[] }>).value.acks![0]!.version;
      const stored = await client.readStorageObjects(s, { object_ids: [{ collection: 'race', key: 'k', user_id: s.user_id }] });
      assert.equal(stored.objects[0]!.version, winner);
      // Create-only races too: exactly one creator.
      const creates = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) => client.writeStorageObjects(s, [{ collection: 'race', key: 'new', value: { n: i }, version: '*' }])),
      );
      assert.equal(creates.filter((a) => a.status === 'fulfilled').length, 1);
    });
  });
}
