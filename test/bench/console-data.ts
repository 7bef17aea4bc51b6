/**
 * Console data pages benchmark (`npx tsx test/bench/console-data.ts`): storage browser latency over the
 * console API on SQLite and PostgreSQL with 20,000 objects in one collection (first page, a key prefix far
 * into the key order, the collections summary, one object) and a wallet changeset through the ledger.
 */
import { performance } from 'node:perf_hooks';
import { CONSOLE_FLAGS, consoleCall, consoleLogin } from '../support/console.js';
import { startTestServer } from '../support/server.js';
import { machineLine, printTable } from './report.js';

const OBJECTS = 20_000;

async function timeIt(label: string, times: number, fn: () => Promise<{ status: number }>): Promise<[string, string]> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    const reply = await fn();
    samples.push(performance.now() - t);
    if (reply.status !== 200) throw new Error(`${label}: status ${reply.status}`);
  }
  samples.sort((a, b) => a - b);
  const p = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(2);
  return [label, `p50 ${p(0.5)} ms, p99 ${p(0.99)} ms (${times} runs)`];
}

async function main() {
  const rows: [string, string][] = [];
  for (const dialect of ['sqlite', 'postgres'] as const) {
    const server = await startTestServer(dialect, CONSOLE_FLAGS);
    try {
      const session = await server.client().authenticateDevice('bench-console-data');
      const owner = session.user_id!;
      // Written through the service in batches (one transaction each), as the runtime would.
      for (let i = 0; i < OBJECTS; i += 500) {
        await server.outpost.storageObjects.write(
          null,
          Array.from({ length: 500 }, (_, j) => ({ collection: 'inventory', key: `item_${String(i + j).padStart(6, '0')}`, userId: owner, value: `{"n":${i + j},"pad":"${'x'.repeat(200)}"}` })),
        );
      }
      const auth = await consoleLogin(server);
      const get = (path: string) => consoleCall(server, 'GET', `/v2/console${path}`, { auth });
      rows.push(await timeIt(`${dialect}: GET /storage (collections, ${OBJECTS.toLocaleString()} objects)`, 100, () => get('/storage')));
      rows.push(await timeIt(`${dialect}: GET /storage/inventory (first page of 25)`, 200, () => get('/storage/inventory')));
      rows.push(await timeIt(`${dialect}: GET /storage/inventory?keyPrefix=item_0199`, 200, () => get('/storage/inventory?keyPrefix=item_0199')));
      rows.push(await timeIt(`${dialect}: GET /storage/inventory?userId=…&keyPrefix=item_0150`, 200, () => get(`/storage/inventory?userId=${owner}&keyPrefix=item_0150`)));
      rows.push(await timeIt(`${dialect}: GET /storage/inventory/item_012345/{owner}`, 200, () => get(`/storage/inventory/item_012345/${owner}`)));
      rows.push(await timeIt(`${dialect}: POST /account/{id}/wallet (changeset + ledger)`, 200, () => consoleCall(server, 'POST', `/v2/console/account/${owner}/wallet`, { auth, body: { changeset: { coins: 1 } } })));
    } finally {
      await server.stop();
    }
  }
  console.log(machineLine());
  printTable(['measurement', 'result'], rows);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
