/**
 * The console's Runtime and Leaderboards pages in Chromium against a server running a module: registrations,
 * custom metrics and the module's log lines; a leaderboard's records by rank, paged, and deleting one.
 * Screenshots in test-output/screenshots/runtime.png and leaderboards.png.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.js';
import { CONSOLE_FLAGS, CONSOLE_PASSWORD, CONSOLE_USER } from '../support/console.js';
import { ensureRendererBuilt } from '../../build/ensure-renderer.js';
import { writeModule, type ModuleDir } from '../runtime/module-fixture.js';
import { CONSOLE_TEST_MODULE } from '../console/runtime-module-fixture.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = 'test-output/screenshots';

describe('console runtime and leaderboards pages in Chromium', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}` }, () => {
  let server: TestServer;
  let modules: ModuleDir;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    await ensureRendererBuilt();
    mkdirSync(SHOTS, { recursive: true });
    modules = await writeModule(CONSOLE_TEST_MODULE, ['--runtime.js_worker_count', '1']);
    server = await startTestServer('sqlite', [...CONSOLE_FLAGS, ...modules.flags, '--logger.level', 'info']);
    const client = server.client();
    for (let i = 0; i < 3; i++) await client.rpc(await client.authenticateDevice(`runtime-gui-${i}`), 'greet', {});
    await server.outpost.leaderboards.create({ id: 'weekly_score', resetSchedule: '0 0 * * 1' });
    await server.outpost.leaderboards.create({ id: 'fastest_lap', sortOrder: 'asc', operator: 'best' });
    await server.outpost.tournaments.create({ id: 'spring_cup', duration: 86_400, title: 'Spring cup', maxSize: 64 });
    for (let i = 0; i < 25; i++) {
      const s = await client.authenticateDevice(`leaderboard-gui-${i}`, true, `racer_${String(i).padStart(2, '0')}`);
      await client.writeLeaderboardRecord(s, 'weekly_score', { score: String(1000 + i * 37), subscore: String(i) });
      if (i < 6) await client.writeLeaderboardRecord(s, 'fastest_lap', { score: String(60_000 + i * 450) });
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (err) => pageErrors.push(String(err)));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await modules?.remove();
  });

  it('shows the module, its registrations, metrics and log', async () => {
    await page.goto(server.outpost.addresses().console);
    await page.getByLabel('Username').fill(CONSOLE_USER);
    await page.getByLabel('Password').fill(CONSOLE_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.getByRole('link', { name: 'Runtime', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Runtime' }).waitFor();
    await page.getByText('daily_reward').waitFor();
    await page.getByText('arena', { exact: true }).waitFor();
    await page.getByText('rt:ChannelJoin').waitFor();
    await page.getByRole('cell', { name: 'greetings' }).waitFor();
    await page.getByLabel('Module log').getByText('console test module ready').waitFor();
    await page.screenshot({ path: `${SHOTS}/runtime.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
  });

  it('pages a leaderboard by rank and deletes a record', async () => {
    await page.getByRole('link', { name: 'Leaderboards', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Leaderboards' }).waitFor();
    await page.getByRole('button', { name: /^weekly_score/ }).click();
    // Highest first: racer_24 leads; 25 records make two pages of 20.
    const firstRow = page.locator('tbody tr').first();
    await firstRow.getByRole('link', { name: 'racer_24' }).waitFor();
    await page.getByRole('button', { name: 'Next ›' }).click();
    await page.getByRole('link', { name: 'racer_00' }).waitFor();
    await page.getByRole('button', { name: '‹ Prev' }).click();
    const leader = page.getByRole('row').filter({ hasText: 'racer_24' });
    await leader.getByRole('button', { name: 'Delete' }).click();
    await leader.getByRole('button', { name: 'Delete record' }).click();
    await page.getByText('Record of racer_24 deleted').waitFor();
    await firstRow.getByRole('link', { name: 'racer_23' }).waitFor();
    const viewer = await server.client().authenticateDevice('leaderboard-gui-0');
    const top = await server.client().listLeaderboardRecords(viewer, 'weekly_score', undefined, 1);
    assert.equal(top.records![0]!.username, 'racer_23');
    await page.screenshot({ path: `${SHOTS}/leaderboards.png` });
    assert.deepEqual(pageErrors, []);
  });
});
