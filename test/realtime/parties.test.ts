import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Party, PartyData, PartyJoinRequest, PartyLeader, PartyPresenceEvent, Presence, Session, Socket } from '@heroiclabs/nakama-js';
import { startTestServer, type TestServer } from '../support/server.js';
import { nakamaSocket, rawSocket, type RawSocket } from '../support/sockets.js';

const deviceId = () => `device-${randomUUID()}`;
const PARTY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.outpost$/;

/** One user's nakama-js socket with every party message it is pushed, recorded from the moment it connects. */
interface Member {
  session: Session;
  socket: Socket;
  parties: Party[];
  requests: PartyJoinRequest[];
  leaders: PartyLeader[];
  closes: Array<{ party_id: string }>;
  data: PartyData[];
  presence: PartyPresenceEvent[];
  /** Resolves with the first recorded item (past or future) that satisfies the predicate. */
  waitFor<T>(list: T[], predicate?: (item: T) => boolean, ms?: number): Promise<T>;
}

async function member(server: TestServer): Promise<Member> {
  const session = await server.client().authenticateDevice(deviceId());
  const socket = await nakamaSocket(server, session);
  const waiters: Array<() => void> = [];
  const record =
    <T>(list: T[]) =>
    (item: T) => {
      list.push(item);
      for (const w of waiters.splice(0)) w();
    };
  const m: Member = {
    session,
    socket,
    parties: [],
    requests: [],
    leaders: [],
    closes: [],
    data: [],
    presence: [],
    waitFor<T>(list: T[], predicate: (item: T) => boolean = () => true, ms = 3000) {
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for a party message')), ms);
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
  socket.onparty = record(m.parties);
  socket.onpartyjoinrequest = record(m.requests);
  socket.onpartyleader = record(m.leaders);
  // nakama-js types the handler's argument as the outgoing `{party_close: {...}}`; it is handed the inner message.
  socket.onpartyclose = record(m.closes) as unknown as Socket['onpartyclose'];
  socket.onpartydata = record(m.data);
  socket.onpartypresence = record(m.presence);
  return m;
}

/** A presence as the socket's own user appears in party messages (the session id comes from a party reply). */
const userIs = (m: Member) => (p: Presence) => p.user_id === m.session.user_id;
const joined = (m: Member, partyId: string) => (e: PartyPresenceEvent) => e.party_id === partyId && (e.joins ?? []).some(userIs(m));
const left = (m: Member, partyId: string) => (e: PartyPresenceEvent) => e.party_id === partyId && (e.leaves ?? []).some(userIs(m));

/** The realtime error a nakama-js call was rejected with. */
async function rtError(promise: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { code: number; message: string };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Joins an open party and waits until the joiner has its `party` push; returns the joiner's own presence. */
async function joinOpen(m: Member, partyId: string): Promise<Presence> {
  await m.socket.joinParty(partyId);
  const party = await m.waitFor(m.parties, (p) => p.party_id === partyId);
  return party.self;
}

function disconnect(...members: Member[]): void {
  for (const m of members) m.socket.disconnect(false);
}

/** A raw socket's reply to one envelope, matched by cid. */
async function call(raw: RawSocket, body: Record<string, unknown>): Promise<Record<string, any>> {
  const cid = randomUUID();
  raw.send({ cid, ...body });
  return raw.waitFor((m) => m.cid === cid);
}

/** party_data_send under a cid from a second socket of the user, which is in no party: nakama-js sends data without one. */
async function strangerData(server: TestServer, m: Member, partyId: string): Promise<{ code: number; message: string }> {
  const raw = await rawSocket(server, `token=${m.session.token}`);
  const reply = await call(raw, { party_data_send: { party_id: partyId, op_code: '1', data: 'aGk=' } });
  raw.ws.close();
  return reply.error;
}

describe('parties (sqlite)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('sqlite');
  });
  after(async () => {
    await server?.stop();
  });

  it('creates a party led by its creator; an open party takes joiners at once and tells everyone', async () => {
    const alice = await member(server);
    const bob = await member(server);
    const party = await alice.socket.createParty(true, 4);
    assert.match(party.party_id, PARTY_ID);
    assert.equal(party.open, true);
    assert.equal(party.max_size, 4);
    assert.equal(party.self.user_id, alice.session.user_id);
    assert.equal(party.self.username, alice.session.username);
    assert.deepEqual(party.leader, party.self);
    assert.deepEqual(party.presences, [party.self]);
    // The creator hears of its own join after the reply, but gets no second `party`.
    await alice.waitFor(alice.presence, joined(alice, party.party_id));

    const bobSelf = await joinOpen(bob, party.party_id);
    const bobView = bob.parties.find((p) => p.party_id === party.party_id)!;
    assert.equal(bobView.open, true);
    assert.equal(bobView.max_size, 4);
    assert.equal(bobSelf.user_id, bob.session.user_id);
    assert.deepEqual(bobView.leader, party.self);
    assert.deepEqual(bobView.presences, [party.self, bobSelf]);
    const aliceSees = await alice.waitFor(alice.presence, joined(bob, party.party_id));
    assert.deepEqual(aliceSees.joins, [bobSelf]);
    await bob.waitFor(bob.presence, joined(bob, party.party_id));
    assert.equal(alice.parties.length, 0);
    disconnect(alice, bob);
  });

  it('closed parties: join requests reach the leader, who lists, accepts and rejects them', async () => {
    const alice = await member(server);
    const bob = await member(server);
    const carol = await member(server);
    const party = await alice.socket.createParty(false, 4);
    assert.equal(party.open, undefined, 'a closed party omits open=false');

    await bob.socket.joinParty(party.party_id);
    const request = await alice.waitFor(alice.requests, (r) => r.party_id === party.party_id && r.presences.some(userIs(bob)));
    assert.equal(request.presences.length, 1);
    const bobPresence = request.presences[0]!;
    await carol.socket.joinParty(party.party_id);
    await alice.waitFor(alice.requests, (r) => r.presences.some(userIs(carol)));
    assert.equal(bob.parties.length, 0, 'a request is not a membership');

    const dup = await rtError(bob.socket.joinParty(party.party_id));
    assert.deepEqual(dup, { code: 3, message: 'Error joining party: party join request duplicate' });
    const self = await rtError(alice.socket.joinParty(party.party_id));
    assert.equal(self.message, 'Error joining party: party join request already member');
    const notLeader = await rtError(bob.socket.listPartyJoinRequests(party.party_id));
    assert.deepEqual(notLeader, { code: 3, message: 'Error listing party join requests: party leader only' });
    const notLeaderAccept = await rtError(carol.socket.acceptPartyMember(party.party_id, bobPresence));
    assert.equal(notLeaderAccept.message, 'Error accepting party join request: party leader only');

    const listed = await alice.socket.listPartyJoinRequests(party.party_id);
    assert.equal(listed.party_id, party.party_id);
    assert.deepEqual(listed.presences.map((p) => p.user_id), [bob.session.user_id, carol.session.user_id]);

    await alice.socket.acceptPartyMember(party.party_id, bobPresence);
    const bobView = await bob.waitFor(bob.parties, (p) => p.party_id === party.party_id);
    assert.deepEqual(bobView.self, bobPresence);
    assert.deepEqual(bobView.leader, party.self);
    assert.deepEqual(bobView.presences.map((p) => p.user_id), [alice.session.user_id, bob.session.user_id]);
    await alice.waitFor(alice.presence, joined(bob, party.party_id));
    assert.deepEqual((await alice.socket.listPartyJoinRequests(party.party_id)).presences?.map((p) => p.user_id), [carol.session.user_id]);

    // Rejecting is removing a presence that only asked.
    const carolPresence = listed.presences[1]!;
    await alice.socket.removePartyMember(party.party_id, carolPresence);
    assert.equal((await alice.socket.listPartyJoinRequests(party.party_id)).presences, undefined);
    const gone = await rtError(alice.socket.acceptPartyMember(party.party_id, carolPresence));
    assert.deepEqual(gone, { code: 3, message: 'Error accepting party join request: party join request not found' });
    await carol.socket.createParty(true, 2); // a round trip: anything pushed before it has arrived
    assert.equal(carol.parties.length, 0);
    assert.equal(carol.closes.length, 0);
    disconnect(alice, bob, carol);
  });

  it('the leader kicks members, who get party_close; the leader cannot remove itself', async () => {
    const alice = await member(server);
    const bob = await member(server);
    const party = await alice.socket.createParty(true, 3);
    const bobSelf = await joinOpen(bob, party.party_id);

    const notLeader = await rtError(bob.socket.removePartyMember(party.party_id, party.self));
    assert.equal(notLeader.message, 'Error removing party member or join request: party leader only');
    const removeSelf = await rtError(alice.socket.removePartyMember(party.party_id, party.self));
    assert.deepEqual(removeSelf, { code: 3, message: 'Error removing party member or join request: party cannot remove self' });
    const stranger = await rtError(alice.socket.removePartyMember(party.party_id, { ...bobSelf, session_id: randomUUID() }));
    assert.equal(stranger.message, 'Error removing party member or join request: party member not found');

    await alice.socket.removePartyMember(party.party_id, bobSelf);
    assert.equal((await bob.waitFor(bob.closes)).party_id, party.party_id);
    const leave = await alice.waitFor(alice.presence, left(bob, party.party_id));
    assert.deepEqual(leave.leaves, [bobSelf]);
    const notMember = await strangerData(server, bob, party.party_id);
    assert.equal(notMember.message, 'Error sending party data: party member not found');
    disconnect(alice, bob);
  });

  it('promotes a member; only the leader closes, and everyone is told the party closed', async () => {
    const alice = await member(server);
    const bob = await member(server);
    const party = await alice.socket.createParty(true, 3);
    const bobSelf = await joinOpen(bob, party.party_id);

    const notLeader = await rtError(bob.socket.promotePartyMember(party.party_id, bobSelf));
    assert.equal(notLeader.message, 'Error promoting new party leader: party leader only');
    await alice.socket.promotePartyMember(party.party_id, bobSelf);
    for (const m of [alice, bob]) {
      const leader = await m.waitFor(m.leaders, (l) => l.party_id === party.party_id);
      assert.deepEqual(leader.presence, bobSelf);
    }
    const closeByOld = await rtError(alice.socket.closeParty(party.party_id));
    assert.deepEqual(closeByOld, { code: 3, message: 'Error closing party: party leader only' });

    await bob.socket.closeParty(party.party_id);
    for (const m of [alice, bob]) assert.equal((await m.waitFor(m.closes)).party_id, party.party_id);
    const closed = await rtError(alice.socket.joinParty(party.party_id));
    assert.deepEqual(closed, { code: 3, message: 'Error joining party: party not found' });
    disconnect(alice, bob);
  });

  it('a leader who leaves hands over to the oldest member; the last one out ends the party', async () => {
    const alice = await member(server);
    const bob = await member(server);
    const carol = await member(server);
    const party = await alice.socket.createParty(true, 3);
    const bobSelf = await joinOpen(bob, party.party_id);
    await joinOpen(carol, party.party_id);

    await alice.socket.leaveParty(party.party_id);
    for (const m of [bob, carol]) {
      assert.deepEqual((await m.waitFor(m.leaders)).presence, bobSelf);
      await m.waitFor(m.presence, left(alice, party.party_id));
    }
    await alice.socket.createParty(true, 2); // round trip: a member who left hears nothing more
    assert.equal(alice.leaders.length, 0);

    await carol.socket.leaveParty(party.party_id);
    await bob.waitFor(bob.presence, left(carol, party.party_id));
    assert.equal(bob.leaders.length, 1, 'a member leaving does not change the leader');
    await bob.socket.leaveParty(party.party_id);
    const ended = await rtError(carol.socket.joinParty(party.party_id));
    assert.equal(ended.message, 'Error joining party: party not found');
    disconnect(alice, bob, carol);
  });

  it('sends data to the other members only, with the sender and op code', async () => {
    const alice = await member(server);
    const bob = await member(server);
    const carol = await member(server);
    const party = await alice.socket.createParty(true, 3);
    await joinOpen(bob, party.party_id);

    await alice.socket.sendPartyData(party.party_id, 7, JSON.stringify({ hello: 'party' }));
    const got = await bob.waitFor(bob.data);
    assert.equal(got.party_id, party.party_id);
    assert.equal(got.op_code, 7);
    assert.deepEqual(got.presence, party.self);
    assert.deepEqual(JSON.parse(new TextDecoder().decode(got.data)), { hello: 'party' });

    // Round trips after the send: had carol (a stranger) or alice (the sender) been sent anything, it would be here.
    await carol.socket.createParty(true, 2);
    await alice.socket.listPartyJoinRequests(party.party_id);
    assert.equal(carol.data.length, 0);
    assert.equal(alice.data.length, 0);
    // A stranger's data is refused.
    const refused = await strangerData(server, carol, party.party_id);
    assert.deepEqual(refused, { code: 3, message: 'Error sending party data: party member not found' });
    await bob.socket.listPartyJoinRequests(party.party_id).catch(() => undefined);
    assert.equal(bob.data.length, 1);
    disconnect(alice, bob, carol);
  });

  it('refuses joins and accepts beyond max_size', async () => {
    const alice = await member(server);
    const bob = await member(server);
    const carol = await member(server);
    const open = await alice.socket.createParty(true, 2);
    await joinOpen(bob, open.party_id);
    const full = await rtError(carol.socket.joinParty(open.party_id));
    assert.deepEqual(full, { code: 3, message: 'Error joining party: party full' });

    const closed = await bob.socket.createParty(false, 1);
    const fullRequest = await rtError(carol.socket.joinParty(closed.party_id));
    assert.equal(fullRequest.message, 'Error joining party: party full');
    disconnect(alice, bob, carol);
  });

  it('validates max size, party ids and presences with Nakama texts', async () => {
    const alice = await member(server);
    for (const size of [0, 257, -1]) {
      assert.deepEqual(await rtError(alice.socket.createParty(true, size)), { code: 3, message: 'Invalid party max size, must be 1-256' });
    }
    assert.equal((await alice.socket.createParty(true, 256)).max_size, 256);
    for (const id of ['', 'nodot', 'not-a-uuid.outpost']) {
      assert.deepEqual(await rtError(alice.socket.joinParty(id)), { code: 3, message: 'Invalid party ID' });
    }
    const missing = await rtError(alice.socket.promotePartyMember(`${randomUUID()}.outpost`, { user_id: alice.session.user_id!, session_id: '', username: 'x' } as Presence));
    assert.deepEqual(missing, { code: 3, message: 'Invalid presence' });
    const elsewhere = await rtError(alice.socket.joinParty(`${randomUUID()}.othernode`));
    assert.equal(elsewhere.message, 'Error joining party: party not found');
    disconnect(alice);
  });

  it('a socket that closes leaves its parties: members hear it, a leader hands over', async () => {
    const alice = await member(server);
    const bob = await member(server);
    const carol = await member(server);
    const party = await alice.socket.createParty(true, 3);
    const bobSelf = await joinOpen(bob, party.party_id);
    const carolSelf = await joinOpen(carol, party.party_id);

    carol.socket.disconnect(false);
    const leave = await alice.waitFor(alice.presence, left(carol, party.party_id));
    assert.deepEqual(leave.leaves, [carolSelf]);
    alice.socket.disconnect(false);
    assert.deepEqual((await bob.waitFor(bob.leaders)).presence, bobSelf);
    await bob.waitFor(bob.presence, left(alice, party.party_id));
    disconnect(bob);
  });

  it('join requests of a socket that closed are dropped', async () => {
    const alice = await member(server);
    const bob = await member(server);
    const party = await alice.socket.createParty(false, 3);
    await bob.socket.joinParty(party.party_id);
    const request = await alice.waitFor(alice.requests);
    bob.socket.disconnect(false);
    // Bob was never a member, so no event marks his socket closing: give the server a moment.
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal((await alice.socket.listPartyJoinRequests(party.party_id)).presences, undefined);
    const gone = await rtError(alice.socket.acceptPartyMember(party.party_id, request.presences[0]!));
    assert.equal(gone.message, 'Error accepting party join request: party join request not found');
    disconnect(alice);
  });

  it('party_create carries label and hidden; party_update changes them for the leader and tells members', async () => {
    const aliceSession = await server.client().authenticateDevice(deviceId());
    const bobSession = await server.client().authenticateDevice(deviceId());
    const alice = await rawSocket(server, `token=${aliceSession.token}`);
    const bob = await rawSocket(server, `token=${bobSession.token}`);
    const created = await call(alice, { party_create: { open: true, max_size: 3, label: '{"mode":"duo"}', hidden: true } });
    assert.equal(created.party.label, '{"mode":"duo"}');
    assert.equal(created.party.hidden, true);
    assert.equal(created.party.max_size, 3);
    const partyId = created.party.party_id as string;
    assert.deepEqual(Object.keys(await call(bob, { party_join: { party_id: partyId } })), ['cid'], 'an ack');
    await bob.waitFor((m) => m.party?.party_id === partyId);

    const notLeader = await call(bob, { party_update: { party_id: partyId, label: '{}', open: true } });
    assert.deepEqual(notLeader.error, { code: 3, message: 'Error updating party: party leader only' });
    const hiddenLabel = await call(alice, { party_update: { party_id: partyId, label: '{"a":1}', hidden: true } });
    assert.deepEqual(hiddenLabel.error, { code: 3, message: 'Error updating party: party is hidden and label is not empty, invalid operation' });
    const badLabel = await call(alice, { party_update: { party_id: partyId, label: '[1]' } });
    assert.deepEqual(badLabel.error, {
      code: 3,
      message: 'Error updating party: failed to unmarshal party label: json: cannot unmarshal array into Go value of type map[string]interface {}',
    });
    const tooLong = await call(alice, { party_create: { open: true, max_size: 2, label: JSON.stringify({ x: 'y'.repeat(2048) }) } });
    assert.deepEqual(tooLong.error, { code: 3, message: 'Error creating party: party label too long' });

    const ok = await call(alice, { party_update: { party_id: partyId, label: '{"mode":"trio"}', open: false } });
    assert.equal(ok.error, undefined);
    const update = await bob.waitFor((m) => m.party_update !== undefined);
    assert.deepEqual(update.party_update, { party_id: partyId, label: '{"mode":"trio"}' });
    alice.ws.close();
    bob.ws.close();
  });

  it('session.single_party: joining a party leaves the others', async () => {
    const single = await startTestServer('sqlite', ['--session.single_party', 'true']);
    try {
      const alice = await member(single);
      const bob = await member(single);
      const first = await alice.socket.createParty(true, 3);
      const bobSelf = await joinOpen(bob, first.party_id);
      await alice.socket.createParty(true, 3);
      assert.deepEqual((await bob.waitFor(bob.leaders)).presence, bobSelf);
      await bob.waitFor(bob.presence, left(alice, first.party_id));
      disconnect(alice, bob);
    } finally {
      await single.stop();
    }
  });
});

