/**
 * Group limits under concurrency, through nakama-js on both databases: many simultaneous joins leave
 * exactly max_count members, simultaneous acceptances never overfill, and two superadmins leaving at once
 * cannot both go while members remain.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Client, Session } from '@heroiclabs/nakama-js';
import { DIALECTS } from '../support/databases.js';
import { errorOf, startTestServer, type TestServer } from '../support/server.js';

const JOINERS = 30;
const MAX_COUNT = 7;

/** Runs every call at once and sorts the outcomes into successes and error messages. */
async function settle(calls: Promise<unknown>[]): Promise<{ ok: number; errors: string[] }> {
  const results = await Promise.all(calls.map((call) => errorOf(call).then((e) => e.message, () => null)));
  return { ok: results.filter((r) => r === null).length, errors: results.filter((r): r is string => r !== null) };
}

for (const dialect of DIALECTS) {
  describe(`group limits under concurrency (${dialect})`, () => {
    let server: TestServer;
    let client: Client;
    let users: Session[];
    before(async () => {
      server = await startTestServer(dialect);
      client = server.client();
      users = [];
      for (let i = 0; i < JOINERS + 1; i++) users.push(await client.authenticateDevice(`device-${randomUUID()}`));
    });
    after(async () => {
      await server?.stop();
    });

    it(`${JOINERS} simultaneous joins to a group of ${MAX_COUNT} leave exactly ${MAX_COUNT} members`, async () => {
      const [owner, ...joiners] = users as [Session, ...Session[]];
      const group = await client.createGroup(owner, { name: `race-${randomUUID()}`, open: true, max_count: MAX_COUNT });
      const { ok, errors } = await settle(joiners.map((j) => client.joinGroup(j, group.id!)));
      assert.equal(ok, MAX_COUNT - 1);
      assert.deepEqual(new Set(errors), new Set(['Group is full.']));
      const listed = await client.listGroupUsers(owner, group.id!, undefined, 100);
      assert.equal(listed.group_users!.length, MAX_COUNT);
      const [mine] = (await client.listUserGroups(owner, owner.user_id!)).user_groups!.filter((u) => u.group!.id === group.id);
      assert.equal(mine!.group!.edge_count, MAX_COUNT);
    });

    it('simultaneous acceptances of join requests stop at max_count', async () => {
      const [owner, ...joiners] = users as [Session, ...Session[]];
      const group = await client.createGroup(owner, { name: `accept-${randomUUID()}`, open: false, max_count: MAX_COUNT });
      for (const j of joiners) await client.joinGroup(j, group.id!);
      const half = Math.floor(joiners.length / 2);
      const { ok } = await settle([
        ...joiners.slice(0, half).map((j) => client.addGroupUsers(owner, group.id!, [j.user_id!])),
        ...joiners.slice(half).map((j) => client.promoteGroupUsers(owner, group.id!, [j.user_id!])),
      ]);
      assert.equal(ok, MAX_COUNT - 1);
      const members = (await client.listGroupUsers(owner, group.id!, undefined, 100)).group_users!;
      assert.equal(members.filter((m) => m.state! <= 2).length, MAX_COUNT);
      assert.equal(members.filter((m) => m.state === 3).length, joiners.length - (MAX_COUNT - 1));
    });

    it('two superadmins leaving at once: exactly one goes while members remain', async () => {
      const [a, b, member] = users as [Session, Session, Session];
      const group = await client.createGroup(a, { name: `leave-${randomUUID()}`, open: true });
      await client.addGroupUsers(a, group.id!, [b.user_id!, member.user_id!]);
      await client.promoteGroupUsers(a, group.id!, [b.user_id!]);
      await client.promoteGroupUsers(a, group.id!, [b.user_id!]);
      const { ok, errors } = await settle([client.leaveGroup(a, group.id!), client.leaveGroup(b, group.id!)]);
      assert.equal(ok, 1);
      assert.deepEqual(errors, ['Cannot leave group when you are the last superadmin.']);
      const states = (await client.listGroupUsers(member, group.id!)).group_users!.map((g) => g.state).sort();
      assert.deepEqual(states, [0, 2]);
    });
  });
}
