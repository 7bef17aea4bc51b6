import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../server/config/load.js';
import { createLogger } from '../../server/common/logger.js';
import { createOutpost } from '../../server/main.js';
import { ModuleLoadError } from '../../server/runtime/module-loader.js';
import { createTestDatabase } from '../support/databases.js';
import { startTestServer } from '../support/server.js';
import { writeModule } from './module-fixture.js';

const quiet = createLogger({ level: 'error', format: 'text', write: () => {} });

/** Creates and starts a server on SQLite with the given module; returns the start error, if any. */
async function startWith(source: string, flags: string[] = []): Promise<{ error?: unknown; stop(): Promise<void>; file: string; outpost: Awaited<ReturnType<typeof createOutpost>> }> {
  const db = await createTestDatabase('sqlite');
  const modules = await writeModule(source, flags);
  const loaded = loadConfig({ argv: ['--data_dir', db.dataDir, '--socket.address', '127.0.0.1', '--socket.port', '0', ...modules.flags], env: {} });
  const outpost = await createOutpost(loaded, { logger: quiet });
  let error: unknown;
  try {
    await outpost.start();
  } catch (err) {
    error = err;
  }
  return {
    error,
    file: modules.file,
    outpost,
    async stop() {
      await outpost.stop();
      await modules.remove();
      await db.drop();
    },
  };
}

describe('runtime module loading', () => {
  it('refuses to start on a syntax error, naming file and line', async () => {
    const run = await startWith('function InitModule(ctx, logger, nk, initializer) {\n  var ok = 1;\n  var broken = ;\n}\n');
    try {
      assert.ok(run.error instanceof ModuleLoadError, String(run.error));
      assert.equal(run.error.line, 3);
      assert.match(run.error.message, new RegExp(`^${run.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: SyntaxError`));
    } finally {
      await run.stop();
    }
  });

  it('refuses to start when InitModule throws, naming file and line', async () => {
    const run = await startWith('function InitModule(ctx, logger, nk, initializer) {\n  initializer.registerRpc("a", function () {});\n\n  missingFunction();\n}\n');
    try {
      assert.ok(run.error instanceof ModuleLoadError);
      assert.equal(run.error.line, 4);
      assert.match(run.error.message, /index\.js:4: missingFunction is not defined/);
    } finally {
      await run.stop();
    }
  });

  it('refuses a module without InitModule, and one that registers a non-function', async () => {
    const none = await startWith('var x = 1;');
    try {
      assert.match(String((none.error as Error).message), /InitModule function not found/);
    } finally {
      await none.stop();
    }
    const bad = await startWith('function InitModule(ctx, logger, nk, initializer) {\n  initializer.registerRpc("x", 42);\n}');
    try {
      assert.match(String((bad.error as Error).message), /index\.js:2: registerRpc: expects a function/);
    } finally {
      await bad.stop();
    }
  });

  it('makes `outpost start` exit with status 1 and print file:line', async () => {
    const db = await createTestDatabase('sqlite');
    const modules = await writeModule('function InitModule(ctx, logger, nk, initializer) {\n  initializer.registerRpc("a", function () {});\n  throw new Error("no config");\n}\n');
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'start', '--data_dir', db.dataDir, '--socket.port', '0', '--socket.address', '127.0.0.1', ...modules.flags], {
        cwd: fileURLToPath(new URL('../../', import.meta.url)),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.stdout.resume();
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      assert.equal(code, 1);
      assert.ok(err.includes(`outpost: runtime module failed to load: ${modules.file}:3: no config`), err);
    } finally {
      await modules.remove();
      await db.drop();
    }
  });

  it('starts without the module when runtime.start_on_module_error is set', async () => {
    const run = await startWith('function InitModule( {', ['--runtime.start_on_module_error', 'true']);
    try {
      assert.equal(run.error, undefined);
      assert.match(run.outpost.runtime.registered().loadError ?? '', /index\.js:1: SyntaxError/);
      const res = await fetch(`${run.outpost.addresses().api}/v2/rpc/any?http_key=defaulthttpkey`, { method: 'POST', body: '""' });
      assert.equal(res.status, 404);
    } finally {
      await run.stop();
    }
  });
});

describe('runtime lifecycle', () => {
  let hits: string[];
  let sink: Server;
  let sinkUrl: string;
  before(async () => {
    hits = [];
    sink = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('ok');
    });
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
    sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
  });
  after(() => sink.close());

  it('runs registerShutdown handlers on stop, with nk still working', async () => {
    const source = `function InitModule(ctx, logger, nk, initializer) {
      initializer.registerShutdown(function (ctx, logger, nk) { nk.httpRequest(ctx.env.SINK + '/bye?mode=' + ctx.executionMode, 'get'); });
    }`;
    const server = await startTestServer('sqlite', [...(await writeModule(source)).flags, '--runtime.env', `SINK=${sinkUrl}`]);
    assert.deepEqual(server.outpost.runtime.registered().callbacks, ['Shutdown']);
    await server.stop();
    assert.deepEqual(hits, ['/bye?mode=shutdown']);
  });

  it('reloads the module when the runtime is started again', async () => {
    const version = (v: number) => `function InitModule(ctx, logger, nk, initializer) { initializer.registerRpc('version', function () { return '${v}'; }); }`;
    const modules = await writeModule(version(1));
    const server = await startTestServer('sqlite', modules.flags);
    const call = async () => ((await (await fetch(`${server.baseUrl}/v2/rpc/version?http_key=defaulthttpkey`, { method: 'POST', body: '""' })).json()) as { payload: string }).payload;
    try {
      assert.equal(await call(), '1');
      await writeFile(modules.file, version(2));
      await server.outpost.runtime.start();
      assert.equal(await call(), '2');
    } finally {
      await server.stop();
      await modules.remove();
    }
  });

  it('replaces a worker that runs out of memory; the next call works', async () => {
    const source = `function InitModule(ctx, logger, nk, initializer) {
      initializer.registerRpc('hog', function () { var all = []; while (true) { all.push(new Array(100000).fill('x' + all.length)); } });
      initializer.registerRpc('ok', function () { return 'fine'; });
    }`;
    const modules = await writeModule(source, ['--runtime.js_max_memory_mb', '48', '--runtime.js_worker_count', '1', '--runtime.call_timeout_ms', '30000']);
    const server = await startTestServer('sqlite', modules.flags);
    try {
      const hog = await fetch(`${server.baseUrl}/v2/rpc/hog?http_key=defaulthttpkey`, { method: 'POST', body: '""' });
      assert.equal(hog.status, 500);
      assert.deepEqual(await hog.json(), { error: 'Runtime worker stopped unexpectedly.', message: 'Runtime worker stopped unexpectedly.', code: 13 });
      const ok = await fetch(`${server.baseUrl}/v2/rpc/ok?http_key=defaulthttpkey`, { method: 'POST', body: '""' });
      assert.deepEqual(await ok.json(), { payload: 'fine' });
    } finally {
      await server.stop();
      await modules.remove();
    }
  });
});
