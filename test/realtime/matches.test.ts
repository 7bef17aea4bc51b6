import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { MatchData, MatchPresenceEvent, Session, Socket } from '@heroiclabs/nakama-js';
import { uuidv5 } from '../../server/common/ids.js';
import { NAMESPACE_DNS } from '../../server/match/match-id.js';
import { errorOf, startTestServer, type TestServer } from '../support/server.js';
import { nakamaSocket, rawSocket } from '../support/sockets.js';

const deviceId = () => `device-${randomUUID()}`;
const RELAYED_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.$/;

/** One user's socket with everything match-related it receives, recorded from the moment it connects. */
interface Player {
  session: Session;
  socket: Socket;
  data: MatchData[];
  presence: MatchPresenceEvent[];
  /** Resolves with the first recorded item (past or future) that satisfies the predicate. */
  waitFor<T>(list: T[], predicate: (item: T) => boolean, ms?: number): Promise<T>;
}

async function player(server: TestServer): Promise<Player> {
  const session = await server.client().authenticateDevice(deviceId());
  const socket = await nakamaSocket(server, session);
  const data: MatchData[] = [];
  const presence: MatchPresenceEvent[] = [];
  const waiters: Array<() => void> = [];
  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };
  socket.onmatchdata = (d) => {
    data.push(d);
    wake();
  };
  socket.onmatchpresence = (e) => {
    presence.push(e);
    wake();
  };
  return {
    session,
    socket,
    data,
    presence,
    waitFor<T>(list: T[], predicate: (item: T) => boolean, ms = 3000) {
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for a match message')), ms);
        const check = () => {
          const hit = list.find(predicate);
          if (hit) {
            clearTimeout(timer);
            resolve(hit);
          } else waiters.push(check);
        };
        check();
      });
    },
  };
}

const joined = (p: Player) => (e: MatchPresenceEvent) => (e.joins ?? []).some((j) => j.user_id === p.session.user_id);
const left = (p: Player) => (e: MatchPresenceEvent) => (e.leaves ?? []).some((j) => j.user_id === p.session.user_id);
const text = (d: MatchData) => new TextDecoder().decode(d.data);

