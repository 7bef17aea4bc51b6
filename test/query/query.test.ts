import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery, QuerySyntaxError } from '../../server/query/parse.js';
import { evaluateQuery, type QueryFields } from '../../server/query/evaluate.js';
import { flattenFields } from '../../server/query/flatten.js';

const doc = flattenFields('properties', {
  region: 'europe',
  mode: 'ranked',
  skill: 15,
  level: 3.5,
  name: 'big room',
  'odd:key': 'a+b',
  open: true,
  tags: ['fast', 'casual'],
  joined: '2026-03-01T10:00:00Z',
});

function run(text: string, fields: QueryFields = doc) {
  return evaluateQuery(parseQuery(text), fields);
}
const matches = (text: string, fields?: QueryFields) => run(text, fields).matched;

function syntaxError(text: string): QuerySyntaxError {
  try {
    parseQuery(text);
  } catch (error) {
    assert.ok(error instanceof QuerySyntaxError, `expected QuerySyntaxError for ${JSON.stringify(text)}`);
    return error;
  }
  assert.fail(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('flattenFields', () => {
  it('turns nested objects into dotted paths and arrays into indexed slots', () => {
    const fields = flattenFields('label', { a: { b: 1, c: 'x' }, list: [1, 'two', { d: true }], skip: null });
    assert.deepEqual([...fields.entries()], [
      ['label.a.b', 1],
      ['label.a.c', 'x'],
      ['label.list[0]', 1],
      ['label.list[1]', 'two'],
      ['label.list.d[0]', true],
    ]);
  });
  it('uses bare keys when the prefix is empty', () => {
    assert.deepEqual([...flattenFields('', { x: 1 }).keys()], ['x']);
  });
});

describe('query evaluation', () => {
  it('matches field:value exactly and case-sensitively', () => {
    assert.equal(matches('+properties.region:europe'), true);
    assert.equal(matches('+properties.region:Europe'), false);
    assert.equal(matches('+properties.region:euro'), false);
  });

  it('treats + as must, - as must not, and bare terms as should', () => {
    assert.equal(matches('+properties.region:europe +properties.mode:casual'), false);
    assert.equal(matches('+properties.region:europe -properties.mode:ranked'), false);
    assert.equal(matches('+properties.region:europe -properties.mode:casual'), true);
    assert.equal(matches('-properties.mode:casual'), true);
    assert.equal(matches('-properties.mode:ranked'), false);
    // should clauses are optional beside a must clause ...
    assert.equal(matches('+properties.region:europe properties.mode:casual'), true);
    // ... but a query of only should clauses needs one of them.
    assert.equal(matches('properties.mode:casual properties.region:asia'), false);
    assert.equal(matches('properties.mode:casual properties.region:europe'), true);
  });

  it('adds the boost of each matching clause to the score', () => {
    assert.equal(run('+properties.region:europe').score, 1);
    assert.equal(run('+properties.region:europe properties.mode:ranked').score, 2);
    assert.equal(run('+properties.region:europe properties.mode:casual').score, 1);
    assert.equal(run('+properties.region:europe properties.mode:ranked^3').score, 4);
    assert.equal(run('properties.mode:ranked^2.5').score, 2.5);
  });

  it('compares numeric ranges only against numbers', () => {
    assert.equal(matches('+properties.skill:>10 +properties.skill:<20'), true);
    assert.equal(matches('+properties.skill:>=15 +properties.skill:<=15'), true);
    assert.equal(matches('+properties.skill:>15'), false);
    assert.equal(matches('+properties.skill:<15'), false);
    assert.equal(matches('+properties.level:>3.25'), true);
    assert.equal(matches('+properties.skill:>-5'), true);
    assert.equal(matches('+properties.region:>1'), false);
  });

  it('matches a number term against numeric and text fields', () => {
    assert.equal(matches('+properties.skill:15'), true);
    assert.equal(matches('+properties.skill:15.0'), true);
    assert.equal(matches('+properties.skill:16'), false);
    assert.equal(matches('+properties.n:15', flattenFields('properties', { n: '15' })), true);
  });

  it('matches quoted phrases as the whole value', () => {
    assert.equal(matches('+properties.name:"big room"'), true);
    assert.equal(matches('+properties.name:"big"'), false);
    assert.equal(matches('+properties.name:"big \\"room\\""', flattenFields('properties', { name: 'big "room"' })), true);
  });

  it('compares quoted dates in ranges', () => {
    assert.equal(matches('+properties.joined:>"2026-01-01"'), true);
    assert.equal(matches('+properties.joined:<"2026-01-01"'), false);
  });

  it('matches everything with *', () => {
    assert.equal(matches('*'), true);
    assert.equal(matches('*', new Map()), true);
    assert.equal(run('*^3').score, 3);
    assert.equal(matches('+* -properties.mode:ranked'), false);
  });

  it('matches nothing for the empty query', () => {
    assert.equal(matches(''), false);
    assert.equal(matches('   '), false);
  });

  it('honours backslash escapes in terms and field names', () => {
    assert.equal(matches('+properties.odd\\:key:a\\+b'), true);
    assert.equal(matches('+properties.region:euro\\*'), false);
    assert.equal(matches('+properties.x:a\\ b', flattenFields('properties', { x: 'a b' })), true);
  });

  it('supports wildcards, regular expressions and fuzzy terms', () => {
    assert.equal(matches('+properties.region:eur*'), true);
    assert.equal(matches('+properties.region:eur?pe'), true);
    assert.equal(matches('+properties.region:asia*'), false);
    assert.equal(matches('+properties.region:/eu.*e/'), true);
    assert.equal(matches('+properties.region:/eu/'), false);
    assert.equal(matches('+properties.region:europa~1'), true);
    assert.equal(matches('+properties.region:eurupa~1'), false);
    assert.equal(matches('+properties.region:eurupa~2'), true);
    assert.equal(matches('+properties.missing:*'), false);
    assert.equal(matches('+properties.region:*'), true);
  });

  it('matches booleans as true/false and any array element', () => {
    assert.equal(matches('+properties.open:true'), true);
    assert.equal(matches('+properties.open:false'), false);
    assert.equal(matches('+properties.tags:casual'), true);
    assert.equal(matches('+properties.tags:slow'), false);
  });

  it('lets a bare term without a field match any field', () => {
    assert.equal(matches('+europe'), true);
    assert.equal(matches('+asia'), false);
    assert.equal(matches('+15'), true);
  });

  it('treats a missing field as not matching', () => {
    assert.equal(matches('+properties.nothing:x'), false);
    assert.equal(matches('-properties.nothing:x'), true);
  });
});

describe('query syntax errors', () => {
  const cases: Array<[string, number]> = [
    ['+', 1],
    ['+properties.a:x - b', 17],
    ['properties.region:', 18],
    ['properties.region: x', 18],
    [':x', 0],
    ['a:"unclosed', 2],
    ['a:b\\', 3],
    ['a:>abc', 3],
    ['a:>=', 4],
    ['a:<"not a date"', 3],
    ['a:b^', 4],
    ['a:b^x', 4],
    ['a:b:c', 3],
    ['>5', 0],
    ['a:"x"~2', 5],
    ['a:/unclosed', 2],
    ['a:/(/', 3],
    ['a*:b', 0],
    ['+x a:b"c"', 6],
  ];
  for (const [text, position] of cases) {
    it(`rejects ${JSON.stringify(text)} at position ${position}`, () => {
      const error = syntaxError(text);
      assert.equal(error.position, position, error.message);
      assert.match(error.message, new RegExp(`at position ${position}$`));
    });
  }
});
