/**
 * POST /v2/event through nakama-js's emitEvent: events reach EventSink subscribers after the reply, marked
 * external with the sender's identity; failing or slow handlers never fail or hold up the request.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Client } from '@heroiclabs/nakama-js';
import { EventSink, type EventContext, type RuntimeEvent } from '../../server/core/event/event-sink.js';
import { createLogger, type LogEntry } from '../../server/common/logger.js';
import { DIALECTS } from '../support/databases.js';
import { errorOf, startTestServer, type TestServer } from '../support/server.js';

for (const dialect of DIALECTS) {
  describe(`events (${dialect})`, () => {
    let server: TestServer;
    let client: Client;
    before(async () => {
      server = await startTestServer(dialect);
      client = server.client();
    });
    after(async () => {
      await server?.stop();
    });

    function nextEvent(): Promise<[RuntimeEvent, EventContext]> {
      return new Promise((resolve) => {
        const off = server.outpost.events.subscribe((event, context) => {
          off();
          resolve([event, context]);
        });
      });
    }

    it('delivers a client event to subscribers, marked external, with the sender', async () => {
      const session = await client.authenticateDevice(`device-${randomUUID()}`, true, undefined, { plan: 'gold' });
      const received = nextEvent();
      assert.equal(await client.emitEvent(session, { name: 'level_up', properties: { level: '7', map: 'ice' }, external: false } as never), true);
      const [event, context] = await received;
      assert.equal(event.name, 'level_up');
      assert.deepEqual(event.properties, { level: '7', map: 'ice' });
      assert.equal(event.external, true);
      assert.ok(Math.abs(event.timestamp - Date.now()) < 60_000);
      assert.equal(context.userId, session.user_id);
      assert.equal(context.username, session.username);
      assert.deepEqual(context.vars, { plan: 'gold' });
      assert.equal(context.clientIp, '127.0.0.1');
      // A timestamp given by the client is kept.
      const again = nextEvent();
      await client.emitEvent(session, { name: 'x', properties: {}, timestamp: '2024-01-02T03:04:05Z' } as never);
      assert.equal((await again)[0].timestamp, Date.parse('2024-01-02T03:04:05Z'));
    });

    it('answers before handlers finish, and a failing handler fails nothing', async () => {
      const session = await client.authenticateDevice(`device-${randomUUID()}`);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const order: string[] = [];
      const offs = [
        server.outpost.events.subscribe(async () => {
          await gate;
          order.push('slow');
        }),
        server.outpost.events.subscribe(() => {
          throw new Error('handler exploded');
        }),
        server.outpost.events.subscribe(async () => {
          throw new Error('handler rejected');
        }),
      ];
      const seen: string[] = [];
      offs.push(server.outpost.events.subscribe((event) => void seen.push(event.name)));
      try {
        assert.equal(await client.emitEvent(session, { name: 'first', properties: {} }), true);
        assert.equal(await client.emitEvent(session, { name: 'second', properties: {} }), true);
        // Both requests were answered while the slow handler still waits on the first event.
        assert.deepEqual(order, []);
        release();
        await waitFor(() => seen.length === 2);
        assert.deepEqual(seen, ['first', 'second']);
        assert.deepEqual(order, ['slow', 'slow']);
      } finally {
        for (const off of offs) off();
      }
    });

    it('refuses malformed events with code 3', async () => {
      const session = await client.authenticateDevice(`device-${randomUUID()}`);
      const post = (body: unknown) =>
        fetch(`${server.baseUrl}/v2/event`, { method: 'POST', headers: { authorization: `Bearer ${session.token}` }, body: JSON.stringify(body) });
      for (const body of [{ name: 5 }, { name: 'a', properties: ['x'] }, { name: 'a', properties: { a: 1 } }, { name: 'a', timestamp: 'yesterday' }]) {
        const res = await post(body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.equal(((await res.json()) as { code: number }).code, 3);
      }
      const unauthenticated = await fetch(`${server.baseUrl}/v2/event`, { method: 'POST', body: '{}' });
      assert.equal(unauthenticated.status, 401);
      assert.deepEqual(await errorOf(client.emitEvent({ ...session, token: 'bad' } as never, { name: 'a', properties: {} })), {
        status: 401,
        code: 16,
        message: 'Auth token invalid',
      });
    });
  });
}

describe('event sink', () => {
  it('drops and logs events beyond its queue, and delivers the rest before stop() returns', async () => {
    const logged: LogEntry[] = [];
    const sink = new EventSink(createLogger({ level: 'warn', format: 'json', write: () => {}, sink: (entry) => void logged.push(entry) }), { queueSize: 3 });
    await sink.start();
    // Nobody listens: nothing is queued, nothing is dropped.
    sink.publish({ name: 'unheard', properties: {}, timestamp: 1, external: false });
    const seen: string[] = [];
    sink.subscribe(async (event) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push(event.name);
    });
    for (let i = 0; i < 5; i++) sink.publish({ name: `e${i}`, properties: {}, timestamp: i, external: false });
    assert.equal(logged.filter((e) => e.msg === 'event queue full, event dropped').length, 1);
    await sink.stop();
    assert.deepEqual(seen, ['e0', 'e1', 'e2']);
    // After stop nothing more is taken.
    sink.publish({ name: 'late', properties: {}, timestamp: 9, external: false });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(seen, ['e0', 'e1', 'e2']);
  });
});

async function waitFor(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
