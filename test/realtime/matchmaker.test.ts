import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MatchmakerMatched, PartyMatchmakerTicket, Session, Socket } from '@heroiclabs/nakama-js';
import { startTestServer, type TestServer } from '../support/server.js';
import { nakamaSocket, rawSocket, type RawSocket } from '../support/sockets.js';

const deviceId = () => `device-${randomUUID()}`;
/** Passes run every second in these tests; two passes plus delivery fit in this wait. */
const TWO_PASSES_MS = 2600;

/** One user's nakama-js socket with the matchmaker messages it is pushed. */
interface Player {
  session: Session;
  socket: Socket;
  matched: MatchmakerMatched[];
  partyTickets: PartyMatchmakerTicket[];
  nextMatched(ms?: number): Promise<MatchmakerMatched>;
}

/** The realtime error a nakama-js call was rejected with. */
async function rtError(promise: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { code: number; message: string };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

describe('matchmaker', () => {
  let server: TestServer;
  let open: Array<{ disconnect(): void }> = [];
  /** A tag no other test uses, so leftover tickets can never match across tests. */
  let game = '';

  before(async () => {
    server = await startTestServer('sqlite', ['--matchmaker.interval_sec', '1']);
  });
  after(async () => {
    await server?.stop();
  });
  afterEach(async () => {
    server.outpost.matchmaker.setMatchedCallback(undefined);
    for (const socket of open.splice(0)) socket.disconnect();
    // Closed sockets take their tickets with them: wait until the pool is empty for the next test.
    for (let i = 0; i < 100 && server.outpost.matchmaker.stats().ticketCount > 0; i++) await sleep(20);
  });

  async function player(): Promise<Player> {
    game = game || randomUUID();
    const session = await server.client().authenticateDevice(deviceId());
    const socket = await nakamaSocket(server, session);
    open.push({ disconnect: () => socket.disconnect(false) });
    const matched: MatchmakerMatched[] = [];
    const waiters: Array<() => void> = [];
    socket.onmatchmakermatched = (m) => {
      matched.push(m);
      for (const w of waiters.splice(0)) w();
    };
    const partyTickets: PartyMatchmakerTicket[] = [];
    socket.onpartymatchmakerticket = (t) => partyTickets.push(t);
    return {
      session,
      socket,
      matched,
      partyTickets,
      nextMatched(ms = TWO_PASSES_MS + 1000) {
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no matchmaker_matched in time')), ms);
          const check = () => {
            if (matched.length > 0) {
              clearTimeout(timer);
              resolve(matched[0]!);
            } else waiters.push(check);
          };
          check();
        });
      },
    };
  }

  async function raw(): Promise<RawSocket> {
    const session = await server.client().authenticateDevice(deviceId());
    const socket = await rawSocket(server, `token=${session.token}`);
    open.push({ disconnect: () => socket.ws.close() });
    return socket;
  }

  /** `+properties.game:<tag>` plus more clauses: every ticket of a test carries and asks for its tag. */
  const q = (extra = '') => `+properties.game:${game} ${extra}`.trim();
  const props = (more: Record<string, string> = {}) => ({ game, ...more });

  function startTest(): void {
    game = randomUUID();
  }

  it('matches two players and gives both the same token for a relayed match', async () => {
    startTest();
    const a = await player();
    const b = await player();
    const ticketA = await a.socket.addMatchmaker(q(), 2, 2, props({ mode: 'duel' }), { skill: 10 });
    const ticketB = await b.socket.addMatchmaker(q(), 2, 2, props(), {});
    assert.match(ticketA.ticket, /^[0-9a-f-]{36}$/);
    const [ma, mb] = await Promise.all([a.nextMatched(), b.nextMatched()]);
    assert.equal(ma.ticket, ticketA.ticket);
    assert.equal(mb.ticket, ticketB.ticket);
    assert.ok(ma.token && ma.token === mb.token, 'one token for both');
    assert.equal(ma.match_id, undefined);
    assert.equal(ma.users.length, 2);
    assert.equal(ma.self.presence.user_id, a.session.user_id);
    assert.equal(mb.self.presence.user_id, b.session.user_id);
    const aUser = mb.users.find((u) => u.presence.user_id === a.session.user_id)!;
    assert.deepEqual(aUser.string_properties, { game, mode: 'duel' });
    assert.deepEqual(aUser.numeric_properties, { skill: 10 });

    // The token lets both into the same relayed match, which starts with its first joiner.
    const first = await a.socket.joinMatch(undefined, ma.token);
    assert.match(first.match_id, /^[0-9a-f-]{36}\.$/);
    const second = await b.socket.joinMatch(undefined, mb.token);
    assert.equal(second.match_id, first.match_id);
    assert.deepEqual(second.presences.map((p) => p.user_id), [a.session.user_id]);
  });

  it('refuses a forged or malformed match token', async () => {
    startTest();
    const a = await player();
    assert.deepEqual(await rtError(a.socket.joinMatch(undefined, 'not.a.token')), { code: 3, message: 'Invalid match token' });
  });

  it('honours numeric ranges in queries', async () => {
    startTest();
    const range = q('+properties.skill:>=10 +properties.skill:<=20');
    const a = await player();
    const far = await player();
    const near = await player();
    await a.socket.addMatchmaker(range, 2, 2, props(), { skill: 15 });
    await far.socket.addMatchmaker(q('+properties.skill:>=40 +properties.skill:<=60'), 2, 2, props(), { skill: 50 });
    await near.socket.addMatchmaker(range, 2, 2, props(), { skill: 18 });
    const m = await a.nextMatched();
    assert.deepEqual(m.users.map((u) => u.presence.user_id).sort(), [a.session.user_id, near.session.user_id].sort());
    await sleep(TWO_PASSES_MS);
    assert.equal(far.matched.length, 0);
  });

  it('keeps must-not clauses: players that exclude each other never meet', async () => {
    startTest();
    const ranked = await player();
    const casual = await player();
    await ranked.socket.addMatchmaker(q('-properties.mode:casual'), 2, 2, props({ mode: 'ranked' }), {});
    await casual.socket.addMatchmaker(q('-properties.mode:ranked'), 2, 2, props({ mode: 'casual' }), {});
    await sleep(TWO_PASSES_MS);
    assert.equal(ranked.matched.length + casual.matched.length, 0);
    const other = await player();
    await other.socket.addMatchmaker(q('-properties.mode:casual'), 2, 2, props({ mode: 'ranked' }), {});
    const m = await other.nextMatched();
    assert.deepEqual(m.users.map((u) => u.presence.user_id).sort(), [ranked.session.user_id, other.session.user_id].sort());
    assert.equal(casual.matched.length, 0);
  });

  it('matches nobody when queries do not fit, and the tickets wait in the pool', async () => {
    startTest();
    const eu = await player();
    const us = await player();
    await eu.socket.addMatchmaker(q('+properties.region:eu'), 2, 2, props({ region: 'eu' }), {});
    await us.socket.addMatchmaker(q('+properties.region:us'), 2, 2, props({ region: 'us' }), {});
    await sleep(TWO_PASSES_MS);
    assert.equal(eu.matched.length + us.matched.length, 0);
    assert.equal(server.outpost.matchmaker.stats().ticketCount, 2);
  });

  it('fills to max_count at once, or settles between min and max on the last interval', async () => {
    startTest();
    const four = await Promise.all([player(), player(), player(), player(), player()]);
    for (const p of four) await p.socket.addMatchmaker(q(), 2, 4, props(), {});
    await sleep(1600);
    const sizes = four.map((p) => p.matched[0]?.users.length);
    assert.equal(sizes.filter((s) => s === 4).length, 4, 'four matched together in the first pass');
    const leftover = four.find((p) => p.matched.length === 0)!;
    const late = await player();
    await late.socket.addMatchmaker(q(), 2, 4, props(), {});
    // Neither reaches 4: after its last interval, the searcher settles for 2.
    const m = await late.nextMatched();
    assert.deepEqual(m.users.map((u) => u.presence.user_id).sort(), [leftover.session.user_id, late.session.user_id].sort());
  });

  it('trims a match to count_multiple', async () => {
    startTest();
    const sockets = await Promise.all([raw(), raw(), raw()]);
    sockets.forEach((s, i) =>
      s.send({ cid: String(i), matchmaker_add: { min_count: 2, max_count: 4, count_multiple: 2, query: q(), string_properties: props() } }),
    );
    for (const s of sockets) await s.waitFor((m) => m.matchmaker_ticket !== undefined);
    const matched = await Promise.all(sockets.map((s) => s.waitFor((m) => m.matchmaker_matched !== undefined, TWO_PASSES_MS + 1500).catch(() => undefined)));
    const got = matched.filter((m) => m !== undefined);
    assert.equal(got.length, 2, 'three players, multiple of two: two are matched');
    for (const m of got) assert.equal(m!.matchmaker_matched.users.length, 2);
  });

  it('rejects bad counts with Nakama\'s messages', async () => {
    startTest();
    const s = await raw();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ min_count: 1, max_count: 2 }, 'Invalid minimum count, must be >= 2'],
      [{ min_count: 3, max_count: 2 }, 'Invalid maximum count, must be >= minimum count'],
      [{ min_count: 2, max_count: 4, count_multiple: 0 }, 'Invalid count multiple, must be >= 1'],
      [{ min_count: 2, max_count: 6, count_multiple: 3 }, 'Invalid count multiple for minimum count, must divide'],
      [{ min_count: 2, max_count: 5, count_multiple: 2 }, 'Invalid count multiple for maximum count, must divide'],
    ];
    for (const [i, [add, message]] of cases.entries()) {
      s.send({ cid: `c${i}`, matchmaker_add: add });
      const reply = await s.waitFor((m) => m.cid === `c${i}`);
      assert.deepEqual(reply.error, { code: 3, message });
    }
  });

  it('matches a party of two with two singles, and tells every member of the party ticket', async () => {
    startTest();
    const leader = await player();
    const friend = await player();
    const party = await leader.socket.createParty(true, 4);
    await friend.socket.joinParty(party.party_id);
    await sleep(100);
    const ticket = await leader.socket.addMatchmakerParty(party.party_id, q(), 4, 4, props(), {});
    assert.equal(ticket.party_id, party.party_id);
    for (let i = 0; i < 100 && friend.partyTickets.length === 0; i++) await sleep(10);
    assert.deepEqual(friend.partyTickets, [{ party_id: party.party_id, ticket: ticket.ticket }]);

    const solo1 = await player();
    const solo2 = await player();
    await solo1.socket.addMatchmaker(q(), 4, 4, props(), {});
    await solo2.socket.addMatchmaker(q(), 4, 4, props(), {});
    const all = await Promise.all([leader, friend, solo1, solo2].map((p) => p.nextMatched()));
    const token = all[0]!.token;
    for (const m of all) {
      assert.equal(m.token, token);
      assert.equal(m.users.length, 4);
    }
    assert.equal(all[0]!.ticket, ticket.ticket);
    assert.equal(all[1]!.ticket, ticket.ticket);
    const partyIds = all[0]!.users.map((u) => u.party_id ?? '').sort();
    assert.deepEqual(partyIds, ['', '', party.party_id, party.party_id]);
  });

  it('lets only the leader matchmake a party, and drops its tickets when the party changes', async () => {
    startTest();
    const leader = await player();
    const friend = await player();
    const party = await leader.socket.createParty(true, 4);
    await friend.socket.joinParty(party.party_id);
    await sleep(100);
    assert.deepEqual(await rtError(friend.socket.addMatchmakerParty(party.party_id, q(), 2, 4, props(), {})), {
      code: 3,
      message: 'Error adding party to matchmaker: party leader only',
    });
    const ticket = await leader.socket.addMatchmakerParty(party.party_id, q(), 2, 4, props(), {});
    assert.equal(server.outpost.matchmaker.stats().ticketCount, 1);
    const newcomer = await player();
    await newcomer.socket.joinParty(party.party_id);
    for (let i = 0; i < 100 && server.outpost.matchmaker.stats().ticketCount > 0; i++) await sleep(10);
    assert.equal(server.outpost.matchmaker.stats().ticketCount, 0, 'a new member ends the party ticket');
    assert.deepEqual(await rtError(leader.socket.removeMatchmakerParty(party.party_id, ticket.ticket)), {
      code: 3,
      message: 'Error closing party: matchmaker ticket not found',
    });
    const again = await leader.socket.addMatchmakerParty(party.party_id, q(), 2, 4, props(), {});
    await leader.socket.removeMatchmakerParty(party.party_id, again.ticket);
    assert.equal(server.outpost.matchmaker.stats().ticketCount, 0);
    await leader.socket.addMatchmakerParty(party.party_id, q(), 2, 4, props(), {});
    await leader.socket.closeParty(party.party_id);
    assert.equal(server.outpost.matchmaker.stats().ticketCount, 0, 'closing the party ends its tickets');
  });

  it('sends the match id the matched callback returns instead of a token', async () => {
    startTest();
    const seen: string[][] = [];
    server.outpost.matchmaker.setMatchedCallback(async (entries) => {
      seen.push(entries.map((e) => e.presence.userId));
      return '0b8b63b3-0b3e-4f43-9b48-d6c1ca1e1f1a.node1';
    });
    const a = await player();
    const b = await player();
    await a.socket.addMatchmaker(q(), 2, 2, props(), {});
    await b.socket.addMatchmaker(q(), 2, 2, props(), {});
    const [ma, mb] = await Promise.all([a.nextMatched(), b.nextMatched()]);
    assert.equal(ma.match_id, '0b8b63b3-0b3e-4f43-9b48-d6c1ca1e1f1a.node1');
    assert.equal(mb.match_id, ma.match_id);
    assert.equal(ma.token, undefined);
    assert.deepEqual(seen.map((s) => s.sort()), [[a.session.user_id, b.session.user_id].sort()]);
  });

  it('falls back to a token when the callback returns nothing or throws', async () => {
    startTest();
    server.outpost.matchmaker.setMatchedCallback(() => {
      throw new Error('module failed');
    });
    const a = await player();
    const b = await player();
    await a.socket.addMatchmaker(q(), 2, 2, props(), {});
    await b.socket.addMatchmaker(q(), 2, 2, props(), {});
    const m = await a.nextMatched();
    assert.ok(m.token);
  });

  it('removes a session\'s tickets when its socket closes', async () => {
    startTest();
    const gone = await player();
    await gone.socket.addMatchmaker(q(), 2, 2, props(), {});
    await gone.socket.addMatchmaker(q(), 2, 2, props(), {});
    assert.equal(server.outpost.matchmaker.stats().ticketCount, 2);
    gone.socket.disconnect(false);
    for (let i = 0; i < 100 && server.outpost.matchmaker.stats().ticketCount > 0; i++) await sleep(10);
    assert.equal(server.outpost.matchmaker.stats().ticketCount, 0);
    const stays = await player();
    await stays.socket.addMatchmaker(q(), 2, 2, props(), {});
    await sleep(TWO_PASSES_MS);
    assert.equal(stays.matched.length, 0);
  });

  it('answers a bad query with an error naming the position', async () => {
    startTest();
    const a = await player();
    const error = await rtError(a.socket.addMatchmaker('+properties.region:', 2, 2, {}, {}));
    // Code 0 (RUNTIME_EXCEPTION) is a zero value, so protojson leaves it out, as Nakama's does.
    assert.equal(error.code, undefined);
    assert.match(error.message, /^Error adding to matchmaker: matchmaker query invalid: .* at position 19$/);
    const unclosed = await rtError(a.socket.addMatchmaker('+properties.name:"open', 2, 2, {}, {}));
    assert.match(unclosed.message, /at position 17$/);
    const leader = await player();
    const party = await leader.socket.createParty(true, 2);
    const partyError = await rtError(leader.socket.addMatchmakerParty(party.party_id, 'a:b:c', 2, 2, {}, {}));
    assert.equal(partyError.code, 3);
    assert.match(partyError.message, /^Error adding party to matchmaker: matchmaker query invalid: .* at position 3$/);
  });

  it('limits tickets per session to matchmaker.max_tickets, and removes them on request', async () => {
    startTest();
    const a = await player();
    const tickets = [];
    for (let i = 0; i < 3; i++) tickets.push(await a.socket.addMatchmaker(q(`+properties.n:${i}`), 2, 2, props(), {}));
    assert.deepEqual(await rtError(a.socket.addMatchmaker(q(), 2, 2, props(), {})), { message: 'Error adding to matchmaker' });
    await a.socket.removeMatchmaker(tickets[0]!.ticket);
    assert.deepEqual(await rtError(a.socket.removeMatchmaker(tickets[0]!.ticket)), { code: 3, message: 'Matchmaker ticket not found' });
    const b = await player();
    assert.deepEqual(await rtError(b.socket.removeMatchmaker(tickets[1]!.ticket)), { code: 3, message: 'Matchmaker ticket not found' });
    await a.socket.addMatchmaker(q(), 2, 2, props(), {});
  });

  it('limits a party to matchmaker.max_tickets, and counts party tickets against each member', async () => {
    startTest();
    const leader = await player();
    const friend = await player();
    const party = await leader.socket.createParty(true, 4);
    await friend.socket.joinParty(party.party_id);
    await sleep(100);
    for (let i = 0; i < 3; i++) await leader.socket.addMatchmakerParty(party.party_id, q(`+properties.n:${i}`), 2, 4, props(), {});
    assert.deepEqual(await rtError(leader.socket.addMatchmakerParty(party.party_id, q(), 2, 4, props(), {})), {
      code: 3,
      message: 'Error adding party to matchmaker: matchmaker too many tickets',
    });
    // The friend is in three tickets already, through the party.
    assert.deepEqual(await rtError(friend.socket.addMatchmaker(q(), 2, 2, props(), {})), { message: 'Error adding to matchmaker' });
  });

  it('reports stats at GET /v2/matchmaker/stats', async () => {
    startTest();
    const a = await player();
    const stats = async () => {
      const res = await fetch(`${server.baseUrl}/v2/matchmaker/stats`, { headers: { authorization: `Bearer ${a.session.token}` } });
      assert.equal(res.status, 200);
      return (await res.json()) as { ticket_count?: number; oldest_ticket_create_time?: string; completions?: Array<{ create_time: string; complete_time: string }> };
    };
    const before = await stats();
    const beforeCompletions = before.completions?.length ?? 0;
    assert.equal(before.ticket_count, undefined, 'zero is omitted');
    const added = Date.now();
    await a.socket.addMatchmaker(q(), 2, 2, props(), {});
    const one = await stats();
    assert.equal(one.ticket_count, 1);
    assert.ok(Math.abs(Date.parse(one.oldest_ticket_create_time!) - added) < 2000);
    const b = await player();
    await b.socket.addMatchmaker(q(), 2, 2, props(), {});
    await a.nextMatched();
    const after = await stats();
    assert.equal(after.ticket_count, undefined);
    assert.equal(after.completions!.length, Math.min(10, beforeCompletions + 2));
    const last = after.completions!.at(-1)!;
    assert.ok(Date.parse(last.complete_time) >= Date.parse(last.create_time));
    const unauthorized = await fetch(`${server.baseUrl}/v2/matchmaker/stats`);
    assert.equal(unauthorized.status, 401);
  });
});

