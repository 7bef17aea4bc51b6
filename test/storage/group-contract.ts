/**
 * GroupRepository contract for every dialect: unique names, membership writes that keep edge_count equal
 * to the members and never above max_count (also under many concurrent joins), the rank rules of kick,
 * ban, promote and demote, the last-superadmin rule, listings with filters and positions, and cascades.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { GroupWriteRefused, type GroupRecord, type Storage } from '../../server/storage/repositories.js';
import { useMigratedStorage } from '../support/databases.js';

export function groupContract(dialect: 'sqlite' | 'postgres'): void {
  describe('groups', () => {
    let storage: Storage;
    useMigratedStorage(dialect, (opened) => (storage = opened));
    let clock = 1_000;
    const tick = () => ++clock;

    async function newUser(): Promise<string> {
      const id = randomUUID();
      await storage.accounts.createUser({ id, username: `u-${id}`, createTime: 1, deviceId: `d-${id}` });
      return id;
    }
    async function newGroup(creatorId: string, extra: Partial<GroupRecord> = {}): Promise<GroupRecord> {
      const now = tick();
      const group: GroupRecord = {
        id: randomUUID(),
        creatorId,
        name: `g-${randomUUID()}`,
        description: '',
        avatarUrl: '',
        langTag: 'en',
        metadata: '{}',
        open: true,
        edgeCount: 1,
        maxCount: 100,
        createTime: now,
        updateTime: now,
        ...extra,
      };
      await storage.groups.create(group, tick());
      return group;
    }
    const refused = (reason: string) => (err: unknown) => err instanceof GroupWriteRefused && err.reason === reason;
    const states = async (groupId: string, state?: number) =>
      Object.fromEntries((await storage.groups.listMembers(groupId, 100, state)).map((e) => [e.userId, e.state]));
    const count = async (groupId: string) => (await storage.groups.get([groupId]))[0]?.edgeCount;

    it('creates with the creator as superadmin, reads back every field, and keeps names unique', async () => {
      const owner = await newUser();
      const group = await newGroup(owner, { description: 'd', avatarUrl: 'a', langTag: 'fr', open: false, maxCount: 5 });
      assert.deepEqual(await storage.groups.get([group.id, randomUUID()]), [group]);
      assert.deepEqual(await states(group.id), { [owner]: 0 });
      await assert.rejects(newGroup(owner, { name: group.name }), refused('name_in_use'));
      assert.equal(await storage.groups.stateOf(group.id, owner), 0);
      assert.equal(await storage.groups.stateOf(group.id, randomUUID()), null);
    });

    it('updates only the fields given and refuses a taken name', async () => {
      const owner = await newUser();
      const group = await newGroup(owner);
      const other = await newGroup(owner);
      assert.equal(await storage.groups.update(group.id, { description: 'new', open: false }, 5_000), true);
      const [updated] = await storage.groups.get([group.id]);
      assert.deepEqual(updated, { ...group, description: 'new', open: false, updateTime: 5_000 });
      assert.equal(await storage.groups.update(group.id, { metadata: '{"m":1}', maxCount: 7 }, 5_001), true);
      assert.deepEqual((await storage.groups.get([group.id]))[0], { ...group, description: 'new', open: false, metadata: '{"m":1}', maxCount: 7, updateTime: 5_001 });
      await assert.rejects(storage.groups.update(group.id, { name: other.name }, 5_001), refused('name_in_use'));
      assert.equal(await storage.groups.update(randomUUID(), { name: 'x' }, 5_002), false);
    });

    it('joins as member or join request, counts only members, and refuses a full group with nothing written', async () => {
      const owner = await newUser();
      const open = await newGroup(owner, { maxCount: 2 });
      const [a, b] = [await newUser(), await newUser()];
      assert.equal(await storage.groups.join(open.id, a, true, tick(), tick()), 'joined');
      assert.equal(await storage.groups.join(open.id, a, true, tick(), tick()), 'none');
      await assert.rejects(storage.groups.join(open.id, b, true, tick(), tick()), refused('full'));
      assert.equal(await storage.groups.stateOf(open.id, b), null);
      assert.equal(await count(open.id), 2);
      const closed = await newGroup(owner, { open: false });
      assert.equal(await storage.groups.join(closed.id, b, false, tick(), tick()), 'requested');
      assert.equal(await count(closed.id), 1);
      assert.deepEqual(await storage.groups.adminIds(closed.id), [owner]);
    });

    it('many concurrent joins fill a group exactly to max_count', async () => {
      const owner = await newUser();
      const group = await newGroup(owner, { maxCount: 10 });
      const users = await Promise.all(Array.from({ length: 40 }, () => newUser()));
      const results = await Promise.allSettled(users.map((u) => storage.groups.join(group.id, u, true, tick(), tick())));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 9);
      assert.ok(results.every((r) => r.status === 'fulfilled' || refused('full')(r.reason)));
      assert.equal(await count(group.id), 10);
      assert.equal(Object.keys(await states(group.id)).length, 10);
    });

    it('adds users and accepts requests all or none', async () => {
      const owner = await newUser();
      const group = await newGroup(owner, { maxCount: 3 });
      const [a, b, c] = [await newUser(), await newUser(), await newUser()];
      await storage.groups.join(group.id, a, false, tick(), tick());
      await assert.rejects(storage.groups.add(group.id, [a, randomUUID()], tick(), tick()), refused('user_not_found'));
      assert.deepEqual(await states(group.id), { [owner]: 0, [a]: 3 });
      assert.deepEqual(await storage.groups.add(group.id, [a, owner, b], tick(), tick()), [a, b]);
      assert.equal(await count(group.id), 3);
      await assert.rejects(storage.groups.add(group.id, [c], tick(), tick()), refused('full'));
      await assert.rejects(storage.groups.add(randomUUID(), [c], tick(), tick()), refused('not_found'));
    });

    it('kicks and bans by rank, never the last superadmin, and keeps the count', async () => {
      const owner = await newUser();
      const group = await newGroup(owner);
      const [admin, member, requester] = [await newUser(), await newUser(), await newUser()];
      await storage.groups.add(group.id, [admin, member], tick(), tick());
      await storage.groups.promote(group.id, 0, [admin], tick());
      await storage.groups.join(group.id, requester, false, tick(), tick());
      // Admins remove members and requests, not admins or superadmins.
      assert.deepEqual(await storage.groups.kick(group.id, 1, [owner, admin, requester], tick()), []);
      assert.deepEqual(await states(group.id), { [owner]: 0, [admin]: 1, [member]: 2 });
      assert.deepEqual(await storage.groups.ban(group.id, 1, [member, randomUUID()], tick(), tick()), [member]);
      assert.deepEqual(await states(group.id, 4), { [member]: 4 });
      assert.equal(await storage.groups.join(group.id, member, true, tick(), tick()), 'none');
      assert.equal(await count(group.id), 2);
      // A superadmin removes anyone but the last superadmin, itself included.
      assert.deepEqual(await storage.groups.kick(group.id, 0, [owner], tick()), []);
      assert.deepEqual(await storage.groups.kick(group.id, 0, [admin, member], tick()), [admin]);
      assert.deepEqual(await states(group.id, 4), {});
      assert.equal(await count(group.id), 1);
    });

    it('promotes and demotes one step within the caller’s rank; a request promoted counts against max_count', async () => {
      const owner = await newUser();
      const group = await newGroup(owner, { maxCount: 2, open: false });
      const [a, b] = [await newUser(), await newUser()];
      await storage.groups.join(group.id, a, false, tick(), tick());
      await storage.groups.join(group.id, b, false, tick(), tick());
      assert.deepEqual(await storage.groups.promote(group.id, 0, [a], tick()), [a]);
      await assert.rejects(storage.groups.promote(group.id, 0, [b], tick()), refused('full'));
      assert.deepEqual(await states(group.id), { [owner]: 0, [a]: 2, [b]: 3 });
      // An admin makes members admins, but not admins superadmins.
      assert.deepEqual(await storage.groups.promote(group.id, 1, [a], tick()), [a]);
      assert.deepEqual(await storage.groups.promote(group.id, 1, [a], tick()), []);
      assert.deepEqual(await storage.groups.promote(group.id, 0, [a], tick()), [a]);
      assert.deepEqual(await storage.groups.promote(group.id, 0, [a], tick()), []);
      assert.deepEqual(await storage.groups.demote(group.id, 0, [owner], tick()), [owner]);
      assert.deepEqual(await storage.groups.demote(group.id, 0, [a], tick()), []);
      assert.deepEqual(await storage.groups.demote(group.id, 1, [owner], tick()), [owner]);
      assert.deepEqual(await storage.groups.demote(group.id, 0, [owner], tick()), []);
      assert.deepEqual(await states(group.id), { [a]: 0, [owner]: 2, [b]: 3 });
    });

    it('leaves: members go, the last superadmin stays while others remain, and the last one takes the group', async () => {
      const owner = await newUser();
      const group = await newGroup(owner);
      const member = await newUser();
      await storage.groups.add(group.id, [member], tick(), tick());
      await assert.rejects(storage.groups.leave(group.id, owner, tick()), refused('last_superadmin'));
      assert.equal(await storage.groups.leave(group.id, member, tick()), 'left');
      assert.equal(await storage.groups.leave(group.id, member, tick()), 'none');
      assert.equal(await count(group.id), 1);
      assert.equal(await storage.groups.leave(group.id, owner, tick()), 'deleted');
      assert.deepEqual(await storage.groups.get([group.id]), []);
      assert.equal(await storage.groups.leave(group.id, owner, tick()), 'none');
    });

    it('lists members and a user’s groups by state and position, bans only on request', async () => {
      const owner = await newUser();
      const group = await newGroup(owner);
      const second = await newGroup(owner);
      const users = [await newUser(), await newUser(), await newUser()];
      for (const u of users) await storage.groups.join(group.id, u, true, tick(), tick());
      await storage.groups.ban(group.id, 0, [users[1]!], tick(), tick());
      const all = await storage.groups.listMembers(group.id, 10, undefined);
      assert.deepEqual(all.map((e) => e.userId), [owner, users[0], users[2]]);
      const at = (i: number) => ({ state: all[i]!.state, position: all[i]!.position, id: all[i]!.userId });
      assert.deepEqual((await storage.groups.listMembers(group.id, 10, undefined, at(0))).map((e) => e.userId), [users[0], users[2]]);
      assert.deepEqual((await storage.groups.listMembers(group.id, 1, 2, at(1))).map((e) => e.userId), [users[2]]);
      assert.deepEqual((await storage.groups.listUserGroups(owner, 10, 0)).map((e) => e.groupId), [group.id, second.id]);
      assert.deepEqual(await storage.groups.listUserGroups(users[1]!, 10, undefined), []);
      assert.deepEqual((await storage.groups.listUserGroups(users[1]!, 10, 4)).map((e) => e.groupId), [group.id]);
    });

    it('lists groups by case-insensitive name pattern or by language, openness and size, after a position', async () => {
      const owner = await newUser();
      const tag = `t${randomUUID().slice(0, 8)}`;
      const made: GroupRecord[] = [];
      for (let i = 0; i < 4; i++) made.push(await newGroup(owner, { name: `${tag}-${i}`, langTag: tag, open: i % 2 === 0 }));
      await storage.groups.join(made[0]!.id, await newUser(), true, tick(), tick());
      const byName = await storage.groups.list({ name: `${tag.toUpperCase()}%` }, 10);
      assert.deepEqual(byName.map((g) => g.name), made.map((g) => g.name));
      assert.deepEqual((await storage.groups.list({ name: `${tag}%` }, 10, { name: `${tag}-1`, createTime: 0, id: '' })).map((g) => g.name), [`${tag}-2`, `${tag}-3`]);
      assert.deepEqual((await storage.groups.list({ langTag: tag }, 10)).map((g) => g.id), made.map((g) => g.id));
      assert.deepEqual((await storage.groups.list({ langTag: tag, open: true }, 10)).map((g) => g.name), [`${tag}-0`, `${tag}-2`]);
      assert.deepEqual((await storage.groups.list({ langTag: tag, open: true, maxMembers: 1 }, 10)).map((g) => g.name), [`${tag}-2`]);
      const first = (await storage.groups.list({ langTag: tag }, 2)).at(-1)!;
      assert.deepEqual((await storage.groups.list({ langTag: tag }, 10, first)).map((g) => g.id), made.slice(2).map((g) => g.id));
    });

    it('deletes a group with its edges, and a deleted account leaves its groups', async () => {
      const owner = await newUser();
      const member = await newUser();
      const group = await newGroup(owner);
      await storage.groups.add(group.id, [member], tick(), tick());
      await storage.accounts.deleteUser(member);
      assert.deepEqual(await states(group.id), { [owner]: 0 });
      assert.equal(await count(group.id), 1);
      // A group whose only superadmin is deleted goes too, as in Nakama; one with another superadmin stays.
      const [solo, other, second] = [await newUser(), await newUser(), await newUser()];
      const orphaned = await newGroup(solo);
      await storage.groups.add(orphaned.id, [other], tick(), tick());
      const kept = await newGroup(solo);
      await storage.groups.add(kept.id, [second], tick(), tick());
      await storage.groups.promote(kept.id, 0, [second], tick());
      await storage.groups.promote(kept.id, 0, [second], tick());
      await storage.accounts.deleteUser(solo);
      assert.deepEqual(await storage.groups.get([orphaned.id]), []);
      assert.deepEqual(await states(kept.id), { [second]: 0 });
      assert.equal(await count(kept.id), 1);
      assert.equal(await storage.groups.delete(group.id), true);
      assert.equal(await storage.groups.delete(group.id), false);
      assert.deepEqual(await storage.groups.listUserGroups(owner, 10, undefined), []);
    });
  });
}