describe('relayed matches (sqlite)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('sqlite');
  });
  after(async () => {
    await server?.stop();
  });

  it('derives named ids with UUIDv5 in the DNS namespace, as Nakama does', () => {
    // RFC 4122 / Python's uuid.uuid5(uuid.NAMESPACE_DNS, 'www.example.com').
    assert.equal(uuidv5('www.example.com', NAMESPACE_DNS), '2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('creates a match with the creator as its only member; the same name gives the same match', async () => {
    const alice = await player(server);
    const bob = await player(server);
    const match = await alice.socket.createMatch();
    assert.match(match.match_id, RELAYED_ID);
    assert.equal(match.size, 1);
    assert.equal(match.authoritative, undefined);
    assert.equal(match.presences, undefined);
    assert.equal(match.self.user_id, alice.session.user_id);
    assert.equal(match.self.username, alice.session.username);
    assert.match(match.self.session_id, /^[0-9a-f-]{36}$/);
    // The creator is told of its own join, after the reply.
    const own = await alice.waitFor(alice.presence, joined(alice));
    assert.equal(own.match_id, match.match_id);

    const name = `room-${randomUUID()}`;
    const first = await alice.socket.createMatch(name);
    assert.equal(first.match_id, `${uuidv5(name, NAMESPACE_DNS)}.`);
    const second = await bob.socket.createMatch(name);
    assert.equal(second.match_id, first.match_id);
    assert.equal(second.size, 2);
    assert.deepEqual(second.presences.map((p) => p.user_id), [alice.session.user_id]);
    await alice.waitFor(alice.presence, (e) => e.match_id === first.match_id && joined(bob)(e));
    alice.socket.disconnect(false);
    bob.socket.disconnect(false);
  });

  it('joins by id: the reply lists the others and self, and every member (the joiner too) gets the join', async () => {
    const alice = await player(server);
    const bob = await player(server);
    const carol = await player(server);
    const match = await alice.socket.createMatch();

    const bobView = await bob.socket.joinMatch(match.match_id);
    assert.equal(bobView.match_id, match.match_id);
    assert.deepEqual(bobView.presences, [{ user_id: alice.session.user_id, session_id: match.self.session_id, username: alice.session.username }]);
    assert.equal(bobView.self.user_id, bob.session.user_id);
    assert.equal(bobView.size, 1, 'Nakama reports the number of other presences');
    const aliceSees = await alice.waitFor(alice.presence, joined(bob));
    assert.equal(aliceSees.match_id, match.match_id);
    assert.deepEqual(aliceSees.joins, [bobView.self]);
    assert.equal((await bob.waitFor(bob.presence, joined(bob))).match_id, match.match_id);

    const carolView = await carol.socket.joinMatch(match.match_id);
    assert.deepEqual(new Set(carolView.presences.map((p) => p.user_id)), new Set([alice.session.user_id, bob.session.user_id]));
    await alice.waitFor(alice.presence, joined(carol));
    await bob.waitFor(bob.presence, joined(carol));
    await carol.waitFor(carol.presence, joined(carol));

    // Joining again changes nothing and lists the caller among the members (nakama-js's own test).
    const again = await alice.socket.joinMatch(match.match_id);
    assert.equal(again.presences.length, 3);
    assert.equal(again.size, 3);
    for (const p of [alice, bob, carol]) p.socket.disconnect(false);
  });

  it('relays data to every other member, or only to the listed presences', async () => {
    const alice = await player(server);
    const bob = await player(server);
    const carol = await player(server);
    const match = await alice.socket.createMatch();
    const bobView = await bob.socket.joinMatch(match.match_id);
    await carol.socket.joinMatch(match.match_id);
    await alice.waitFor(alice.presence, joined(carol));

    await alice.socket.sendMatchState(match.match_id, 7, JSON.stringify({ hello: 'world' }));
    for (const p of [bob, carol]) {
      const got = await p.waitFor(p.data, (d) => d.op_code === 7);
      assert.equal(got.match_id, match.match_id);
      assert.deepEqual(JSON.parse(text(got)), { hello: 'world' });
      assert.deepEqual(got.presence, match.self);
    }

    // Binary payloads survive the base64 round trip.
    await bob.socket.sendMatchState(match.match_id, 8, new Uint8Array([0, 1, 2, 250, 255]));
    const binary = await alice.waitFor(alice.data, (d) => d.op_code === 8);
    assert.deepEqual([...binary.data], [0, 1, 2, 250, 255]);
    assert.equal(binary.presence?.user_id, bob.session.user_id);

    // Only Bob is listed: Carol must get nothing. Alice's frames are handled and delivered in order, so the
    // unfiltered message that follows reaches Carol after anything the filtered one would have sent her.
    await alice.socket.sendMatchState(match.match_id, 20, 'for bob', [bobView.self]);
    await alice.socket.sendMatchState(match.match_id, 21, 'for all');
    assert.equal(text(await bob.waitFor(bob.data, (d) => d.op_code === 20)), 'for bob');
    await carol.waitFor(carol.data, (d) => d.op_code === 21);
    await bob.waitFor(bob.data, (d) => d.op_code === 21);
    assert.deepEqual(carol.data.map((d) => d.op_code), [7, 8, 21]);
    assert.deepEqual(bob.data.map((d) => d.op_code), [7, 20, 21]);
    // The sender never hears its own data unless it lists itself.
    assert.deepEqual(alice.data.map((d) => d.op_code), [8]);
    for (const p of [alice, bob, carol]) p.socket.disconnect(false);
  });

  it('answers match_data_send with nothing, keeps reliable, and ignores data from a non-member', async () => {
    const alice = await player(server);
    const match = await alice.socket.createMatch();
    const bobSession = await server.client().authenticateDevice(deviceId());
    const bob = await rawSocket(server, `token=${bobSession.token}`);
    bob.send({ cid: '1', match_join: { match_id: match.match_id } });
    await bob.waitFor((m) => m.cid === '1' && m.match);
    bob.send({ cid: '2', match_data_send: { match_id: match.match_id, op_code: '5', data: Buffer.from('hi').toString('base64'), reliable: true } });
    bob.send({ cid: '3', ping: {} });
    await bob.waitFor((m) => m.cid === '3');
    assert.equal(bob.messages.filter((m) => m.cid === '2').length, 0, 'no reply to match_data_send');
    const got = await alice.waitFor(alice.data, (d) => d.op_code === 5);
    assert.equal(got.reliable, true);
    assert.equal(text(got), 'hi');

    // A malformed id is answered outside any cid, as Nakama does.
    bob.send({ cid: '4', match_data_send: { match_id: 'not-a-match', op_code: '1' } });
    const err = await bob.waitFor((m) => m.error !== undefined);
    assert.deepEqual(err, { error: { code: 3, message: 'Invalid match ID' } });

    // Dave is not a member: his data goes nowhere. His pong proves it was handled; Bob's later message then
    // reaches Alice after anything Dave's could have.
    const dave = await player(server);
    await dave.socket.sendMatchState(match.match_id, 66, 'intruder');
    await (dave.socket as unknown as { send(m: object): Promise<unknown> }).send({ ping: {} });
    bob.send({ match_data_send: { match_id: match.match_id, op_code: '6' } });
    await alice.waitFor(alice.data, (d) => d.op_code === 6);
    assert.deepEqual(alice.data.map((d) => d.op_code), [5, 6]);
    bob.ws.close();
    alice.socket.disconnect(false);
    dave.socket.disconnect(false);
  });

  it('leaves with an ack; the others see the leave and the last leave ends the match', async () => {
    const alice = await player(server);
    const bob = await player(server);
    const match = await alice.socket.createMatch();
    await bob.socket.joinMatch(match.match_id);
    await alice.waitFor(alice.presence, joined(bob));

    await bob.socket.leaveMatch(match.match_id);
    const aliceSees = await alice.waitFor(alice.presence, left(bob));
    assert.equal(aliceSees.match_id, match.match_id);
    assert.deepEqual(aliceSees.joins ?? [], []);
    // Bob is out: Alice's data no longer reaches him. Her leave's ack follows the data's delivery, and Bob's
    // refused join below follows that ack, so anything sent to him would already be recorded.
    await alice.socket.sendMatchState(match.match_id, 1, 'after bob left');
    await alice.socket.leaveMatch(match.match_id);
    // Alice was the last member: the match is over.
    await assert.rejects(bob.socket.joinMatch(match.match_id), { code: 4, message: 'Match not found' });
    assert.deepEqual(bob.data, []);
    assert.equal(((await server.client().listMatches(bob.session, 100)).matches ?? []).some((m) => m.match_id === match.match_id), false);
    alice.socket.disconnect(false);
    bob.socket.disconnect(false);
  });

  it('drops a disconnected socket from its matches, and ends a match once everyone is gone', async () => {
    const alice = await player(server);
    const bob = await player(server);
    const carol = await player(server);
    const match = await alice.socket.createMatch();
    const bobView = await bob.socket.joinMatch(match.match_id);
    await alice.waitFor(alice.presence, joined(bob));

    bob.socket.disconnect(false);
    const gone = await alice.waitFor(alice.presence, left(bob));
    assert.deepEqual(gone.leaves, [bobView.self]);
    const listed = await server.client().listMatches(alice.session, 100);
    assert.equal(listed.matches?.find((m) => m.match_id === match.match_id)?.size, 1);

    alice.socket.disconnect(false);
    await waitUntil(async () => !(await server.client().listMatches(carol.session, 100)).matches?.some((m) => m.match_id === match.match_id));
    await assert.rejects(carol.socket.joinMatch(match.match_id), { code: 4, message: 'Match not found' });
    carol.socket.disconnect(false);
  });

  it('refuses unknown, malformed and token joins with realtime errors and keeps the socket', async () => {
    const alice = await player(server);
    await assert.rejects(alice.socket.joinMatch(`${randomUUID()}.`), { code: 4, message: 'Match not found' });
    await assert.rejects(alice.socket.joinMatch(`${randomUUID()}.other-node`), { code: 4, message: 'Match not found' });
    await assert.rejects(alice.socket.joinMatch('not-a-match-id'), { code: 3, message: 'Invalid match ID' });
    await assert.rejects(alice.socket.joinMatch('nope.'), { code: 3, message: 'Invalid match ID' });
    await assert.rejects(alice.socket.joinMatch(undefined, 'some.token'), { code: 3, message: 'Invalid match token' });
    await assert.rejects(alice.socket.leaveMatch('bad'), { code: 3, message: 'Invalid match ID' });
    await assert.rejects((alice.socket as unknown as { send(m: object): Promise<unknown> }).send({ match_join: {} }), {
      code: 3,
      message: 'No match ID or token found',
    });
    // Leaving a match one is not in is fine, as in Nakama.
    await alice.socket.leaveMatch(`${randomUUID()}.`);
    assert.match((await alice.socket.createMatch()).match_id, RELAYED_ID);
    alice.socket.disconnect(false);
  });
});

