import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { buildModule } from '../../examples/runtime-module/build.js';
import { errorOf, startTestServer, type TestServer } from '../support/server.js';

describe('the sample module (examples/runtime-module), built with esbuild', () => {
  let server: TestServer;
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'outpost-example-'));
    await buildModule(join(dir, 'build', 'index.js'));
    server = await startTestServer('sqlite', ['--runtime.path', dir, '--runtime.js_entrypoint', 'build/index.js']);
  });
  after(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves its RPC, hooks and match handler', async () => {
    const client = server.client();
    const session = await client.authenticateDevice(`device-${randomUUID()}`, true, 'sample-user');
    const info = (await client.rpc(session, 'server_info', { echo: 'hi' })).payload as Record<string, unknown>;
    assert.equal(info.user, 'sample-user');
    assert.equal(info.echo, 'hi');

    // After AuthenticateDevice: a new account got its welcome notification.
    const notes = await client.listNotifications(session, 10);
    assert.deepEqual(notes.notifications?.map((n) => [n.subject, n.code, n.content]), [['Welcome!', 100, { coins: 100 }]]);

    // Before UpdateAccount: trims, and refuses over-long names with code 3.
    await client.updateAccount(session, { display_name: '  Spaced Out  ' });
    assert.equal((await client.getAccount(session)).user?.display_name, 'Spaced Out');
    const refused = await errorOf(client.updateAccount(session, { display_name: 'x'.repeat(40) }));
    assert.deepEqual(refused, { status: 400, code: 3, message: 'Display name must be at most 24 characters.' });

    const lobby = await server.outpost.runtime.registrations.matchHandlers.create('lobby', `${randomUUID()}.outpost`);
    assert.deepEqual(await lobby.init({ room: 'east' }), { tickRate: 10, label: '{"room":"east","messages":0}', actions: [] });
    const me = { userId: session.user_id!, sessionId: randomUUID(), username: 'sample-user', node: 'outpost' };
    await lobby.join(1, [me]);
    const step = await lobby.loop(2, [{ sender: me, opCode: 1, data: new TextEncoder().encode('hello'), reliable: true, receiveTimeMs: Date.now() }]);
    assert.equal(step.actions.length, 2);
    const chat = step.actions[0]!;
    assert.ok(chat.kind === 'broadcast' && chat.sender?.userId === me.userId);
    assert.deepEqual(JSON.parse(Buffer.from(chat.kind === 'broadcast' ? chat.data! : new Uint8Array()).toString()), { from: 'sample-user', text: 'hello' });
    assert.deepEqual(step.actions[1], { kind: 'label', label: '{"messages":1}' });
    assert.equal((await lobby.leave(3, [me])).continue, false);
  });
});