describe('ListParties (sqlite)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('sqlite');
  });
  after(async () => {
    await server?.stop();
  });

  const list = async (token: string, query: string) => {
    const res = await fetch(`${server.baseUrl}/v2/party${query}`, { headers: { Authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  it('lists visible parties with open filter, limit and cursor; hidden ones never', async () => {
    const session = await server.client().authenticateDevice(deviceId());
    const raw = await rawSocket(server, `token=${session.token}`);
    const ids: string[] = [];
    for (const [open, hidden] of [
      [true, false],
      [false, false],
      [true, true],
      [true, false],
    ] as const) {
      ids.push((await call(raw, { party_create: { open, hidden, max_size: 5, label: open ? '{"k":"v"}' : '' } })).party.party_id);
    }

    assert.equal((await fetch(`${server.baseUrl}/v2/party`)).status, 401);
    const all = await list(session.token, '');
    assert.equal(all.status, 200);
    assert.deepEqual(all.body, {
      parties: [
        { party_id: ids[0], open: true, max_size: 5, label: '{"k":"v"}' },
        { party_id: ids[1], max_size: 5, label: '{}' },
        { party_id: ids[3], open: true, max_size: 5, label: '{"k":"v"}' },
      ],
    });
    assert.deepEqual((await list(session.token, '?open=false')).body.parties.map((p: { party_id: string }) => p.party_id), [ids[1]]);
    assert.deepEqual((await list(session.token, '?open=true&query=*')).body.parties.map((p: { party_id: string }) => p.party_id), [ids[0], ids[3]]);

    const page1 = await list(session.token, '?limit=2');
    assert.deepEqual(page1.body.parties.map((p: { party_id: string }) => p.party_id), [ids[0], ids[1]]);
    assert.equal(typeof page1.body.cursor, 'string');
    const page2 = await list(session.token, `?limit=2&cursor=${page1.body.cursor}`);
    assert.deepEqual(page2.body.parties.map((p: { party_id: string }) => p.party_id), [ids[3]]);
    assert.equal(page2.body.cursor, undefined);
    const mismatch = await list(session.token, `?limit=3&cursor=${page1.body.cursor}`);
    assert.deepEqual(mismatch, { status: 500, body: { code: 13, message: 'Error listing matches.' } });

    for (const limit of ['0', '101']) {
      assert.deepEqual(await list(session.token, `?limit=${limit}`), {
        status: 400,
        body: { code: 3, message: 'Invalid limit - limit must be between 1 and 100.' },
      });
    }
    const query = await list(session.token, '?query=%2Blabel.k%3Av');
    assert.equal(query.status, 400);
    assert.equal(query.body.code, 3);

    // A closed party leaves the listing.
    await call(raw, { party_close: { party_id: ids[0] } });
    assert.deepEqual((await list(session.token, '?open=true')).body.parties.map((p: { party_id: string }) => p.party_id), [ids[3]]);
    raw.ws.close();
  });
});
