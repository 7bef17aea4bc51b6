import { WebSocket } from 'ws';
import { Client } from '@heroiclabs/nakama-js';
import { loadConfig } from '../../server/config/load.js';
import { createLogger } from '../../server/common/logger.js';
import { createOutpost, type CreateOptions, type Outpost } from '../../server/main.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

// nakama-js needs a global WebSocket for its socket; Node 20 has none, so tests lend it the `ws` package's.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

export const SERVER_KEY = 'test-server-key';

export interface TestServer {
  outpost: Outpost;
  db: TestDatabase;
  port: number;
  baseUrl: string;
  /** A fresh official nakama-js client pointed at this server. */
  client(options?: { autoRefresh?: boolean; serverKey?: string }): Client;
  stop(): Promise<void>;
}

/**
 * Starts a real Outpost on a random loopback port over a fresh database of the given dialect.
 * Extra flags override the test defaults, exactly as on the command line.
 */
export async function startTestServer(dialect: 'sqlite' | 'postgres', flags: string[] = [], options: Omit<CreateOptions, 'logger'> = {}): Promise<TestServer> {
  const db = await createTestDatabase(dialect);
  const loaded = loadConfig({
    argv: [
      '--data_dir', db.dataDir,
      '--database.address', db.address,
      '--socket.address', '127.0.0.1',
      '--socket.port', '0',
      '--socket.server_key', SERVER_KEY,
      '--session.token_expiry_sec', '7200',
      '--session.refresh_token_expiry_sec', '86400',
      '--logger.level', 'error',
      '--console.address', '127.0.0.1',
      '--console.port', '0',
      ...flags,
    ],
    env: {},
  });
  const logger = createLogger({ level: 'error', format: 'text', write: (line) => process.stderr.write(line + '\n') });
  const outpost = await createOutpost(loaded, { ...options, logger });
  await outpost.start();
  const baseUrl = outpost.addresses().api;
  const port = Number(new URL(baseUrl).port);
  return {
    outpost,
    db,
    port,
    baseUrl,
    client: (options = {}) => new Client(options.serverKey ?? SERVER_KEY, '127.0.0.1', String(port), false, 7000, options.autoRefresh ?? false),
    async stop() {
      await outpost.stop();
      await db.drop();
    },
  };
}

/** Reads the `{code, message}` body of a rejected nakama-js call (it rejects with the fetch Response). */
export async function errorOf(promise: Promise<unknown>): Promise<{ status: number; code: number; message: string }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Response) {
      const body = (await err.json()) as { code: number; message: string };
      return { status: err.status, ...body };
    }
    throw err;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Basic auth header with the server key, as nakama-js sends it. */
export function serverKeyAuth(key = SERVER_KEY): string {
  return 'Basic ' + Buffer.from(`${key}:`).toString('base64');
}
