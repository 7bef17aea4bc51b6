import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Client, Session } from '@heroiclabs/nakama-js';
import { DIALECTS } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { writeModule, type ModuleDir } from './module-fixture.js';
import { NK_AREAS_MODULE, nkError, nkValue } from './nk-areas-module.js';

const NIL = '00000000-0000-0000-0000-000000000000';

type Listing = Record<string, unknown> & { cursor?: string | null };

async function expectErrors(client: Client, session: Session, cases: [string, unknown[], string | RegExp][]): Promise<void> {
  for (const [fn, args, expected] of cases) {
    const message = await nkError(client, session, fn, ...args);
    if (expected instanceof RegExp) assert.match(message, expected, `${fn}(${JSON.stringify(args)})`);
    else assert.equal(message, expected, `${fn}(${JSON.stringify(args)})`);
  }
}

for (const dialect of DIALECTS) {
  describe(`runtime nk friends and groups (${dialect})`, () => {
    let server: TestServer;
    let modules: ModuleDir;
    let client: Client;
    const users: Record<'ann' | 'ben' | 'cat' | 'dan', Session> = {} as never;
    const name = (who: keyof typeof users) => `${who}-${dialect}`;

    before(async () => {
      modules = await writeModule(NK_AREAS_MODULE);
      server = await startTestServer(dialect, modules.flags);
      client = server.client();
      for (const who of ['ann', 'ben', 'cat', 'dan'] as const) users[who] = await client.authenticateDevice(`device-${randomUUID()}`, true, name(who));
    });
    after(async () => {
      await server?.stop();
      await modules?.remove();
    });

    it('friendsAdd from an RPC is an invite both clients see; the second add makes friends', async () => {
      const { ann, ben } = users;
      const listed = (await client.rpc(ann, 'befriend', { userId: ben.user_id })).payload as { friends: Record<string, unknown>[]; cursor?: string };
      assert.equal(listed.friends.length, 1);
      assert.ok(!('cursor' in listed), 'no cursor key after the last page, as in Nakama');
      const invite = listed.friends[0]!;
      assert.equal(invite.state, 1);
      assert.deepEqual(invite.metadata, { met: 'in game' });
      assert.equal((invite.user as Record<string, unknown>).userId, ben.user_id);
      assert.equal((invite.user as Record<string, unknown>).username, name('ben'));
      assert.equal(typeof invite.updateTime, 'number');
      assert.equal((await client.listFriends(ann)).friends![0]!.state, 1);
      assert.equal((await client.listFriends(ben)).friends![0]!.state, 2);
      await nkValue(client, ann, 'friendsAdd', ben.user_id, name('ben'), null, [name('ann')]);
      assert.equal((await client.listFriends(ann)).friends![0]!.state, 0);
      assert.equal((await client.listFriends(ben)).friends![0]!.user!.id, ann.user_id);
    });

    it('friendsList filters by state and pages; friendsOfFriendsList names the referrer', async () => {
      const { ann, ben, cat } = users;
      await nkValue(client, ann, 'friendsAdd', ben.user_id, name('ben'), [cat.user_id]);
      await nkValue(client, ann, 'friendsAdd', cat.user_id, name('cat'), [ben.user_id]);
      const friendsOfBen = await nkValue<Listing>(client, ann, 'friendsList', ben.user_id, 1, 0);
      assert.equal((friendsOfBen.friends as unknown[]).length, 1);
      assert.equal(typeof friendsOfBen.cursor, 'string');
      const page2 = await nkValue<Listing>(client, ann, 'friendsList', ben.user_id, 1, 0, friendsOfBen.cursor);
      assert.equal((page2.friends as unknown[]).length, 1);
      const invites = await nkValue<Listing>(client, ann, 'friendsList', ann.user_id, 10, 1);
      assert.deepEqual(invites.friends, []);
      const fof = await nkValue<{ friendsOfFriends: { referrer: string; user: { userId: string } }[] }>(client, ann, 'friendsOfFriendsList', ann.user_id, 10);
      assert.deepEqual(fof.friendsOfFriends.map((f) => [f.referrer, f.user.userId]), [[ben.user_id, cat.user_id]]);
    });

    it('friendsBlock and friendsDelete show in the clients’ lists', async () => {
      const { ann, cat, dan } = users;
      await nkValue(client, ann, 'friendsBlock', ann.user_id, name('ann'), [dan.user_id]);
      const blocked = await client.listFriends(ann, 3);
      assert.deepEqual(blocked.friends!.map((f) => f.user!.id), [dan.user_id]);
      await nkValue(client, ann, 'friendsDelete', cat.user_id, name('cat'), null, [name('ben')]);
      assert.deepEqual((await client.listFriends(cat)).friends ?? [], []);
      await nkValue(client, ann, 'friendsDelete', ann.user_id, name('ann'), [dan.user_id]);
      assert.deepEqual((await client.listFriends(ann, 3)).friends ?? [], []);
    });

    it('friend functions refuse bad arguments with Nakama texts', async () => {
      const { ann, ben } = users;
      await expectErrors(client, ann, [
        ['friendsList', [''], 'expects a user ID string'],
        ['friendsList', ['nope'], 'expects user ID to be a valid identifier'],
        ['friendsList', [7], 'expects string'],
        ['friendsList', [ann.user_id, 0], 'expects limit to be 1-1000'],
        ['friendsList', [ann.user_id, 10, 4], 'expects state to be 0-3'],
        ['friendsList', [ann.user_id, 10, null, 'junk'], /^error while trying to list friends for a user: /],
        ['friendsOfFriendsList', [ann.user_id, 1001], 'expects limit to be 1-1000'],
        ['friendsAdd', ['nope', 'ann', [ben.user_id]], 'expects user ID to be a valid identifier'],
        ['friendsAdd', [ann.user_id, '', [ben.user_id]], 'expects a username string'],
        ['friendsAdd', [ann.user_id, 'ann', [ann.user_id]], 'cannot add self as friend'],
        ['friendsAdd', [ann.user_id, 'ann', ['bad-id']], `invalid user id: ${ann.user_id}`],
        ['friendsAdd', [ann.user_id, 'ann', [NIL]], `invalid user id: ${ann.user_id}`],
        ['friendsAdd', [ann.user_id, 'ann', 'x'], 'expects an array of strings'],
        ['friendsAdd', [ann.user_id, 'ann', null, ['']], 'username to add must not be empty'],
        ['friendsAdd', [ann.user_id, 'ann', null, ['nobody-' + randomUUID()]], 'no valid ID or username was provided'],
        ['friendsAdd', [ann.user_id, 'ann', [ben.user_id], null, 'meta'], 'invalid metadata: must be an object'],
        ['friendsDelete', [ann.user_id, 'ann', [ann.user_id]], 'cannot delete self'],
        ['friendsDelete', [ann.user_id, 'ann', null, ['']], 'username to delete must not be empty'],
        ['friendsBlock', [ann.user_id, 'ann', null, ['ann']], 'cannot block self'],
        ['friendsBlock', [ann.user_id, 'ann', null, ['nobody-' + randomUUID()]], 'no valid ID or username was provided'],
      ]);
    });

    it('groupCreate from an RPC returns the JS group and clients list it', async () => {
      const { ann } = users;
      const group = (await client.rpc(ann, 'make_clan', { name: `clan-${dialect}` })).payload as Record<string, unknown>;
      assert.equal(group.name, `clan-${dialect}`);
      assert.equal(group.creatorId, ann.user_id);
      assert.deepEqual(group.metadata, { tier: 3 });
      assert.equal(group.langTag, 'fr');
      assert.equal(group.open, true);
      assert.equal(group.edgeCount, 1);
      assert.equal(group.maxCount, 25);
      assert.ok(Math.abs((group.createTime as number) - Date.now() / 1000) < 60);
      const listed = await client.listGroups(ann, `clan-${dialect}`);
      assert.deepEqual(listed.groups!.map((g) => g.id), [group.id]);
      const mine = await client.listUserGroups(ann, ann.user_id!);
      assert.deepEqual(mine.user_groups!.map((ug) => [ug.group!.id, ug.state]), [[group.id, 0]]);
      const [byId] = await nkValue<Record<string, unknown>[]>(client, ann, 'groupsGetId', [group.id, randomUUID()]);
      assert.deepEqual(byId, group);
      const duplicate = await nkError(client, ann, 'groupCreate', ann.user_id, `clan-${dialect}`);
      assert.equal(duplicate, 'did not create group as a group already exists with the same name');
    });

    it('membership through nk: join, promote, demote, kick, add, ban and leave show in client listings', async () => {
      const { ann, ben, cat, dan } = users;
      const group = await nkValue(client, ann, 'groupCreate', ann.user_id, `guild-${dialect}`, null, null, null, null, true);
      const gid = group.id as string;
      const state = async (who: Session, filter?: number) =>
        (await client.listGroupUsers(ann, gid, filter)).group_users?.find((g) => g.user!.id === who.user_id)?.state;
      await nkValue(client, ann, 'groupUserJoin', gid, ben.user_id, name('ben'));
      assert.equal(await state(ben), 2);
      await nkValue(client, ann, 'groupUsersPromote', gid, [ben.user_id]);
      assert.equal(await state(ben), 1);
      await nkValue(client, ann, 'groupUsersDemote', gid, [ben.user_id], ann.user_id);
      assert.equal(await state(ben), 2);
      const denied = await nkError(client, ann, 'groupUsersKick', gid, [ann.user_id], ben.user_id);
      assert.equal(denied, 'error while trying to kick users from a group: Group not found or permission denied.');
      await nkValue(client, ann, 'groupUsersKick', gid, [ben.user_id]);
      assert.equal(await state(ben), undefined);
      await nkValue(client, ann, 'groupUsersAdd', gid, [ben.user_id, cat.user_id]);
      assert.equal(await state(cat), 2);
      await nkValue(client, ann, 'groupUsersBan', gid, [ben.user_id]);
      assert.equal(await state(ben), undefined, 'bans are listed only when asked for by state');
      assert.equal(await state(ben, 4), 4);
      await nkValue(client, ann, 'groupUserLeave', gid, cat.user_id, name('cat'));
      assert.equal(await state(cat), undefined);
      await nkValue(client, ann, 'groupUsersAdd', gid, [dan.user_id], ann.user_id);
      const members = await nkValue<{ groupUsers: { user: Record<string, unknown>; state: number }[]; cursor: string | null }>(client, ann, 'groupUsersList', gid, 1, -1);
      assert.equal(members.groupUsers.length, 1);
      assert.equal(typeof members.cursor, 'string');
      const banned = await nkValue<{ groupUsers: { user: Record<string, unknown>; state: number }[]; cursor: string | null }>(client, ann, 'groupUsersList', gid, 10, 4);
      assert.deepEqual(banned.groupUsers.map((g) => [g.user.userId, g.state]), [[ben.user_id, 4]]);
      assert.equal(banned.cursor, null);
      const annGroups = await nkValue<{ userGroups: { group: Record<string, unknown>; state: number }[] }>(client, ann, 'userGroupsList', ann.user_id);
      assert.ok(annGroups.userGroups.some((ug) => ug.group.id === gid && ug.state === 0));
      // As in Nakama, a banned user's join finds the existing edge and changes nothing.
      await nkValue(client, ann, 'groupUserJoin', gid, ben.user_id, name('ben'));
      assert.equal(await state(ben, 4), 4);
    });

    it('groupUpdate, groupsList and groupDelete act as the server', async () => {
      const { dan } = users;
      const a = await nkValue(client, dan, 'groupCreate', dan.user_id, `zz-one-${dialect}`, null, 'de', null, null, false);
      await nkValue(client, dan, 'groupCreate', dan.user_id, `zz-two-${dialect}`, null, 'de');
      await nkValue(client, dan, 'groupUpdate', a.id, null, `zz-renamed-${dialect}`, null, null, 'updated', null, true, { x: 1 }, 0);
      const [renamed] = await nkValue<Record<string, unknown>[]>(client, dan, 'groupsGetId', [a.id]);
      assert.equal(renamed!.name, `zz-renamed-${dialect}`);
      assert.equal(renamed!.description, 'updated');
      assert.equal(renamed!.open, true);
      assert.deepEqual(renamed!.metadata, { x: 1 });
      assert.equal(renamed!.maxCount, 100, 'maxCount 0 leaves the size alone');
      assert.equal((await client.listGroups(dan, `zz-renamed-${dialect}`)).groups!.length, 1);
      const page = await nkValue<{ groups: Record<string, unknown>[]; cursor: string | null }>(client, dan, 'groupsList', null, 'de', null, null, 1);
      assert.equal(page.groups.length, 1);
      assert.equal(typeof page.cursor, 'string');
      const next = await nkValue<{ groups: Record<string, unknown>[]; cursor: string | null }>(client, dan, 'groupsList', null, 'de', null, null, 1, page.cursor);
      assert.equal(next.groups.length, 1);
      assert.notEqual(next.groups[0]!.id, page.groups[0]!.id);
      const byName = await nkValue<{ groups: Record<string, unknown>[]; cursor: string | null }>(client, dan, 'groupsList', `zz-two-${dialect}`);
      assert.equal(byName.groups.length, 1);
      assert.equal(byName.cursor, null);
      await nkValue(client, dan, 'groupDelete', a.id);
      assert.deepEqual(await nkValue(client, dan, 'groupsGetId', [a.id]), []);
      assert.equal((await client.listGroups(dan, `zz-renamed-${dialect}`)).groups?.length ?? 0, 0);
    });

    it('group functions refuse bad arguments with Nakama texts', async () => {
      const { ann } = users;
      const gid = (await client.listGroups(ann, `clan-${dialect}`)).groups![0]!.id!;
      await expectErrors(client, ann, [
        ['groupCreate', ['', 'g'], 'expects a user ID string'],
        ['groupCreate', ['nope', 'g'], 'expects user ID to be a valid identifier'],
        ['groupCreate', [ann.user_id, ''], 'expects group name to not be empty'],
        ['groupCreate', [ann.user_id, 'g', 'owner'], 'expects owner ID to be a valid identifier'],
        ['groupCreate', [ann.user_id, 'g', null, null, null, null, 'yes'], 'expects boolean'],
        ['groupCreate', [ann.user_id, 'g', null, null, null, null, null, 'meta'], 'expects metadata to be an object'],
        ['groupCreate', [ann.user_id, 'g', null, null, null, null, null, null, 'ten'], 'expects number'],
        ['groupsGetId', [null], 'expects an array of group ids'],
        ['groupsGetId', [[1]], 'expects array of strings'],
        ['groupUpdate', ['nope'], 'expects group ID to be a valid identifier'],
        ['groupUpdate', [gid, 'nope'], 'expects user ID to be a valid identifier'],
        ['groupUpdate', [gid, null, null, null, null, null, null, null, [1]], 'expects metadata to be a key value object'],
        ['groupUpdate', [gid, null, ''], /^error while trying to update group: /],
        ['groupDelete', ['nope'], 'expects group ID to be a valid identifier'],
        ['groupUserJoin', ['', ann.user_id, 'ann'], 'expects a group ID string'],
        ['groupUserJoin', [randomUUID(), ann.user_id, 'ann'], 'error trying to join group: Group not found.'],
        ['groupUserJoin', [gid, '', 'ann'], 'expects a user ID string'],
        ['groupUserLeave', [gid, ann.user_id, ''], 'expects a username string'],
        ['groupUsersAdd', [gid, null], 'expects an array of user ids'],
        ['groupUsersAdd', [gid, [NIL]], 'cannot add the root user'],
        ['groupUsersAdd', [gid, ['x']], 'expects user id to be valid identifier'],
        ['groupUsersAdd', [gid, 'x'], 'expects an array of strings'],
        ['groupUsersBan', [gid, 'x'], 'expects an array of user ids'],
        ['groupUsersKick', [gid, [NIL]], 'cannot kick the root user'],
        ['groupUsersPromote', [gid, [ann.user_id], 'caller'], 'expects caller id to be valid identifier'],
        ['groupUsersDemote', [gid, [NIL]], 'cannot demote the root user'],
        ['groupUsersList', [gid, 0], 'expects limit to be 1-10000'],
        ['groupUsersList', [gid, 10, 5], 'expects state to be 0-4'],
        ['userGroupsList', ['nope'], 'expects user ID to be a valid identifier'],
        ['userGroupsList', [ann.user_id, 101], 'expects limit to be 1-100'],
        ['groupsList', [null, null, null, null, 0], 'expects limit to be 1-100'],
        ['groupsList', [null, null, 'open'], 'expects boolean'],
        ['groupsList', ['x', 'en'], /^error listing groups: /],
      ]);
    });
  });
}