describe('matchmaker with rev_precision', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('sqlite', ['--matchmaker.interval_sec', '1', '--matchmaker.rev_precision', 'true']);
  });
  after(async () => {
    await server?.stop();
  });

  it('matches only when each query accepts the other', async () => {
    const join = async () => {
      const session = await server.client().authenticateDevice(deviceId());
      const socket = await nakamaSocket(server, session);
      const matched: MatchmakerMatched[] = [];
      socket.onmatchmakermatched = (m) => matched.push(m);
      return { session, socket, matched };
    };
    const [eu, us, eu2] = await Promise.all([join(), join(), join()]);
    // eu accepts anyone; us wants only us players: one-way, so no match under rev_precision.
    await eu.socket.addMatchmaker('*', 2, 2, { region: 'eu' }, {});
    await us.socket.addMatchmaker('+properties.region:us', 2, 2, { region: 'us' }, {});
    await sleep(TWO_PASSES_MS);
    assert.equal(eu.matched.length + us.matched.length, 0);
    await eu2.socket.addMatchmaker('+properties.region:eu', 2, 2, { region: 'eu' }, {});
    for (let i = 0; i < 150 && eu2.matched.length === 0; i++) await sleep(20);
    assert.deepEqual(eu2.matched[0]!.users.map((u) => u.presence.user_id).sort(), [eu.session.user_id, eu2.session.user_id].sort());
    assert.equal(us.matched.length, 0);
    for (const p of [eu, us, eu2]) p.socket.disconnect(false);
  });
});
