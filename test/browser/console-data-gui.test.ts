/**
 * The console's data pages in Debian's Chromium (playwright-core) against a real server: edit a storage
 * object in the JSON editor (a mistake is shown and nothing saved; a valid edit is read back through
 * nakama-js; a concurrent change is refused as a conflict), apply a wallet changeset, browse a player's
 * friends, groups and storage, find a group and remove a member. Screenshots land in test-output/screenshots/.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import type { Client, Session } from '@heroiclabs/nakama-js';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.js';
import { CONSOLE_FLAGS, CONSOLE_PASSWORD, CONSOLE_USER } from '../support/console.js';
import { ensureRendererBuilt } from '../../build/ensure-renderer.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = 'test-output/screenshots';

describe('console data pages in Chromium', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}` }, () => {
  let server: TestServer;
  let client: Client;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const tag = randomUUID().slice(0, 6);
  let hero: Session;
  let friend: Session;
  let recruit: Session;
  let guildId: string;

  before(async () => {
    await ensureRendererBuilt();
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer('sqlite', CONSOLE_FLAGS);
    client = server.client();
    hero = await client.authenticateDevice(`hero-${tag}`, true, `hero_${tag}`);
    friend = await client.authenticateDevice(`friend-${tag}`, true, `friend_${tag}`);
    recruit = await client.authenticateDevice(`recruit-${tag}`, true, `recruit_${tag}`);
    await client.writeStorageObjects(hero, [
      { collection: 'saves', key: 'slot1', value: { level: 12, hp: 80, items: ['sword', 'shield'] } },
      { collection: 'saves', key: 'slot2', value: { level: 3, hp: 100, items: [] } },
      { collection: 'settings', key: 'audio', value: { music: 0.4, sfx: 0.8 }, permission_read: 2 },
    ]);
    await client.writeStorageObjects(friend, [{ collection: 'saves', key: 'slot1', value: { level: 40, hp: 12, items: ['bow'] } }]);
    for (let i = 0; i < 6; i++) await client.writeStorageObjects(friend, [{ collection: 'achievements', key: `ach_${i}`, value: { unlocked: i % 2 === 0, progress: i * 10 } }]);
    await client.addFriends(hero, [friend.user_id!]);
    await client.addFriends(friend, [hero.user_id!]);
    await client.addFriends(hero, [recruit.user_id!]);
    const guild = await client.createGroup(hero, { name: `Knights_${tag}`, description: 'Defenders of the realm', open: true, max_count: 50 });
    guildId = guild.id!;
    await client.joinGroup(friend, guildId);
    await client.joinGroup(recruit, guildId);
    await client.createGroup(friend, { name: `Archers_${tag}`, description: 'Long range', open: false });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    page.on('pageerror', (err) => pageErrors.push(String(err)));
    await page.goto(server.outpost.addresses().console);
    await page.getByLabel('Username').fill(CONSOLE_USER);
    await page.getByLabel('Password').fill(CONSOLE_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${name}.png` });
  const readSlot = async () => (await client.readStorageObjects(hero, { object_ids: [{ collection: 'saves', key: 'slot1', user_id: hero.user_id }] })).objects[0]!;

  it('edits a storage object: a JSON mistake is shown and not saved, a valid edit is, a concurrent change conflicts', async () => {
    await page.getByRole('link', { name: 'Storage', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Storage' }).waitFor();
    await page.getByRole('button', { name: /^saves/ }).click();
    await page.getByLabel('Filter by user id').fill(hero.user_id!);
    await page.getByRole('cell', { name: 'slot2' }).waitFor();
    await page.getByLabel('Filter by user id').fill('');
    await page.getByRole('cell', { name: friend.username! }).waitFor();
    await shot('storage');

    await page.getByLabel('Filter by key prefix').fill('slot1');
    await page.getByRole('cell', { name: 'slot2' }).waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: hero.username! }).click();
    await page.getByRole('heading', { level: 1, name: 'saves / slot1' }).waitFor();
    const editor = page.getByLabel('Object value');
    assert.deepEqual(JSON.parse(await editor.inputValue()), { level: 12, hp: 80, items: ['sword', 'shield'] });

    const before = await readSlot();
    await editor.fill('{\n  "level": 13,\n  "hp" 80\n}');
    await page.getByTestId('json-status').getByText(/^Line 3, column \d+:/).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled(), true);
    await editor.fill('[1, 2, 3]');
    await page.getByTestId('json-status').getByText(/must be a JSON object/).waitFor();
    await editor.fill('{\n  "level": 13,\n  "hp" 80\n}');
    await shot('storage-editor-invalid');
    assert.equal((await readSlot()).version, before.version, 'nothing was saved');

    await editor.fill('{\n  "level": 13,\n  "hp": 95,\n  "items": ["sword", "shield", "potion"]\n}');
    await page.getByTestId('json-status').getByText('Valid JSON object · 3 top-level keys').waitFor();
    await page.getByLabel('Read permission').selectOption('2');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Object saved').waitFor();
    const saved = await readSlot();
    assert.deepEqual(saved.value, { level: 13, hp: 95, items: ['sword', 'shield', 'potion'] });
    assert.equal(saved.permission_read, 2);
    // The friend can now read it (public read), as a game would.
    assert.equal((await client.readStorageObjects(friend, { object_ids: [{ collection: 'saves', key: 'slot1', user_id: hero.user_id }] })).objects.length, 1);
    await shot('storage-editor');

    // The game changes the object while the admin edits: the admin's save is refused, nothing is lost.
    await client.writeStorageObjects(hero, [{ collection: 'saves', key: 'slot1', value: { level: 14 }, permission_read: 2 }]);
    await editor.fill('{ "level": 99 }');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('alert').getByText(/changed by someone else/).waitFor();
    await shot('storage-conflict');
    assert.deepEqual((await readSlot()).value, { level: 14 });
    await page.getByRole('button', { name: 'Load the latest version' }).click();
    await page.waitForFunction(() => (document.querySelector('textarea[aria-label="Object value"]') as HTMLTextAreaElement | null)?.value.includes('14'));
  });

  it('creates a new object for a player and deletes it', async () => {
    await page.getByRole('link', { name: 'Storage', exact: true }).click();
    await page.getByRole('button', { name: 'New object' }).click();
    await page.getByLabel('New collection').fill('mail');
    await page.getByLabel('New key').fill('welcome');
    await page.getByLabel('New owner').fill(hero.user_id!);
    await page.getByRole('button', { name: 'Open editor' }).click();
    await page.getByRole('heading', { level: 1, name: 'mail / welcome' }).waitFor();
    await page.getByText('new object').waitFor();
    await page.getByLabel('Object value').fill('{ "subject": "Welcome", "gift": 50 }');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByText('Object created').waitFor();
    const read = () => client.readStorageObjects(hero, { object_ids: [{ collection: 'mail', key: 'welcome', user_id: hero.user_id }] });
    assert.deepEqual((await read()).objects[0]!.value, { subject: 'Welcome', gift: 50 });
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('button', { name: 'Delete object' }).click();
    await page.getByRole('heading', { level: 1, name: 'Storage' }).waitFor();
    assert.equal((await read()).objects.length, 0);
  });

  it("shows a player's wallet and applies a changeset through the ledger", async () => {
    await page.goto(`${server.outpost.addresses().console}/players/${hero.user_id}`);
    await page.getByRole('heading', { level: 1, name: hero.username! }).waitFor();
    await page.getByRole('tab', { name: 'Wallet' }).click();
    await page.getByText('Empty wallet.').waitFor();
    const changeset = page.getByLabel('Wallet changeset');
    await changeset.fill('{ "coins": 1.5 }');
    await page.getByText('“coins” must be a whole number').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Apply changeset' }).isDisabled(), true);
    await changeset.fill('{ "coins": 250, "gems": 12 }');
    await page.getByLabel('Reason').fill('support ticket 4312');
    await page.getByRole('button', { name: 'Apply changeset' }).click();
    await page.getByTestId('balance-coins').getByText('250').waitFor();
    await changeset.fill('{ "coins": -50 }');
    await page.getByRole('button', { name: 'Apply changeset' }).click();
    await page.getByTestId('balance-coins').getByText('200').waitFor();
    await changeset.fill('{ "gems": -100 }');
    await page.getByRole('button', { name: 'Apply changeset' }).click();
    await page.getByText(/'gems' would go below zero/).waitFor();
    assert.deepEqual(JSON.parse((await client.getAccount(hero)).wallet!), { coins: 200, gems: 12 });
    await page.getByRole('cell', { name: /support ticket 4312/ }).waitFor();
    await shot('player-wallet');

    await page.getByRole('tab', { name: 'Friends' }).click();
    await page.getByRole('link', { name: friend.username! }).waitFor();
    await page.getByText('invite sent').waitFor();
    await shot('player-friends');
    await page.getByRole('tab', { name: 'Groups' }).click();
    await page.getByRole('cell', { name: `Knights_${tag}` }).waitFor();
    await shot('player-groups');
    await page.getByRole('tab', { name: 'Storage' }).click();
    await page.getByRole('cell', { name: 'audio' }).waitFor();
    await shot('player-storage');
    await page.getByRole('cell', { name: 'audio' }).click();
    await page.getByRole('heading', { level: 1, name: 'settings / audio' }).waitFor();
  });

  it('finds a group, edits it and removes a member', async () => {
    await page.getByRole('link', { name: 'Groups', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Groups' }).waitFor();
    await page.getByRole('cell', { name: `Archers_${tag}` }).waitFor();
    await page.getByLabel('Search groups').fill(`knights_${tag}`);
    await page.waitForFunction((name) => !document.body.innerText.includes(name), `Archers_${tag}`);
    await shot('groups');
    await page.getByRole('cell', { name: `Knights_${tag}` }).click();
    await page.getByRole('heading', { level: 1, name: `Knights_${tag}` }).waitFor();
    await page.getByRole('link', { name: recruit.username! }).waitFor();

    await page.getByLabel('Group description').fill('Defenders of the realm, est. 1204');
    await page.getByLabel('Max members').fill('40');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Group saved').waitFor();
    const listed = (await client.listGroups(hero, `Knights_${tag}`)).groups![0]!;
    assert.deepEqual([listed.description, listed.max_count], ['Defenders of the realm, est. 1204', 40]);

    const row = page.getByRole('row').filter({ hasText: recruit.username! });
    await row.getByRole('button', { name: 'Remove' }).click();
    await row.getByRole('button', { name: `Remove ${recruit.username}` }).click();
    await page.getByText(`${recruit.username} removed`).waitFor();
    await page.getByRole('link', { name: recruit.username! }).waitFor({ state: 'detached' });
    const members = (await client.listGroupUsers(hero, guildId)).group_users!.map((u) => u.user!.username).sort();
    assert.deepEqual(members, [friend.username, hero.username].sort());
    await shot('group-detail');
    assert.deepEqual(pageErrors, []);
  });
});
