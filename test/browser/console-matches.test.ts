/**
 * The console's Matches page in Debian's Chromium: an authoritative match run by a real module (the arena
 * sample, physics on the CPU) with a nakama-js player in it is listed with its tick rate, and terminating it
 * from the page runs matchTerminate (the player hears the final scores) and ends the match.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MatchData, Socket } from '@heroiclabs/nakama-js';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildArena } from '../../examples/arena/build.js';
import { ensureRendererBuilt } from '../../build/ensure-renderer.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { nakamaSocket } from '../support/sockets.js';
import { CONSOLE_FLAGS, CONSOLE_PASSWORD, CONSOLE_USER } from '../support/console.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = 'test-output/screenshots';

describe('console Matches page in Chromium', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}` }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let socket: Socket;
  let dir: string;

  before(async () => {
    await ensureRendererBuilt();
    mkdirSync(SHOTS, { recursive: true });
    dir = await mkdtemp(join(tmpdir(), 'outpost-console-arena-'));
    await buildArena(join(dir, 'build', 'index.js'));
    server = await startTestServer('sqlite', [...CONSOLE_FLAGS, '--runtime.path', dir, '--runtime.js_entrypoint', 'build/index.js', '--sim.backend', 'cpu']);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  });

  after(async () => {
    socket?.disconnect(false);
    await browser?.close();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists an authoritative match and terminates it', async () => {
    const session = await server.client().authenticateDevice(`console-arena-${randomUUID()}`, true, 'arena_player');
    const matchId = await server.outpost.authoritativeMatches.createMatch('arena', {});
    socket = await nakamaSocket(server, session);
    const final = new Promise<Record<string, unknown>>((resolve) => {
      socket.onmatchdata = (m: MatchData) => {
        const body = JSON.parse(new TextDecoder().decode(m.data)) as Record<string, unknown>;
        if (m.op_code === 3 && body.final) resolve(body);
      };
    });
    await socket.joinMatch(matchId);

    await page.goto(server.outpost.addresses().console);
    await page.getByLabel('Username').fill(CONSOLE_USER);
    await page.getByLabel('Password').fill(CONSOLE_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.getByRole('link', { name: 'Matches', exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: matchId });
    await row.getByText('authoritative').waitFor();
    await row.getByText('20 Hz').waitFor();
    await page.screenshot({ path: `${SHOTS}/matches-authoritative.png` });

    await row.getByRole('button', { name: 'Terminate' }).click();
    await row.getByRole('button', { name: 'Run matchTerminate and end it' }).click();
    await page.getByText('Match terminated').waitFor();
    assert.deepEqual(await final, { final: true, scores: { arena_player: 0 } });
    assert.equal(server.outpost.authoritativeMatches.get(matchId), undefined);
    await row.waitFor({ state: 'detached' });
  });
});
