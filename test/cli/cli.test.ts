import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnServer } from '../support/process.js';

const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { encoding: 'utf8' });

describe('outpost CLI', () => {
  it('migrate status lists pending migrations, migrate up applies them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'outpost-cli-'));
    try {
      const before = cli('migrate', 'status', '--data_dir', dir);
      assert.equal(before.status, 0, before.stderr);
      assert.match(before.stdout, /^0001 accounts\s+pending$/m);
      const up = cli('migrate', 'up', '--data_dir', dir);
      assert.equal(up.status, 0, up.stderr);
      assert.match(up.stdout, /^0001 accounts\s+\d{4}-\d\d-\d\dT/m);
      const after = cli('migrate', 'status', '--data_dir', dir);
      assert.doesNotMatch(after.stdout, /pending/);
      const bad = cli('migrate', 'sideways', '--data_dir', dir);
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /migrate up.*migrate status/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('healthcheck exits 0 against a running server and 1 when nothing answers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outpost-cli-'));
    const port = await freePort();
    const server = await spawnServer(['--data_dir', dir, '--socket.port', String(port), '--socket.address', '127.0.0.1', '--logger.level', 'error']);
    try {
      assert.match(server.output(), /INSECURE|insecure default/, 'insecure defaults are announced at start');
      assert.equal(cli('healthcheck', '--socket.port', String(port)).status, 0);
    } finally {
      server.child.kill('SIGINT');
      const code = await server.exited;
      assert.equal(code, 0, `SIGINT stops the server cleanly (signal ${server.child.signalCode}); output:\n${server.output().slice(-600)}`);
      rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(cli('healthcheck', '--socket.port', String(port)).status, 1);
  });
});