describe('relayed matches with session.single_match (sqlite)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('sqlite', ['--session.single_match']);
  });
  after(async () => {
    await server?.stop();
  });

  it('leaves the other matches when joining one', async () => {
    const alice = await player(server);
    const bob = await player(server);
    const first = await bob.socket.createMatch();
    await alice.socket.joinMatch(first.match_id);
    await bob.waitFor(bob.presence, joined(alice));
    const second = await bob.socket.createMatch();
    await alice.socket.joinMatch(second.match_id);
    const leave = await bob.waitFor(bob.presence, left(alice));
    assert.equal(leave.match_id, first.match_id);
    // Bob created the second match without leaving the first: creating is not joining.
    assert.equal((await server.client().listMatches(bob.session, 100)).matches?.length, 2);
    alice.socket.disconnect(false);
    bob.socket.disconnect(false);
  });
});

describe('ListMatches (sqlite)', () => {
  let server: TestServer;
  let alice: Player;
  let sizes: Map<string, number>;
  before(async () => {
    // A server of its own, so other tests' matches do not change the counts.
    server = await startTestServer('sqlite');
    alice = await player(server);
    const bob = await player(server);
    const carol = await player(server);
    sizes = new Map();
    for (let i = 0; i < 10; i++) sizes.set((await alice.socket.createMatch()).match_id, 1);
    const pair = (await alice.socket.createMatch()).match_id;
    await bob.socket.joinMatch(pair);
    sizes.set(pair, 2);
    const trio = (await carol.socket.createMatch()).match_id;
    await alice.socket.joinMatch(trio);
    await bob.socket.joinMatch(trio);
    sizes.set(trio, 3);
  });
  after(async () => {
    await server?.stop();
  });

  const list = (...args: [number?, boolean?, string?, number?, number?, string?]) => server.client().listMatches(alice.session, ...args);

  it('lists relayed matches with their sizes, 10 by default and up to the limit', async () => {
    assert.equal(server.outpost.matches.size(), 12);
    const page = await list();
    assert.equal(page.matches?.length, 10);
    const all = (await list(100)).matches ?? [];
    assert.equal(all.length, 12);
    for (const m of all) {
      assert.match(m.match_id!, RELAYED_ID);
      assert.equal(m.size, sizes.get(m.match_id!));
      assert.equal(m.authoritative, undefined);
      assert.equal(m.label, undefined);
    }
    assert.equal((await list(3)).matches?.length, 3);
    assert.equal((await list(1, false)).matches?.length, 1);
  });

  it('filters by size', async () => {
    const ids = async (min?: number, max?: number) => new Set(((await list(100, undefined, undefined, min, max)).matches ?? []).map((m) => sizes.get(m.match_id!)));
    assert.deepEqual(await ids(2), new Set([2, 3]));
    assert.deepEqual(await ids(undefined, 1), new Set([1]));
    assert.deepEqual(await ids(2, 2), new Set([2]));
    assert.deepEqual(await ids(4), new Set());
    assert.equal((await list(100, undefined, undefined, 0)).matches?.length, 12);
  });

  it('lists no relayed match for authoritative, label or query filters', async () => {
    assert.deepEqual((await list(100, true)).matches ?? [], []);
    assert.deepEqual((await list(100, undefined, 'x')).matches ?? [], []);
    assert.deepEqual((await list(100, undefined, undefined, undefined, undefined, '+label.mode:ffa')).matches ?? [], []);
  });

  it('rejects bad limits and filters with 400 and Nakama messages', async () => {
    const cases: Array<[Parameters<typeof list>, string]> = [
      [[0], 'Invalid limit - limit must be between 1 and 100.'],
      [[101], 'Invalid limit - limit must be between 1 and 100.'],
      [[10, false, 'x'], 'Label filtering is not supported for non-authoritative matches.'],
      [[10, false, undefined, undefined, undefined, '*'], 'Query filtering is not supported for non-authoritative matches.'],
      [[10, undefined, undefined, -1], 'Minimum size must be 0 or above.'],
      [[10, undefined, undefined, undefined, -1], 'Maximum size must be 0 or above.'],
      [[10, undefined, undefined, 3, 2], 'Maximum size must be greater than or equal to minimum size when both are specified.'],
    ];
    for (const [args, message] of cases) {
      assert.deepEqual(await errorOf(list(...args)), { status: 400, code: 3, message }, JSON.stringify(args));
    }
  });

  it('needs a session', async () => {
    const res = await fetch(`${server.baseUrl}/v2/match`);
    assert.equal(res.status, 401);
  });
});

async function waitUntil(check: () => Promise<boolean>, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
