import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matchingStep, type MatchingOptions } from '../../server/matchmaker/matching-step.js';
import type { MatchmakerTicket } from '../../server/matchmaker/ticket.js';
import { TicketFactory, ticketSets } from './tickets.js';

const OPTIONS: MatchingOptions = { maxIntervals: 2, revPrecision: false };

function pass(tickets: MatchmakerTicket[], options: Partial<MatchingOptions> = {}, active = tickets) {
  return matchingStep(tickets, active, { ...OPTIONS, ...options });
}

describe('matching step', () => {
  it('pairs two tickets whose queries match, the searcher last', () => {
    const f = new TicketFactory();
    const a = f.make({ query: '+properties.region:eu', strings: { region: 'eu' } });
    const b = f.make({ query: '+properties.region:eu', strings: { region: 'eu' } });
    const { matches } = pass([a, b]);
    assert.equal(matches.length, 1);
    assert.deepEqual(matches[0]!.map((e) => e.ticket), ['t1', 't0']);
  });

  it('does not pair tickets whose properties fail the query', () => {
    const f = new TicketFactory();
    const a = f.make({ query: '+properties.region:eu', strings: { region: 'eu' } });
    const b = f.make({ query: '+properties.region:eu', strings: { region: 'us' } });
    const result = pass([a, b]);
    // a finds nothing; b's query needs region eu, which a has: b forms the match.
    assert.deepEqual(ticketSets(result.matches), [['t0', 't1']]);
    const c = f.make({ query: '+properties.region:asia', strings: { region: 'eu' } });
    const d = f.make({ query: '+properties.region:asia', strings: { region: 'us' } });
    assert.equal(pass([c, d]).matches.length, 0);
  });

  it('honours numeric ranges and must-not clauses', () => {
    const f = new TicketFactory();
    const q = '+properties.skill:>=10 +properties.skill:<=20 -properties.mode:casual';
    const a = f.make({ query: q, numbers: { skill: 15 }, strings: { mode: 'ranked' } });
    const tooLow = f.make({ query: q, numbers: { skill: 5 }, strings: { mode: 'ranked' } });
    const casual = f.make({ query: q, numbers: { skill: 12 }, strings: { mode: 'casual' } });
    const b = f.make({ query: q, numbers: { skill: 20 }, strings: { mode: 'ranked' } });
    const { matches } = pass([a, tooLow, casual, b], {}, [a]);
    assert.deepEqual(ticketSets(matches), [['t0', 't3']]);
  });

  it('prefers higher scores, then the oldest ticket', () => {
    const f = new TicketFactory();
    const searcher = f.make({ query: '+properties.region:eu properties.mode:ranked', strings: { region: 'eu', mode: 'x' } });
    const oldCasual = f.make({ query: '*', strings: { region: 'eu', mode: 'casual' } });
    const ranked = f.make({ query: '*', strings: { region: 'eu', mode: 'ranked' } });
    const ranked2 = f.make({ query: '*', strings: { region: 'eu', mode: 'ranked' } });
    const { matches } = pass([searcher, oldCasual, ranked, ranked2], {}, [searcher]);
    assert.deepEqual(ticketSets(matches), [['t0', 't2']]);
  });

  it('requires min_count at least and max_count at most the searcher\'s', () => {
    const f = new TicketFactory();
    const a = f.make({ min: 2, max: 2 });
    const wider = f.make({ min: 2, max: 4 });
    assert.equal(pass([a, wider], {}, [a]).matches.length, 0);
    const narrower = f.make({ min: 2, max: 2 });
    assert.deepEqual(ticketSets(pass([a, wider, narrower], {}, [a]).matches), [['t0', 't2']]);
  });

  it('waits for max_count until the last interval, then settles between min and max', () => {
    const f = new TicketFactory();
    const tickets = [f.make({ min: 2, max: 4 }), f.make({ min: 2, max: 4 }), f.make({ min: 2, max: 4 })];
    const first = pass(tickets);
    assert.equal(first.matches.length, 0, 'first interval holds out for 4');
    const second = pass(tickets);
    assert.deepEqual(ticketSets(second.matches), [['t0', 't1', 't2']]);
    assert.equal(second.expired.length, 1);
  });

  it('forms a full match at once when max_count is reached', () => {
    const f = new TicketFactory();
    const tickets = Array.from({ length: 5 }, () => f.make({ min: 2, max: 4 }));
    const { matches } = pass(tickets);
    assert.deepEqual(ticketSets(matches), [['t0', 't1', 't2', 't3']]);
  });

  it('trims a combination to count_multiple by removing whole tickets', () => {
    const f = new TicketFactory();
    const tickets = [f.make({ min: 2, max: 4, multiple: 2 }), f.make({ min: 2, max: 4, multiple: 2 }), f.make({ min: 2, max: 4, multiple: 2 })];
    pass(tickets);
    const { matches } = pass(tickets);
    assert.equal(matches.length, 1);
    assert.equal(matches[0]!.length, 2, '3 players trimmed to a multiple of 2');
  });

  it('matches a party with singles, never splitting it, and never with itself', () => {
    const f = new TicketFactory();
    const party = f.make({ players: 2, party: 'p1', min: 4, max: 4 });
    const solo1 = f.make({ min: 4, max: 4 });
    const solo2 = f.make({ min: 4, max: 4 });
    const { matches } = pass([party, solo1, solo2]);
    assert.equal(matches.length, 1);
    assert.equal(matches[0]!.length, 4);
    assert.deepEqual(ticketSets(matches), [['t0', 't1', 't2']]);

    const g = new TicketFactory();
    const sameA = g.make({ players: 2, party: 'p', min: 4, max: 4 });
    const sameB = g.make({ players: 2, party: 'p', min: 4, max: 4 });
    assert.equal(pass([sameA, sameB]).matches.length, 0);
  });

  it('never puts one session in a match twice', () => {
    const f = new TicketFactory();
    const a = f.make({ sessions: ['same'] });
    const b = f.make({ sessions: ['same'] });
    assert.equal(pass([a, b]).matches.length, 0);
  });

  it('requires mutual matches with rev_precision, and stops checking once the pass is over budget', () => {
    const f = new TicketFactory();
    const picky = f.make({ query: '+properties.region:eu', strings: { region: 'eu' } });
    const other = f.make({ query: '+properties.region:us', strings: { region: 'eu' } });
    assert.equal(pass([picky, other], {}, [picky]).matches.length, 1, 'one-way is enough by default');
    picky.intervals = other.intervals = 0;
    assert.equal(pass([picky, other], { revPrecision: true }, [picky]).matches.length, 0);
    picky.intervals = 0;
    assert.equal(pass([picky, other], { revPrecision: true, revExpired: () => true }, [picky]).matches.length, 1);
  });

  it('stops searching after max_intervals but can still be found', () => {
    const f = new TicketFactory();
    const lonely = f.make({ query: '+properties.x:never', min: 2, max: 3 });
    pass([lonely]);
    const { expired } = pass([lonely]);
    assert.deepEqual(expired.map((t) => t.ticket), ['t0']);
    const finder = f.make({ min: 2, max: 3 });
    // lonely is no longer active; the newcomer finds it on its own last interval.
    pass([lonely, finder], {}, [finder]);
    const { matches } = pass([lonely, finder], {}, [finder]);
    assert.deepEqual(ticketSets(matches), [['t0', 't1']]);
  });

  it('takes matched tickets out of the rest of the pass', () => {
    const f = new TicketFactory();
    const tickets = Array.from({ length: 7 }, () => f.make());
    const { matches } = pass(tickets);
    assert.equal(matches.length, 3);
    const used = matches.flat().map((e) => e.ticket);
    assert.equal(new Set(used).size, used.length);
  });
});
