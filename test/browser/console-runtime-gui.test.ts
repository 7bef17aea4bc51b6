/**
 * The console's Runtime page in Chromium against a server running a module: registrations, custom metrics
 * and the module's log lines are shown. Screenshot in test-output/screenshots/runtime.png.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.js';
import { CONSOLE_FLAGS, CONSOLE_PASSWORD, CONSOLE_USER } from '../support/console.js';
import { ensureRendererBuilt } from '../support/renderer-build.js';
import { writeModule, type ModuleDir } from '../runtime/module-fixture.js';
import { CONSOLE_TEST_MODULE } from '../console/runtime-module-fixture.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = 'test-output/screenshots';

describe('console runtime page in Chromium', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}` }, () => {
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
});
