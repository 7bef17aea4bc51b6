/**
 * The console's data pages' API on both databases: storage browsing and editing with version checks,
 * a player's wallet (changesets recorded in the ledger), friends, groups and storage, and group
 * administration. Every change is checked through nakama-js, as a game would see it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import type { Client, Session } from '@heroiclabs/nakama-js';
import { DIALECTS } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { CONSOLE_FLAGS, consoleCall, consoleLogin } from '../support/console.js';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const SYSTEM = '00000000-0000-0000-0000-000000000000';

/** The routes this file covers; each must refuse a call without an admin token. */
const ROUTES: [string, string][] = [
  ['GET', '/storage'],
  ['GET', '/storage/c'],
  ['GET', `/storage/c/k/${SYSTEM}`],
  ['PUT', `/storage/c/k/${SYSTEM}`],
  ['PUT', `/storage/c/k/${SYSTEM}/permission`],
  ['DELETE', `/storage/c/k/${SYSTEM}`],
  ['GET', `/account/${SYSTEM}/storage`],
  ['GET', `/account/${SYSTEM}/wallet`],
  ['POST', `/account/${SYSTEM}/wallet`],
  ['GET', `/account/${SYSTEM}/wallet/ledger`],
  ['GET', `/account/${SYSTEM}/friend`],
  ['DELETE', `/account/${SYSTEM}/friend/${SYSTEM}`],
  ['GET', `/account/${SYSTEM}/group`],
  ['GET', '/group'],
  ['GET', `/group/${SYSTEM}`],
  ['GET', `/group/${SYSTEM}/member`],
  ['PUT', `/group/${SYSTEM}`],
  ['DELETE', `/group/${SYSTEM}/member/${SYSTEM}`],
  ['DELETE', `/group/${SYSTEM}`],
];

