import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DIALECTS, createTestDatabase } from '../support/databases.js';
import { freePort, spawnServer } from '../support/process.js';
import { serverKeyAuth } from '../support/server.js';

/**
 * Writes acknowledged before `kill -9` must all be there after a restart: the server is killed while
 * clients are still writing, then restarted on the same data, and every acknowledged account must log in.
 */
for (const dialect of DIALECTS) {
  describe(`crash safety (${dialect})`, () => {
    it('keeps every acknowledged write across kill -9', async () => {
      const db = await createTestDatabase(dialect);
      const port = await freePort();
      const flags = ['--data_dir', db.dataDir, '--database.address', db.address, '--socket.port', String(port), '--socket.address', '127.0.0.1', '--logger.level', 'warn'];
      try {
        const first = await spawnServer(flags);
        const acknowledged: string[] = [];
        const url = `http://127.0.0.1:${port}/v2/account/authenticate/device`;
        let stop = false;
        const writer = async () => {
          while (!stop) {
            const id = `crash-${randomUUID()}`;
            try {
              const res = await fetch(url, { method: 'POST', headers: { authorization: serverKeyAuth('defaultkey') }, body: JSON.stringify({ id }) });
              if (res.status === 200) acknowledged.push(id);
            } catch {
              return; // the server died mid-request: that write was never acknowledged
            }
          }
        };
        const writers = Array.from({ length: 8 }, writer);
        // Kill once a steady stream is flowing; waiting on a count rather than a clock keeps a busy machine
        // from ending the window before the writers have warmed up.
        const deadline = Date.now() + 30_000;
        while (acknowledged.length < 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        first.child.kill('SIGKILL');
        await first.exited;
        stop = true;
        await Promise.all(writers);
        assert.ok(acknowledged.length > 50, `expected a steady stream of writes before the kill, got ${acknowledged.length}`);

        const second = await spawnServer(flags);
        try {
          const missing: string[] = [];
          for (const id of acknowledged) {
            const res = await fetch(`${url}?create=false`, { method: 'POST', headers: { authorization: serverKeyAuth('defaultkey') }, body: JSON.stringify({ id }) });
            if (res.status !== 200) missing.push(id);
          }
          assert.deepEqual(missing, [], `${missing.length} of ${acknowledged.length} acknowledged accounts were lost`);
        } finally {
          second.child.kill('SIGTERM');
          assert.equal(await second.exited, 0, 'SIGTERM stops the server cleanly');
        }
      } finally {
        await db.drop();
      }
    });
  });
}
