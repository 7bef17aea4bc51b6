/**
 * Groups through the official nakama-js client on both databases: create, update, delete, join (open and
 * closed), leave, add, kick, ban, promote, demote, the three listings with their filters and cursors,
 * edge counts, notifications, and Nakama's errors for bad input and missing permissions.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Client, Group, Session } from '@heroiclabs/nakama-js';
import { DIALECTS } from '../support/databases.js';
import { errorOf, startTestServer, type TestServer } from '../support/server.js';

const deviceId = () => `device-${randomUUID()}`;
const uniqueName = (prefix = 'group') => `${prefix}-${randomUUID()}`;

for (const dialect of DIALECTS) {
  describe(`groups (${dialect})`, () => {
    let server: TestServer;
    let client: Client;
    before(async () => {
      server = await startTestServer(dialect);
      client = server.client();
    });
    after(async () => {
      await server?.stop();
    });

    const newUser = () => client.authenticateDevice(deviceId());
    const create = (owner: Session, extra: Record<string, unknown> = {}): Promise<Group> =>
      client.createGroup(owner, { name: uniqueName(), open: true, ...extra } as never);
    const members = async (viewer: Session, groupId: string, state?: number) =>
      Object.fromEntries((await client.listGroupUsers(viewer, groupId, state, 100)).group_users!.map((g) => [g.user!.id!, g.state]));
    /** A raw GET for what nakama-js cannot send: its listUserGroups swaps state and limit, and it has no group filters. */
    const get = async (session: Session, path: string): Promise<any> => {
      const res = await fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${session.token}` } });
      const body = await res.json();
      if (!res.ok) throw Object.assign(new Error(body.message), { status: res.status, body });
      return body;
    };
    const failure = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (err) {
        const e = err as { status: number; body: { code: number; message: string } };
        return { status: e.status, ...e.body };
      }
      throw new Error('expected the call to fail');
    };
    const edgeCount = async (viewer: Session, groupId: string) =>
      (await client.listUserGroups(viewer, viewer.user_id!)).user_groups!.find((u) => u.group!.id === groupId)?.group!.edge_count;

    it('creates a group with Nakama defaults and refuses a taken name', async () => {
      const owner = await newUser();
      const name = uniqueName();
      const group = await client.createGroup(owner, { name, open: true, description: 'desc', lang_tag: 'fr', avatar_url: 'https://x/a.png' });
      assert.equal(group.name, name);
      assert.equal(group.creator_id, owner.user_id);
      assert.equal(group.edge_count, 1);
      assert.equal(group.max_count, 100);
      assert.deepEqual(group.metadata, {});
      assert.equal(group.open, true);
      assert.equal(group.description, 'desc');
      assert.equal(group.lang_tag, 'fr');
      assert.equal(group.avatar_url, 'https://x/a.png');
      assert.match(group.create_time!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const closed = await client.createGroup(owner, { name: uniqueName(), max_count: 3 });
      assert.equal(closed.open, false);
      assert.equal(closed.max_count, 3);
      assert.equal(closed.lang_tag, 'en');

      assert.deepEqual(await errorOf(client.createGroup(await newUser(), { name, open: true })), { status: 409, code: 6, message: 'Group name is in use.' });
      assert.deepEqual(await errorOf(client.createGroup(owner, { name: '' })), { status: 400, code: 3, message: 'Group name must be set.' });
      assert.deepEqual(await errorOf(client.createGroup(owner, { name: uniqueName(), max_count: -1 })), { status: 400, code: 3, message: 'Group max count must be >= 1 when set.' });

      const mine = await client.listUserGroups(owner, owner.user_id!);
      assert.deepEqual(mine.user_groups!.map((u) => u.state), [0, 0]);
    });

    it('updates for admins only, with Nakama’s errors', async () => {
      const owner = await newUser();
      const member = await newUser();
      const group = await create(owner);
      await client.joinGroup(member, group.id!);
      const renamed = uniqueName('renamed');
      assert.equal(await client.updateGroup(owner, group.id!, { name: renamed, description: 'new', open: false }), true);
      const [updated] = (await client.listUserGroups(owner, owner.user_id!)).user_groups!;
      assert.equal(updated!.group!.name, renamed);
      assert.equal(updated!.group!.description, 'new');
      assert.equal(updated!.group!.open, false);

      assert.deepEqual(await errorOf(client.updateGroup(member, group.id!, { name: uniqueName() })), {
        status: 404,
        code: 5,
        message: "Group not found or you're not allowed to update.",
      });
      const other = await create(owner);
      assert.deepEqual(await errorOf(client.updateGroup(owner, group.id!, { name: other.name! })), { status: 400, code: 3, message: 'Group name is in use.' });
      assert.deepEqual(await errorOf(client.updateGroup(owner, group.id!, {})), { status: 400, code: 3, message: 'Specify at least one field to update.' });
      assert.deepEqual(await errorOf(client.updateGroup(owner, group.id!, { name: '' })), { status: 400, code: 3, message: 'Group name cannot be empty.' });
      assert.deepEqual(await errorOf(client.updateGroup(owner, 'nope', { name: 'x' })), { status: 400, code: 3, message: 'Group ID must be a valid ID.' });
      // The member promoted to admin may update.
      await client.promoteGroupUsers(owner, group.id!, [member.user_id!]);
      assert.equal(await client.updateGroup(member, group.id!, { lang_tag: 'de' }), true);
    });

    it('joins an open group as a member and a closed one as a join request the admins hear about', async () => {
      const owner = await newUser();
      const joiner = await newUser();
      const open = await create(owner);
      await client.joinGroup(joiner, open.id!);
      assert.deepEqual(await members(owner, open.id!), { [owner.user_id!]: 0, [joiner.user_id!]: 2 });
      assert.equal(await edgeCount(owner, open.id!), 2);
      // Joining again is a no-op.
      await client.joinGroup(joiner, open.id!);
      assert.equal(await edgeCount(owner, open.id!), 2);

      const closed = await create(owner, { open: false });
      await client.joinGroup(joiner, closed.id!);
      assert.deepEqual(await members(owner, closed.id!), { [owner.user_id!]: 0, [joiner.user_id!]: 3 });
      assert.equal(await edgeCount(owner, closed.id!), 1);
      const notes = (await client.listNotifications(owner, 10)).notifications!;
      assert.deepEqual(
        notes.map((n) => [n.code, n.subject, n.sender_id, n.content]),
        [[-5, `User ${joiner.username} wants to join your group`, joiner.user_id, { group_id: closed.id, username: joiner.username }]],
      );

      // Adding accepts the request, counts the member and tells them.
      await client.addGroupUsers(owner, closed.id!, [joiner.user_id!]);
      assert.deepEqual(await members(owner, closed.id!), { [owner.user_id!]: 0, [joiner.user_id!]: 2 });
      assert.equal(await edgeCount(owner, closed.id!), 2);
      const added = (await client.listNotifications(joiner, 10)).notifications!;
      assert.deepEqual(
        added.map((n) => [n.code, n.subject, n.sender_id, n.content]),
        [[-4, `You've been added to group ${closed.name}`, owner.user_id, { group_id: closed.id, name: closed.name }]],
      );

      assert.deepEqual(await errorOf(client.joinGroup(joiner, randomUUID())), { status: 404, code: 5, message: 'Group not found.' });
      assert.deepEqual(await errorOf(client.joinGroup(joiner, 'bad')), { status: 400, code: 3, message: 'Group ID must be a valid ID.' });
    });

    it('refuses to join or add past max_count', async () => {
      const owner = await newUser();
      const group = await create(owner, { max_count: 2 });
      await client.joinGroup(await newUser(), group.id!);
      assert.deepEqual(await errorOf(client.joinGroup(await newUser(), group.id!)), { status: 400, code: 3, message: 'Group is full.' });
      assert.deepEqual(await errorOf(client.addGroupUsers(owner, group.id!, [(await newUser()).user_id!])), { status: 400, code: 3, message: 'Group is full.' });
      const closed = await create(owner, { open: false, max_count: 2 });
      const [a, b] = [await newUser(), await newUser()];
      await client.joinGroup(a, closed.id!);
      await client.joinGroup(b, closed.id!);
      await client.promoteGroupUsers(owner, closed.id!, [a.user_id!]);
      // The second acceptance would overfill it: refused, and the request stays.
      assert.deepEqual(await errorOf(client.promoteGroupUsers(owner, closed.id!, [b.user_id!])), { status: 400, code: 3, message: 'Group is full.' });
      assert.deepEqual(await members(owner, closed.id!), { [owner.user_id!]: 0, [a.user_id!]: 2, [b.user_id!]: 3 });
      assert.equal(await edgeCount(owner, closed.id!), 2);
    });

    it('promotes and demotes one step at a time within the caller’s rank', async () => {
      const owner = await newUser();
      const [a, b, c] = [await newUser(), await newUser(), await newUser()];
      const group = await create(owner, { open: false });
      await client.joinGroup(a, group.id!);
      await client.promoteGroupUsers(owner, group.id!, [a.user_id!]);
      assert.equal((await members(owner, group.id!))[a.user_id!], 2);
      assert.equal(await edgeCount(owner, group.id!), 2);
      await client.promoteGroupUsers(owner, group.id!, [a.user_id!]);
      assert.equal((await members(owner, group.id!))[a.user_id!], 1);
      // An admin can add and promote members to admin, but not admins to superadmin.
      await client.addGroupUsers(a, group.id!, [b.user_id!, c.user_id!]);
      await client.promoteGroupUsers(a, group.id!, [b.user_id!]);
      await client.promoteGroupUsers(a, group.id!, [b.user_id!]);
      assert.deepEqual(await members(owner, group.id!), { [owner.user_id!]: 0, [a.user_id!]: 1, [b.user_id!]: 1, [c.user_id!]: 2 });
      // Members cannot promote.
      assert.deepEqual(await errorOf(client.promoteGroupUsers(c, group.id!, [c.user_id!])), { status: 404, code: 5, message: 'Group not found or permission denied.' });

      await client.promoteGroupUsers(owner, group.id!, [a.user_id!]);
      await client.demoteGroupUsers(owner, group.id!, [b.user_id!, c.user_id!]);
      assert.deepEqual(await members(owner, group.id!), { [owner.user_id!]: 0, [a.user_id!]: 0, [b.user_id!]: 2, [c.user_id!]: 2 });
      // A superadmin may demote another while one remains; the last one is never demoted.
      await client.demoteGroupUsers(owner, group.id!, [a.user_id!]);
      await client.demoteGroupUsers(a, group.id!, [owner.user_id!]);
      assert.equal((await members(owner, group.id!))[owner.user_id!], 0);
      await client.demoteGroupUsers(owner, group.id!, [owner.user_id!]);
      assert.equal((await members(owner, group.id!))[owner.user_id!], 0);
      assert.deepEqual(await errorOf(client.demoteGroupUsers(owner, group.id!, [])), { status: 400, code: 3, message: 'User IDs must be set.' });
      assert.deepEqual(await errorOf(client.promoteGroupUsers(owner, group.id!, ['x'])), { status: 400, code: 3, message: 'User ID must be a valid ID.' });
    });

    it('kicks and bans within the caller’s rank, and banned users stay out', async () => {
      const owner = await newUser();
      const [admin, m1, m2, requester] = [await newUser(), await newUser(), await newUser(), await newUser()];
      const group = await create(owner);
      await client.addGroupUsers(owner, group.id!, [admin.user_id!, m1.user_id!, m2.user_id!]);
      await client.promoteGroupUsers(owner, group.id!, [admin.user_id!]);
      assert.equal(await edgeCount(owner, group.id!), 4);

      assert.deepEqual(await errorOf(client.kickGroupUsers(m1, group.id!, [m2.user_id!])), { status: 404, code: 5, message: 'Group not found or permission denied.' });
      assert.deepEqual(await errorOf(client.banGroupUsers(requester, group.id!, [m2.user_id!])), { status: 404, code: 5, message: 'Group not found or permission denied.' });
      // An admin cannot remove the superadmin; a kick of a member works.
      await client.kickGroupUsers(admin, group.id!, [owner.user_id!, m1.user_id!]);
      assert.deepEqual(await members(owner, group.id!), { [owner.user_id!]: 0, [admin.user_id!]: 1, [m2.user_id!]: 2 });
      assert.equal(await edgeCount(owner, group.id!), 3);
      // A kicked user may come back.
      await client.joinGroup(m1, group.id!);
      assert.equal((await members(owner, group.id!))[m1.user_id!], 2);

      await client.banGroupUsers(admin, group.id!, [m1.user_id!]);
      assert.equal((await members(owner, group.id!))[m1.user_id!], undefined);
      assert.deepEqual(await members(owner, group.id!, 4), { [m1.user_id!]: 4 });
      assert.equal(await edgeCount(owner, group.id!), 3);
      await client.joinGroup(m1, group.id!);
      assert.deepEqual(await members(owner, group.id!, 4), { [m1.user_id!]: 4 });
      assert.deepEqual((await client.listUserGroups(m1, m1.user_id!)).user_groups, []);
      assert.deepEqual((await get(m1, `/v2/user/${m1.user_id}/group?state=4`)).user_groups.map((u: { state: number }) => u.state), [4]);

      // Kicking a banned user lifts the ban; a superadmin may ban an admin.
      await client.kickGroupUsers(owner, group.id!, [m1.user_id!]);
      assert.deepEqual(await members(owner, group.id!, 4), {});
      await client.banGroupUsers(owner, group.id!, [admin.user_id!]);
      assert.deepEqual(await members(owner, group.id!), { [owner.user_id!]: 0, [m2.user_id!]: 2 });
      assert.equal(await edgeCount(owner, group.id!), 2);
      // Kicking a join request rejects it without touching the count.
      const closed = await create(owner, { open: false });
      await client.joinGroup(requester, closed.id!);
      await client.kickGroupUsers(owner, closed.id!, [requester.user_id!]);
      assert.deepEqual(await members(owner, closed.id!), { [owner.user_id!]: 0 });
      assert.equal(await edgeCount(owner, closed.id!), 1);
    });

    it('lets members leave, refuses the last superadmin, and deletes the group when the last member leaves', async () => {
      const owner = await newUser();
      const member = await newUser();
      const group = await create(owner);
      await client.joinGroup(member, group.id!);
      await client.leaveGroup(member, group.id!);
      assert.deepEqual(await members(owner, group.id!), { [owner.user_id!]: 0 });
      assert.equal(await edgeCount(owner, group.id!), 1);
      // Leaving a group one is not in is a no-op.
      assert.equal(await client.leaveGroup(member, group.id!), true);

      await client.joinGroup(member, group.id!);
      assert.deepEqual(await errorOf(client.leaveGroup(owner, group.id!)), { status: 400, code: 3, message: 'Cannot leave group when you are the last superadmin.' });
      await client.promoteGroupUsers(owner, group.id!, [member.user_id!]);
      await client.promoteGroupUsers(owner, group.id!, [member.user_id!]);
      await client.leaveGroup(owner, group.id!);
      assert.deepEqual(await members(member, group.id!), { [member.user_id!]: 0 });
      await client.leaveGroup(member, group.id!);
      assert.deepEqual(await errorOf(client.joinGroup(owner, group.id!)), { status: 404, code: 5, message: 'Group not found.' });
      assert.deepEqual((await client.listUserGroups(member, member.user_id!)).user_groups, []);
    });

    it('deletes a group for superadmins only', async () => {
      const owner = await newUser();
      const admin = await newUser();
      const group = await create(owner);
      await client.addGroupUsers(owner, group.id!, [admin.user_id!]);
      await client.promoteGroupUsers(owner, group.id!, [admin.user_id!]);
      assert.deepEqual(await errorOf(client.deleteGroup(admin, group.id!)), { status: 400, code: 3, message: "Group not found or you're not allowed to delete." });
      assert.deepEqual(await errorOf(client.deleteGroup(owner, randomUUID())), { status: 400, code: 3, message: "Group not found or you're not allowed to delete." });
      assert.equal(await client.deleteGroup(owner, group.id!), true);
      assert.deepEqual((await client.listUserGroups(owner, owner.user_id!)).user_groups, []);
      assert.deepEqual((await client.listUserGroups(admin, admin.user_id!)).user_groups, []);
      assert.deepEqual((await client.listGroupUsers(owner, group.id!)).group_users, []);
      // The name is free again.
      await client.createGroup(owner, { name: group.name!, open: true });
    });

    it('adds only existing users, all or none', async () => {
      const owner = await newUser();
      const user = await newUser();
      const group = await create(owner);
      assert.deepEqual(await errorOf(client.addGroupUsers(owner, group.id!, [user.user_id!, randomUUID()])), { status: 400, code: 3, message: 'One or more users not found.' });
      assert.deepEqual(await members(owner, group.id!), { [owner.user_id!]: 0 });
      assert.equal(await client.addGroupUsers(owner, group.id!, []), true);
      assert.deepEqual(await errorOf(client.addGroupUsers(user, group.id!, [user.user_id!])), { status: 404, code: 5, message: 'Group not found or permission denied.' });
    });

    it('serves the runtime and console through outpost.groups: the system user acts as superadmin', async () => {
      const owner = await newUser();
      const member = await newUser();
      const SYSTEM = '00000000-0000-0000-0000-000000000000';
      const made = await server.outpost.groups.create(owner.user_id!, { name: uniqueName('rt'), open: true, metadata: '{"tier":2}', maxCount: 5 });
      await client.joinGroup(member, made.id);
      const [seen] = (await client.listUserGroups(member, member.user_id!)).user_groups!;
      assert.deepEqual(seen!.group!.metadata, { tier: 2 });
      assert.equal(seen!.group!.max_count, 5);
      await server.outpost.groups.update(SYSTEM, made.id, { metadata: '{"tier":3}', maxCount: 6 });
      const [fetched] = await server.outpost.groups.getGroups([made.id, randomUUID(), 'junk']);
      assert.deepEqual([fetched!.metadata, fetched!.maxCount, fetched!.edgeCount], ['{"tier":3}', 6, 2]);
      await server.outpost.groups.kickUsers(SYSTEM, made.id, [member.user_id!]);
      assert.deepEqual(await members(owner, made.id), { [owner.user_id!]: 0 });
      await server.outpost.groups.delete(SYSTEM, made.id);
      assert.deepEqual(await server.outpost.groups.getGroups([made.id]), []);
    });

    it('lists groups by name prefix, or by language, size and openness, with cursors', async () => {
      const owner = await newUser();
      const prefix = `lst${randomUUID().slice(0, 8)}`;
      const lang = `x-${randomUUID().slice(0, 6)}`;
      const made: Group[] = [];
      for (let i = 0; i < 5; i++) {
        made.push(await client.createGroup(owner, { name: `${prefix}-${i}`, open: i % 2 === 0, lang_tag: lang, max_count: 10 } as never));
      }
      await client.joinGroup(await newUser(), made[0]!.id!);

      const one = await client.listGroups(owner, `%${prefix}%`);
      assert.equal(one.groups!.length, 1);
      assert.equal(one.groups![0]!.name, `${prefix}-0`);
      assert.ok(one.cursor);
      const names: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listGroups(owner, `${prefix.toUpperCase()}%`, cursor, 2);
        names.push(...page.groups!.map((g) => g.name!));
        cursor = page.cursor;
      } while (cursor);
      assert.deepEqual(names, made.map((g) => g.name));
      assert.deepEqual((await client.listGroups(owner, `${prefix}-3`, undefined, 10)).groups!.map((g) => g.name), [`${prefix}-3`]);

      const list = (query: string) => get(owner, `/v2/group?lang_tag=${lang}&limit=100${query}`);
      const namesOf = (body: { groups?: { name: string }[] }) => (body.groups ?? []).map((g) => g.name).sort();
      assert.equal((await list('')).groups.length, 5);
      assert.deepEqual(namesOf(await list('&open=true')), [`${prefix}-0`, `${prefix}-2`, `${prefix}-4`]);
      assert.deepEqual(namesOf(await list('&open=false')), [`${prefix}-1`, `${prefix}-3`]);
      const small = await list('&members=1');
      assert.equal(small.groups.length, 4);
      assert.ok(small.groups.every((g: { edge_count: number }) => g.edge_count === 1));
      assert.deepEqual(namesOf(await list('&members=1&open=true')), [`${prefix}-2`, `${prefix}-4`]);
      const paged: string[] = [];
      let next = '';
      do {
        const page = await get(owner, `/v2/group?lang_tag=${lang}&limit=2${next ? `&cursor=${next}` : ''}`);
        paged.push(...page.groups.map((g: { name: string }) => g.name));
        next = page.cursor ?? '';
      } while (next);
      assert.deepEqual(paged.sort(), made.map((g) => g.name).sort());

      assert.deepEqual(await failure(get(owner, `/v2/group?name=${prefix}&lang_tag=${lang}`)), { status: 400, code: 3, message: 'name filter cannot be combined with any other filter' });
      assert.deepEqual(await errorOf(client.listGroups(owner, prefix, undefined, 0)), { status: 400, code: 3, message: 'Invalid limit - limit must be between 1 and 100.' });
      assert.deepEqual(await errorOf(client.listGroups(owner, prefix, undefined, 101)), { status: 400, code: 3, message: 'Invalid limit - limit must be between 1 and 100.' });
      assert.deepEqual(await errorOf(client.listGroups(owner, prefix, '!!', 1)), { status: 400, code: 3, message: 'Malformed cursor was used.' });
    });

    it('lists group users and user groups by state with cursors, with Nakama’s errors', async () => {
      const owner = await newUser();
      const group = await create(owner);
      const joined: Session[] = [];
      for (let i = 0; i < 4; i++) {
        const user = await newUser();
        await client.joinGroup(user, group.id!);
        joined.push(user);
      }
      const all = await client.listGroupUsers(owner, group.id!);
      assert.deepEqual(all.group_users!.map((g) => [g.user!.id, g.state]), [[owner.user_id, 0], ...joined.map((u) => [u.user_id, 2])]);
      assert.equal(all.group_users![1]!.user!.username, joined[0]!.username);
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listGroupUsers(owner, group.id!, 2, 3, cursor);
        ids.push(...page.group_users!.map((g) => g.user!.id!));
        cursor = page.cursor;
      } while (cursor);
      assert.deepEqual(ids, joined.map((u) => u.user_id));

      const second = await create(owner);
      const groupsOf = await get(owner, `/v2/user/${owner.user_id}/group?state=0&limit=1`);
      assert.equal(groupsOf.user_groups.length, 1);
      assert.ok(groupsOf.cursor);
      const rest = await get(owner, `/v2/user/${owner.user_id}/group?state=0&limit=1&cursor=${groupsOf.cursor}`);
      assert.equal(rest.cursor, undefined);
      assert.deepEqual([groupsOf.user_groups[0].group.id, rest.user_groups[0].group.id], [group.id, second.id]);
      // Anyone may look at another user's groups.
      assert.deepEqual((await client.listUserGroups(joined[0]!, owner.user_id!)).user_groups!.length, 2);

      assert.deepEqual(await errorOf(client.listGroupUsers(owner, group.id!, 5)), { status: 400, code: 3, message: 'Invalid state - state must be between 0 and 4.' });
      assert.deepEqual(await errorOf(client.listGroupUsers(owner, group.id!, undefined, 101)), { status: 400, code: 3, message: 'Invalid limit - limit must be between 1 and 100.' });
      assert.deepEqual(await errorOf(client.listGroupUsers(owner, 'x')), { status: 400, code: 3, message: 'Group ID must be a valid ID.' });
      assert.deepEqual(await errorOf(client.listGroupUsers(owner, group.id!, 0, 10, 'bad')), { status: 400, code: 3, message: 'Cursor is invalid.' });
      assert.deepEqual(await errorOf(client.listGroupUsers(owner, group.id!, 0, 10, cursorOfState(2))), { status: 400, code: 3, message: 'Cursor is invalid.' });
      assert.deepEqual(await errorOf(client.listUserGroups(owner, 'nope')), { status: 400, code: 3, message: 'Group ID must be a valid ID.' });
      assert.deepEqual(await failure(get(owner, `/v2/user/${owner.user_id}/group?state=-1`)), { status: 400, code: 3, message: 'Invalid state - state must be between 0 and 4.' });
      assert.deepEqual(await failure(get(owner, `/v2/user/${owner.user_id}/group?limit=0`)), { status: 400, code: 3, message: 'Invalid limit - limit must be between 1 and 100.' });
      assert.deepEqual((await client.listGroupUsers(owner, randomUUID())).group_users, []);
    });
  });
}

/** A well-formed cursor for a given state, to check that a cursor from another filter is refused. */
function cursorOfState(state: number): string {
  return Buffer.from(JSON.stringify([state, 1, randomUUID()])).toString('base64url');
}
