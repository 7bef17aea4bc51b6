/**
 * The console GUI in Debian's Chromium, driven by playwright-core against a real server: log in, watch
 * CCU rise as nakama-js sockets connect, find and ban a player, change logger.level live, follow the logs.
 * A screenshot of every page lands in test-output/screenshots/.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Socket } from '@heroiclabs/nakama-js';
import { chromium, type Browser, type Page } from 'playwright-core';
import { errorOf, startTestServer, type TestServer } from '../support/server.js';
import { nakamaSocket } from '../support/sockets.js';
import { CONSOLE_FLAGS, CONSOLE_PASSWORD, CONSOLE_USER } from '../support/console.js';
import { ensureRendererBuilt } from '../../build/ensure-renderer.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = 'test-output/screenshots';
// typescript's exports hide bin/, so the CLI is found next to its package.json.
const TSC = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');

describe('console GUI in Chromium', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}` }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const sockets: Socket[] = [];
  const pageErrors: string[] = [];
  const tag = randomUUID().slice(0, 6);
  let hero: { id: string; device: string };

  before(async () => {
    await ensureRendererBuilt();
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer('sqlite', CONSOLE_FLAGS);
    // Some players, so that tables have rows to page through.
    const client = server.client();
    for (let i = 0; i < 22; i++) await client.authenticateDevice(`crowd-${tag}-${i}`, true, `player_${tag}_${String(i).padStart(2, '0')}`);
    const device = `hero-device-${tag}`;
    const session = await client.authenticateDevice(device, true, `hero_${tag}`);
    await client.updateAccount(session, { display_name: 'The Hero', location: 'Lisbon', timezone: 'Europe/Lisbon' });
    hero = { id: session.user_id!, device };
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on('pageerror', (err) => pageErrors.push(String(err)));
  });

  after(async () => {
    for (const s of sockets) s.disconnect(false);
    await browser?.close();
    await server?.stop();
  });

  const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${name}.png` });
  const go = async (label: string) => {
    await page.getByRole('link', { name: label, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: label }).waitFor();
  };

  it('type-checks the renderer', () => {
    const tsc = spawnSync(process.execPath, [TSC, '-p', 'renderer/tsconfig.json'], { encoding: 'utf8' });
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
  });

  it('refuses a wrong password, then logs in', async () => {
    await page.goto(server.outpost.addresses().console);
    await page.getByLabel('Username').fill(CONSOLE_USER);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Invalid credentials.').waitFor();
    await page.getByLabel('Password').fill(CONSOLE_PASSWORD);
    await shot('login');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  });

  it('shows CCU rising as nakama-js clients connect', async () => {
    const ccu = page.getByTestId('ccu');
    await ccu.waitFor();
    const start = Number(await ccu.textContent());
    const client = server.client();
    for (let i = 0; i < 4; i++) sockets.push(await nakamaSocket(server, await client.authenticateDevice(`crowd-${tag}-${i}`)));
    await page.waitForFunction((want) => Number(document.querySelector('[data-testid="ccu"]')?.textContent) === want, start + 4, { timeout: 10_000 });
    // Some traffic and a few seconds of samples make the charts worth looking at.
    for (let i = 0; i < 30; i++) await client.authenticateDevice(`crowd-${tag}-${i % 22}`);
    await errorOf(client.authenticateDevice('x', false)).catch(() => undefined);
    await page.waitForTimeout(3500);
    await shot('dashboard');
  });

  it('finds a player by username and bans him', async () => {
    await go('Players');
    await page.getByRole('cell', { name: `player_${tag}_00` }).waitFor();
    await shot('players');
    await page.getByLabel('Search players').fill(`HERO_${tag}`);
    await page.getByRole('cell', { name: `hero_${tag}` }).click();
    await page.getByRole('heading', { level: 1, name: `hero_${tag}` }).waitFor();
    await page.getByRole('button', { name: 'Ban', exact: true }).click();
    await page.getByRole('button', { name: 'Confirm ban' }).click();
    await page.getByText(/^banned /).waitFor();
    await shot('player-detail');
    const refused = await errorOf(server.client().authenticateDevice(hero.device, false));
    assert.deepEqual([refused.status, refused.message], [403, 'User account banned.']);
    // The search by device id finds him too, marked banned.
    await go('Players');
    await page.getByLabel('Search players').fill(hero.device);
    await page.getByRole('cell', { name: `hero_${tag}` }).waitFor();
    assert.equal(await page.locator('tbody .badge.bad').count(), 1);
  });

  it('changes logger.level at runtime and shows it in the logs', async () => {
    await go('Config');
    await page.getByPlaceholder('Filter keys').fill('logger');
    await page.getByLabel('logger.level').selectOption('debug');
    await page.getByText('logger.level is now debug').waitFor();
    assert.equal(server.outpost.config.logger.level, 'debug');
    await page.getByPlaceholder('Filter keys').fill('');
    await shot('config');

    await go('Logs');
    const marker = `gui-marker-${tag}`;
    server.outpost.logger.debug('debug line from the test', { marker });
    server.outpost.logger.warn('warning line from the test', { marker });
    await page.getByText('debug line from the test').waitFor();
    await page.getByLabel('Search logs').fill(marker);
    await page.getByLabel('Level').selectOption('warn');
    await page.getByText('warning line from the test').waitFor();
    assert.equal(await page.getByText('debug line from the test').count(), 0, 'the level filter hides debug lines');
    await page.getByLabel('Level').selectOption('debug');
    await page.getByLabel('Search logs').fill('');
    await shot('logs');
  });

  it('renders matches, chat, notifications and server pages', async () => {
    const [a, b] = sockets;
    const match = await a!.createMatch();
    await b!.joinMatch(match.match_id);
    await sockets[2]!.createMatch();
    const channel = await a!.joinChat(`general-${tag}`, 1, true, false);
    for (const text of ['gg everyone', 'anyone up for a rematch?', 'server restarts at 22:00']) await a!.writeChatMessage(channel.id, { text });

    await go('Matches');
    await page.getByRole('cell', { name: match.match_id }).waitFor();
    await shot('matches');

    await go('Chat');
    await page.getByText('server restarts at 22:00').waitFor();
    await shot('chat');

    await go('Notifications');
    await page.getByPlaceholder('00000000-0000-0000-0000-000000000000').fill(hero.id);
    await page.getByPlaceholder('Server maintenance at 22:00').fill('Welcome back');
    await page.getByRole('button', { name: 'Send notification' }).click();
    await page.getByRole('cell', { name: 'Welcome back' }).waitFor();
    await shot('notifications');

    await go('Server');
    await page.getByText('SQLite (embedded)').waitFor();
    await shot('server');
    assert.deepEqual(pageErrors, []);
  });
});
