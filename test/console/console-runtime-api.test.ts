/**
 * The console's Runtime page API: the configured module, what it registered (RPCs, hooks, match handlers,
 * callbacks), its custom metrics and its log lines; and a server without a module or with a broken one.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/server.js';
import { CONSOLE_FLAGS, consoleCall, consoleLogin, eventually } from '../support/console.js';
import { writeModule, type ModuleDir } from '../runtime/module-fixture.js';
import { CONSOLE_TEST_MODULE } from './runtime-module-fixture.js';

describe('console runtime API', () => {
  let server: TestServer;
  let modules: ModuleDir;
  let auth: string;
  before(async () => {
    modules = await writeModule(CONSOLE_TEST_MODULE, ['--runtime.js_worker_count', '1']);
    // Info lines reach the console's log buffer only at level info (the test default is error).
    server = await startTestServer('sqlite', [...CONSOLE_FLAGS, ...modules.flags, '--logger.level', 'info']);
    auth = await consoleLogin(server);
  });
  after(async () => {
    await server?.stop();
    await modules?.remove();
  });
  const call = (path: string) => consoleCall(server, 'GET', `/v2/console${path}`, { auth });

  it('requires an admin token', async () => {
    for (const path of ['/runtime', '/runtime/log']) {
      const reply = await consoleCall(server, 'GET', `/v2/console${path}`, { auth: 'Bearer nope' });
      assert.deepEqual([reply.status, reply.body.code], [401, 16]);
    }
  });

  it('shows the module, its registrations, metrics and log lines', async () => {
    const session = await server.client().authenticateDevice('console-runtime-device');
    await server.client().rpc(session, 'greet', {});
    const reply = await call('/runtime');
    assert.equal(reply.status, 200);
    assert.deepEqual([reply.body.module.entrypoint, reply.body.module.loaded, reply.body.module.loadError, reply.body.module.workers], ['index.js', true, '', 1]);
    const r = reply.body.registered;
    assert.deepEqual([...r.rpcs].sort(), ['daily_reward', 'greet']);
    assert.deepEqual([r.before, r.after, r.rtBefore, r.matches], [['GetAccount'], ['UpdateAccount'], ['ChannelJoin'], ['arena']]);
    assert.ok(r.callbacks.includes('MatchmakerMatched'), JSON.stringify(r.callbacks));
    assert.deepEqual(reply.body.metrics.find((m: { name: string }) => m.name === 'greetings'), { kind: 'counter', name: 'greetings', tags: { kind: 'rpc' }, value: 1, count: 1 });

    const logs = await eventually(() => call('/runtime/log'), (l) => l.body.entries.some((e: { msg: string }) => e.msg.startsWith('greeted')));
    const messages = logs.body.entries.map((e: { msg: string }) => e.msg);
    assert.ok(messages.includes('console test module ready'), messages.join(' | '));
    assert.ok(messages.includes(`greeted ${session.user_id}`), messages.join(' | '));
    assert.ok(logs.body.entries.every((e: { fields: { component: string } }) => ['module', 'runtime'].includes(e.fields.component)));
    assert.equal((await call('/runtime/log?limit=1')).body.entries.length, 1);
    assert.equal((await call('/runtime/log?limit=0')).status, 400);
  });
});

describe('console runtime API without a loadable module', () => {
  it('says when no module is configured and why a broken one did not load', async () => {
    const plain = await startTestServer('sqlite', CONSOLE_FLAGS);
    try {
      const reply = await consoleCall(plain, 'GET', '/v2/console/runtime', { auth: await consoleLogin(plain) });
      assert.deepEqual([reply.body.module.entrypoint, reply.body.module.loaded, reply.body.registered.rpcs], ['', false, []]);
    } finally {
      await plain.stop();
    }
    const broken = await writeModule('function InitModule(ctx, logger, nk, initializer) {\n  initializer.registerRpc("x", notDefined);\n}\n', ['--runtime.start_on_module_error', 'true']);
    const server = await startTestServer('sqlite', [...CONSOLE_FLAGS, ...broken.flags]);
    try {
      const reply = await consoleCall(server, 'GET', '/v2/console/runtime', { auth: await consoleLogin(server) });
      assert.equal(reply.body.module.loaded, false);
      assert.match(reply.body.module.loadError, /notDefined/);
    } finally {
      await server.stop();
      await broken.remove();
    }
  });
});
