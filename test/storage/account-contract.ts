/**
 * AccountRepository contract: the same tests run against every dialect. Each test makes its own users
 * with random ids and names, so tests share one migrated database without stepping on each other.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { AccountConflictError, type AccountConflict, type Storage } from '../../server/storage/repositories.js';
import { useMigratedStorage } from '../support/databases.js';

const SYSTEM_USER_ID = '00000000-0000-0000-0000-000000000000';

function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 12)}`;
}

async function rejectsWith(promise: Promise<unknown>, conflict: AccountConflict): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AccountConflictError, `expected AccountConflictError, got ${String(error)}`);
    assert.equal(error.conflict, conflict);
    return true;
  });
}

export function accountContract(dialect: 'sqlite' | 'postgres'): void {
  describe('accounts', () => {
    let storage: Storage;
    useMigratedStorage(dialect, (opened) => (storage = opened));

    async function newUser(extra: { deviceId?: string; customId?: string; email?: string; passwordHash?: string } = {}) {
      const user = { id: randomUUID(), username: unique('user'), createTime: 1_700_000_000_000, ...extra };
      await storage.accounts.createUser(user);
      return user;
    }

    it('creates a user with a device and finds its login every way', async () => {
      const user = await newUser({ deviceId: unique('device'), customId: unique('custom'), email: `${unique('e')}@x.io`, passwordHash: 'hash' });
      const expected = { id: user.id, username: user.username, disableTime: 0, passwordHash: 'hash' };
      assert.deepEqual(await storage.accounts.findLoginByDevice(user.deviceId!), expected);
      assert.deepEqual(await storage.accounts.findLoginByCustomId(user.customId!), expected);
      assert.deepEqual(await storage.accounts.findLoginByEmail(user.email!), expected);
      assert.deepEqual(await storage.accounts.findLoginByUsername(user.username), expected);
      assert.deepEqual(await storage.accounts.findLoginById(user.id), expected);
      assert.equal(await storage.accounts.findLoginByDevice('no-such-device'), null);
      assert.equal(await storage.accounts.findLoginById(randomUUID()), null);
    });

    it('returns the full record with defaults', async () => {
      const user = await newUser({ customId: unique('custom') });
      const record = await storage.accounts.getUser(user.id);
      assert.deepEqual(record, {
        id: user.id,
        username: user.username,
        displayName: '',
        avatarUrl: '',
        langTag: 'en',
        location: '',
        timezone: '',
        metadata: '{}',
        wallet: '{}',
        email: null,
        customId: user.customId,
        facebookId: null,
        googleId: null,
        gamecenterId: null,
        steamId: null,
        appleId: null,
        facebookInstantGameId: null,
        edgeCount: 0,
        createTime: user.createTime,
        updateTime: user.createTime,
        verifyTime: 0,
        disableTime: 0,
      });
      assert.equal(typeof record!.createTime, 'number');
      assert.equal(await storage.accounts.getUser(randomUUID()), null);
    });

    it('never returns the system user', async () => {
      assert.equal(await storage.accounts.findLoginById(SYSTEM_USER_ID), null);
      assert.equal(await storage.accounts.findLoginByUsername(''), null);
      assert.equal(await storage.accounts.getUser(SYSTEM_USER_ID), null);
      assert.deepEqual(await storage.accounts.getUsers({ ids: [SYSTEM_USER_ID], usernames: [''] }), []);
      assert.equal(await storage.accounts.deleteUser(SYSTEM_USER_ID), false);
      assert.equal(await storage.accounts.updateAccount(SYSTEM_USER_ID, { displayName: 'x' }, 1), false);
    });

    it('refuses a taken username, device, custom id or email and leaves nothing behind', async () => {
      const taken = await newUser({ deviceId: unique('device'), customId: unique('custom'), email: `${unique('e')}@x.io` });
      const fresh = () => ({ id: randomUUID(), username: unique('user'), createTime: 1 });
      const attempts: Array<[Parameters<Storage['accounts']['createUser']>[0], AccountConflict]> = [
        [{ ...fresh(), username: taken.username }, 'username'],
        [{ ...fresh(), deviceId: taken.deviceId }, 'device'],
        [{ ...fresh(), customId: taken.customId }, 'custom'],
        [{ ...fresh(), email: taken.email }, 'email'],
      ];
      for (const [user, conflict] of attempts) {
        await rejectsWith(storage.accounts.createUser(user), conflict);
        assert.equal(await storage.accounts.getUser(user.id), null, `user row of a refused ${conflict} create remains`);
      }
    });

    it('lets exactly one of 20 concurrent creates with the same username win', async () => {
      const username = unique('race');
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          storage.accounts.createUser({ id: randomUUID(), username, createTime: 1, deviceId: unique(`race${i}`) }),
        ),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      assert.equal(won.length, 1);
      for (const r of lost) assert.equal((r.reason as AccountConflictError).conflict, 'username');
      assert.equal((await storage.accounts.getUsers({ usernames: [username] })).length, 1);
    });

    it('gets users by ids, usernames and facebook ids, deduplicated', async () => {
      const a = await newUser();
      const b = await newUser();
      const c = await newUser();
      const found = await storage.accounts.getUsers({ ids: [a.id, b.id, a.id, randomUUID()], usernames: [b.username, c.username] });
      assert.deepEqual(found.map((u) => u.id).sort(), [a.id, b.id, c.id].sort());
      assert.deepEqual(await storage.accounts.getUsers({}), []);
      assert.deepEqual(await storage.accounts.getUsers({ facebookIds: ['nobody'] }), []);
      const many = await Promise.all(Array.from({ length: 7 }, () => newUser()));
      const ids = [...many.map((u) => u.id), ...Array.from({ length: 300 }, () => randomUUID())];
      assert.equal((await storage.accounts.getUsers({ ids })).length, 7);
    });

    it('updates only the fields given and reports missing users and taken usernames', async () => {
      const user = await newUser();
      const other = await newUser();
      assert.equal(await storage.accounts.updateAccount(user.id, { displayName: 'Dee', timezone: 'UTC' }, 5000), true);
      let record = await storage.accounts.getUser(user.id);
      assert.equal(record!.displayName, 'Dee');
      assert.equal(record!.timezone, 'UTC');
      assert.equal(record!.langTag, 'en');
      assert.equal(record!.username, user.username);
      assert.equal(record!.updateTime, 5000);
      const renamed = unique('renamed');
      assert.equal(await storage.accounts.updateAccount(user.id, { username: renamed, langTag: 'fr' }, 6000), true);
      record = await storage.accounts.getUser(user.id);
      assert.equal(record!.username, renamed);
      assert.equal(record!.displayName, 'Dee');
      assert.equal(record!.langTag, 'fr');
      await rejectsWith(storage.accounts.updateAccount(user.id, { username: other.username }, 7000), 'username');
      assert.equal((await storage.accounts.getUser(user.id))!.username, renamed);
      assert.equal(await storage.accounts.updateAccount(randomUUID(), { displayName: 'x' }, 1), false);
    });

    it('deletes a user with its devices', async () => {
      const device = unique('device');
      const user = await newUser({ deviceId: device });
      assert.equal(await storage.accounts.deleteUser(user.id), true);
      assert.equal(await storage.accounts.getUser(user.id), null);
      assert.equal(await storage.accounts.findLoginByDevice(device), null);
      assert.deepEqual(await storage.accounts.listDeviceIds(user.id), []);
      assert.equal(await storage.accounts.deleteUser(user.id), false);
      // The device id is free again.
      await newUser({ deviceId: device });
    });

    it('links devices: no-op for the owner, conflict for another user', async () => {
      const first = unique('device-a');
      const user = await newUser({ deviceId: first });
      const other = await newUser({ deviceId: unique('device-o') });
      const second = unique('device-b');
      await storage.accounts.linkDevice(user.id, second, 9000);
      await storage.accounts.linkDevice(user.id, second, 9100);
      assert.deepEqual(await storage.accounts.listDeviceIds(user.id), [first, second].sort());
      assert.equal((await storage.accounts.getUser(user.id))!.updateTime, 9100);
      // GetAccount's one-query read agrees with the two separate reads.
      const both = await storage.accounts.getUserWithDevices(user.id);
      assert.deepEqual(both, { user: await storage.accounts.getUser(user.id), deviceIds: [first, second].sort() });
      const deviceless = await newUser({ customId: unique('custom') });
      assert.deepEqual((await storage.accounts.getUserWithDevices(deviceless.id))!.deviceIds, []);
      assert.equal(await storage.accounts.getUserWithDevices('00000000-0000-4000-8000-00000000ffff'), null);
      await rejectsWith(storage.accounts.linkDevice(other.id, second, 9200), 'device');
      assert.equal((await storage.accounts.findLoginByDevice(second))!.id, user.id);
    });

    it('links custom ids and emails: no-op for the owner, conflict for another user', async () => {
      const user = await newUser({ deviceId: unique('device') });
      const other = await newUser({ deviceId: unique('device') });
      const custom = unique('custom');
      const email = `${unique('mail')}@x.io`;
      await storage.accounts.linkCustom(user.id, custom, 100);
      await storage.accounts.linkCustom(user.id, custom, 200);
      await rejectsWith(storage.accounts.linkCustom(other.id, custom, 300), 'custom');
      await storage.accounts.linkEmail(user.id, email, 'pw-hash', 400);
      await storage.accounts.linkEmail(user.id, email, 'ignored', 500);
      await rejectsWith(storage.accounts.linkEmail(other.id, email, 'x', 600), 'email');
      const login = await storage.accounts.findLoginByEmail(email);
      assert.deepEqual(login, { id: user.id, username: user.username, disableTime: 0, passwordHash: 'pw-hash' });
      const record = await storage.accounts.getUser(user.id);
      assert.equal(record!.customId, custom);
      assert.equal(record!.email, email);
      assert.equal(record!.updateTime, 400);
      assert.equal((await storage.accounts.getUser(other.id))!.customId, null);
    });

    it('unlinks only identities the user holds and never the last one', async () => {
      const device = unique('device');
      const user = await newUser({ deviceId: device });
      const other = await newUser({ deviceId: unique('device') });
      assert.equal(await storage.accounts.unlink(user.id, 'device', device, 10), false, 'last identity');
      assert.equal(await storage.accounts.unlink(user.id, 'custom', 'nope', 10), false, 'not held');
      assert.equal(await storage.accounts.unlink(randomUUID(), 'device', device, 10), false, 'no such user');

      const custom = unique('custom');
      const email = `${unique('mail')}@x.io`;
      await storage.accounts.linkCustom(user.id, custom, 20);
      await storage.accounts.linkEmail(user.id, email, 'hash', 30);
      assert.equal(await storage.accounts.unlink(other.id, 'custom', custom, 40), false, "another user's");
      assert.equal(await storage.accounts.unlink(user.id, 'device', device, 50), true);
      assert.deepEqual(await storage.accounts.listDeviceIds(user.id), []);
      assert.equal(await storage.accounts.unlink(user.id, 'email', email, 60), true);
      const record = await storage.accounts.getUser(user.id);
      assert.equal(record!.email, null);
      assert.equal(record!.updateTime, 60);
      assert.equal(await storage.accounts.findLoginByEmail(email), null);
      assert.equal(await storage.accounts.unlink(user.id, 'custom', custom, 70), false, 'last identity');
      assert.equal((await storage.accounts.getUser(user.id))!.customId, custom);

      // Unlinking the email also forgets the password hash.
      await storage.accounts.linkEmail(user.id, email, 'hash2', 80);
      assert.equal(await storage.accounts.unlink(user.id, 'email', email, 90), true);
      await storage.accounts.linkEmail(user.id, `${unique('mail')}@x.io`, 'hash3', 95);
      assert.equal((await storage.accounts.findLoginById(user.id))!.passwordHash, 'hash3');
      assert.equal(await storage.accounts.unlink(user.id, 'custom', custom, 99), true);
      const last = (await storage.accounts.getUser(user.id))!.email!;
      assert.equal(await storage.accounts.unlink(user.id, 'email', last, 100), false);
    });

    it('keeps one way in when two unlinks race', async () => {
      const a = unique('device-a');
      const b = unique('device-b');
      const user = await newUser({ deviceId: a });
      await storage.accounts.linkDevice(user.id, b, 1);
      const results = await Promise.all([
        storage.accounts.unlink(user.id, 'device', a, 2),
        storage.accounts.unlink(user.id, 'device', b, 2),
      ]);
      assert.deepEqual(results.filter(Boolean).length, 1);
      assert.equal((await storage.accounts.listDeviceIds(user.id)).length, 1);
    });
  });
}