for (const dialect of DIALECTS) {
  describe(`console data API (${dialect})`, () => {
    let server: TestServer;
    let client: Client;
    let auth: string;
    before(async () => {
      server = await startTestServer(dialect, CONSOLE_FLAGS);
      client = server.client();
      auth = await consoleLogin(server);
    });
    after(async () => {
      await server?.stop();
    });
    const call = (method: string, path: string, body?: unknown) => consoleCall(server, method, `/v2/console${path}`, { auth, body });
    const login = (username?: string): Promise<Session> => client.authenticateDevice(`device-${randomUUID()}`, true, username);
    const expect400 = async (method: string, path: string, body: unknown, pattern: RegExp) => {
      const reply = await call(method, path, body);
      assert.equal(reply.status, 400, `${method} ${path} ${JSON.stringify(body)} -> ${JSON.stringify(reply.body)}`);
      assert.equal(reply.body.code, 3);
      assert.match(reply.body.message, pattern);
    };

    it('requires an admin token on every new route', async () => {
      const table = server.outpost.console.routes.map((r) => `${r.method} ${r.path}`);
      for (const [method, path] of ROUTES) {
        const templated = path.replace(SYSTEM, '{id}');
        assert.ok(table.some((t) => t.startsWith(`${method} /${templated.split('/')[1]}`)), `${method} ${path} is in the table`);
        for (const header of [undefined, 'Bearer nonsense']) {
          const reply = await consoleCall(server, method, `/v2/console${path}`, { auth: header, body: method === 'GET' || method === 'DELETE' ? undefined : {} });
          assert.deepEqual([reply.status, reply.body.code], [401, 16], `${method} ${path}`);
        }
      }
    });

    it('lists collections with counts and pages objects filtered by owner and key prefix', async () => {
      const collection = `saves_${randomUUID().slice(0, 8)}`;
      const [a, b] = [await login(), await login()];
      await client.writeStorageObjects(a, ['alpha1', 'alpha2', 'beta1'].map((key) => ({ collection, key, value: { key } })));
      await client.writeStorageObjects(b, [{ collection, key: 'alpha1', value: { mine: 'b' }, permission_read: 2 }]);

      const collections = await call('GET', '/storage');
      assert.equal(collections.status, 200);
      assert.deepEqual(collections.body.collections.find((c: { collection: string }) => c.collection === collection), { collection, count: 4 });

      const first = await call('GET', `/storage/${collection}?limit=3`);
      assert.equal(first.body.objects.length, 3);
      assert.notEqual(first.body.nextCursor, '');
      const second = await call('GET', `/storage/${collection}?limit=3&cursor=${first.body.nextCursor}`);
      assert.equal(second.body.nextCursor, '');
      const all = [...first.body.objects, ...second.body.objects].map((o: { key: string; userId: string }) => `${o.key}:${o.userId === a.user_id ? 'a' : 'b'}`);
      assert.deepEqual(all.sort(), ['alpha1:a', 'alpha1:b', 'alpha2:a', 'beta1:a']);
      assert.equal(first.body.objects[0].username, a.username === first.body.objects[0].username ? a.username : b.username);

      const mine = await call('GET', `/storage/${collection}?userId=${a.user_id}&keyPrefix=alpha`);
      assert.deepEqual(mine.body.objects.map((o: { key: string }) => o.key), ['alpha1', 'alpha2']);
      const prefixed = await call('GET', `/storage/${collection}?keyPrefix=alpha1`);
      assert.equal(prefixed.body.objects.length, 2);
      assert.equal((await call('GET', `/storage/${collection}?keyPrefix=zzz`)).body.objects.length, 0);
      // Non-ASCII prefixes and keys that sort right after the prefix's range.
      await client.writeStorageObjects(b, ['ключ-1', 'ключ-2', 'ключа', 'alphb'].map((key) => ({ collection: `${collection}_u`, key, value: {} })));
      const cyrillic = await call('GET', `/storage/${collection}_u?keyPrefix=${encodeURIComponent('ключ-')}`);
      assert.deepEqual(cyrillic.body.objects.map((o: { key: string }) => o.key), ['ключ-1', 'ключ-2']);
      assert.deepEqual((await call('GET', `/storage/${collection}_u?keyPrefix=alph`)).body.objects.map((o: { key: string }) => o.key), ['alphb']);

      const owned = await call('GET', `/account/${b.user_id}/storage?limit=2`);
      assert.deepEqual(owned.body.objects.map((o: { collection: string; key: string }) => [o.collection, o.key]), [[collection, 'alpha1'], [`${collection}_u`, 'alphb']]);
      const ownedNext = await call('GET', `/account/${b.user_id}/storage?limit=10&cursor=${owned.body.nextCursor}`);
      assert.deepEqual(ownedNext.body.objects.map((o: { key: string }) => o.key), ['ключ-1', 'ключ-2', 'ключа']);
      assert.equal((await call('GET', `/account/${randomUUID()}/storage`)).status, 404);

      await expect400('GET', `/storage/${collection}?userId=nobody`, undefined, /'userId'.*UUID/);
      await expect400('GET', `/storage/${collection}?limit=0`, undefined, /'limit'/);
      await expect400('GET', `/storage/${collection}?cursor=not-a-cursor`, undefined, /'cursor'/);
    });

    it('reads and writes an object with version checks, changes permissions and deletes', async () => {
      const collection = `edit_${randomUUID().slice(0, 8)}`;
      const owner = await login();
      const other = await login();
      const [ack] = (await client.writeStorageObjects(owner, [{ collection, key: 'profile', value: { level: 1 } }])).acks!;
      const path = `/storage/${collection}/profile/${owner.user_id}`;

      const read = await call('GET', path);
      assert.equal(read.status, 200);
      assert.deepEqual([JSON.parse(read.body.value), read.body.version, read.body.permissionRead, read.body.permissionWrite], [{ level: 1 }, ack!.version, 1, 1]);
      assert.equal((await call('GET', `/storage/${collection}/missing/${owner.user_id}`)).status, 404);
      await expect400('GET', `/storage/${collection}/profile/not-a-uuid`, undefined, /'userId'/);

      // Bad values are refused with where the mistake is, and nothing is saved.
      await expect400('PUT', path, { value: '{"level": 2,\n  "name" "x"}', version: ack!.version }, /not valid JSON .*line 2 column/);
      await expect400('PUT', path, { value: '[1, 2]', version: ack!.version }, /JSON object/);
      await expect400('PUT', path, { value: '{"level": 2}' }, /'version'/);
      await expect400('PUT', path, { value: '{"level": 2}', version: ack!.version, permissionRead: 7 }, /'permissionRead'/);
      assert.equal((await call('GET', path)).body.version, ack!.version);

      // Two admins load version 1; the first save wins, the second gets a clear conflict.
      const saved = await call('PUT', path, { value: '{"level": 2}', version: ack!.version, permissionRead: 1, permissionWrite: 1 });
      assert.equal(saved.status, 200);
      assert.equal(saved.body.version, md5('{"level": 2}'));
      const clobber = await call('PUT', path, { value: '{"level": 99}', version: ack!.version });
      assert.deepEqual([clobber.status, clobber.body.code], [409, 10]);
      assert.match(clobber.body.message, /changed by someone else/);
      const seen = await client.readStorageObjects(owner, { object_ids: [{ collection, key: 'profile', user_id: owner.user_id }] });
      assert.deepEqual(seen.objects[0]!.value, { level: 2 });

      // Creating: '*' only creates, for a user or the system user; an unknown owner is refused.
      assert.equal((await call('PUT', `/storage/${collection}/new/${owner.user_id}`, { value: '{"fresh":true}', version: '*' })).status, 200);
      const again = await call('PUT', `/storage/${collection}/new/${owner.user_id}`, { value: '{"fresh":false}', version: '*' });
      assert.deepEqual([again.status, again.body.message], [409, 'An object with this collection, key and owner already exists.']);
      assert.equal((await call('PUT', `/storage/${collection}/global/${SYSTEM}`, { value: '{"motd":"hi"}', version: '*', permissionRead: 2 })).status, 200);
      await expect400('PUT', `/storage/${collection}/x/${randomUUID()}`, { value: '{}', version: '*' }, /'userId'/);

      // Public read and no client writes: the other player reads it, the owner can no longer write it.
      const perm = await call('PUT', `${path}/permission`, { version: saved.body.version, permissionRead: 2, permissionWrite: 0 });
      assert.deepEqual([perm.status, perm.body.permissionRead, perm.body.permissionWrite], [200, 2, 0]);
      assert.equal((await client.readStorageObjects(other, { object_ids: [{ collection, key: 'profile', user_id: owner.user_id }] })).objects.length, 1);
      await assert.rejects(client.writeStorageObjects(owner, [{ collection, key: 'profile', value: { level: 3 } }]));
      assert.equal((await call('PUT', `${path}/permission`, { version: ack!.version, permissionRead: 1, permissionWrite: 1 })).status, 409);
      await expect400('PUT', `${path}/permission`, { version: saved.body.version, permissionRead: 1, permissionWrite: 2 }, /'permissionWrite'/);

      const stale = await call('DELETE', `${path}?version=${ack!.version}`);
      assert.equal(stale.status, 409);
      assert.equal((await call('DELETE', `${path}?version=${saved.body.version}`)).status, 200);
      assert.equal((await call('DELETE', path)).status, 404);
      assert.equal((await client.readStorageObjects(owner, { object_ids: [{ collection, key: 'profile', user_id: owner.user_id }] })).objects.length, 0);
    });

    it('applies wallet changesets through the ledger and refuses negative balances', async () => {
      const player = await login();
      const path = `/account/${player.user_id}/wallet`;
      assert.deepEqual((await call('GET', path)).body, { wallet: {} });
      const first = await call('POST', path, { changeset: { coins: 100, gems: 5 }, metadata: { reason: 'compensation' } });
      assert.deepEqual([first.status, first.body.previous, first.body.updated], [200, {}, { coins: 100, gems: 5 }]);
      await call('POST', path, { changeset: { coins: -30 } });
      await call('POST', path, { changeset: { gems: 1 } });
      const account = await client.getAccount(player);
      assert.deepEqual(JSON.parse(account.wallet!), { coins: 70, gems: 6 });

      await expect400('POST', path, { changeset: { coins: -500 } }, /'coins' would go below zero/);
      await expect400('POST', path, { changeset: { coins: 1.5 } }, /whole-number/);
      await expect400('POST', path, { changeset: {} }, /'changeset'/);
      await expect400('POST', path, { changeset: [1] }, /'changeset'/);
      await expect400('POST', path, { changeset: { coins: 1 }, metadata: 'x' }, /'metadata'/);
      assert.deepEqual((await call('GET', path)).body.wallet, { coins: 70, gems: 6 });
      assert.equal((await call('POST', `/account/${randomUUID()}/wallet`, { changeset: { coins: 1 } })).status, 404);
      assert.equal((await call('GET', `/account/${randomUUID()}/wallet`)).status, 404);

      const page1 = await call('GET', `${path}/ledger?limit=2`);
      assert.deepEqual(page1.body.items.map((i: { changeset: unknown }) => i.changeset), [{ gems: 1 }, { coins: -30 }]);
      assert.equal(page1.body.items[0].metadata.console_admin, 'admin');
      const page2 = await call('GET', `${path}/ledger?limit=2&cursor=${encodeURIComponent(page1.body.nextCursor)}`);
      assert.deepEqual(page2.body.items.map((i: { changeset: unknown; metadata: { reason?: string } }) => [i.changeset, i.metadata.reason]), [[{ coins: 100, gems: 5 }, 'compensation']]);
      assert.equal(page2.body.nextCursor, '');
      await expect400('GET', `${path}/ledger?cursor=garbage`, undefined, /'cursor'/);
    });

    it("lists a player's friends with states and removes one", async () => {
      const [me, friend, invited] = [await login(), await login(), await login()];
      await client.addFriends(me, [friend.user_id!]);
      await client.addFriends(friend, [me.user_id!]);
      await client.addFriends(me, [invited.user_id!]);
      const listed = await call('GET', `/account/${me.user_id}/friend`);
      assert.deepEqual(
        listed.body.friends.map((f: { userId: string; state: number }) => [f.userId, f.state]),
        [[friend.user_id, 0], [invited.user_id, 1]],
      );
      assert.equal(listed.body.friends[0].username, friend.username);
      assert.equal((await call('DELETE', `/account/${me.user_id}/friend/${friend.user_id}`)).status, 200);
      assert.deepEqual((await client.listFriends(friend)).friends ?? [], []);
      assert.equal((await call('DELETE', `/account/${me.user_id}/friend/${friend.user_id}`)).status, 404);
      assert.equal((await call('GET', `/account/${randomUUID()}/friend`)).status, 404);
      await expect400('GET', `/account/${me.user_id}/friend?state=9`, undefined, /'state'/);
      await expect400('DELETE', `/account/${me.user_id}/friend/nope`, undefined, /'friendId'/);
    });

    it('finds, edits and deletes groups and removes members', async () => {
      const tag = randomUUID().slice(0, 8);
      const [owner, member] = [await login(), await login()];
      const group = await client.createGroup(owner, { name: `guild_${tag}`, description: 'old', open: true, max_count: 10 });
      await client.createGroup(owner, { name: `other_${tag}`, open: true });
      await client.joinGroup(member, group.id!);

      const byName = await call('GET', `/group?q=GUILD_${tag}`);
      assert.deepEqual(byName.body.groups.map((g: { id: string }) => g.id), [group.id]);
      assert.deepEqual((await call('GET', `/group?q=${group.id}`)).body.groups.map((g: { name: string }) => g.name), [`guild_${tag}`]);
      const detail = await call('GET', `/group/${group.id}`);
      assert.deepEqual([detail.body.creatorUsername, detail.body.edgeCount, detail.body.maxCount], [owner.username, 2, 10]);
      const members = await call('GET', `/group/${group.id}/member`);
      assert.deepEqual(members.body.members.map((m: { userId: string; state: number }) => [m.userId, m.state]), [[owner.user_id, 0], [member.user_id, 2]]);
      const firstPage = await call('GET', `/group/${group.id}/member?limit=1`);
      assert.deepEqual(firstPage.body.members.map((m: { userId: string }) => m.userId), [owner.user_id]);
      const secondPage = await call('GET', `/group/${group.id}/member?limit=1&cursor=${encodeURIComponent(firstPage.body.nextCursor)}`);
      assert.deepEqual([secondPage.body.members.map((m: { userId: string }) => m.userId), secondPage.body.nextCursor], [[member.user_id], '']);
      await expect400('GET', `/group/${group.id}/member?cursor=junk`, undefined, /[Cc]ursor/);
      const mine = await call('GET', `/account/${member.user_id}/group`);
      assert.deepEqual(mine.body.groups.map((g: { id: string; state: number }) => [g.id, g.state]), [[group.id, 2]]);

      const edited = await call('PUT', `/group/${group.id}`, { name: `renamed_${tag}`, description: 'new', open: false, maxCount: 20 });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      const seen = (await client.listGroups(owner, `renamed_${tag}`)).groups!;
      assert.deepEqual(seen.map((g) => [g.description, g.open, g.max_count]), [['new', false, 20]]);
      const below = await call('PUT', `/group/${group.id}`, { maxCount: 1 });
      assert.deepEqual([below.status, below.body.message], [400, 'The group has more members than that max count; remove members first.']);
      await expect400('PUT', `/group/${group.id}`, { name: '' }, /'name'/);
      await expect400('PUT', `/group/${group.id}`, { maxCount: 0 }, /'maxCount'/);
      await expect400('PUT', `/group/${group.id}`, { open: 'yes' }, /'open'/);
      await expect400('PUT', `/group/${group.id}`, {}, /Nothing to change/);
      await expect400('PUT', `/group/${group.id}`, { name: `other_${tag}` }, /^Group name is in use\.$/);
      assert.equal((await call('PUT', `/group/${randomUUID()}`, { name: 'x' })).status, 404);

      assert.equal((await call('DELETE', `/group/${group.id}/member/${member.user_id}`)).status, 200);
      const left = (await client.listGroupUsers(owner, group.id!)).group_users!;
      assert.deepEqual(left.map((u) => u.user!.id), [owner.user_id]);
      assert.equal((await call('DELETE', `/group/${group.id}/member/${member.user_id}`)).status, 404);
      await expect400('DELETE', `/group/${group.id}/member/${owner.user_id}`, undefined, /last superadmin/);

      assert.equal((await call('DELETE', `/group/${group.id}`)).status, 200);
      assert.equal((await call('GET', `/group/${group.id}`)).status, 404);
      assert.deepEqual((await client.listGroups(owner, `renamed_${tag}`)).groups ?? [], []);
      await expect400('GET', '/group/not-a-uuid', undefined, /'id'/);
      await expect400('GET', '/group?limit=500', undefined, /'limit'/);
    });
  });
}
