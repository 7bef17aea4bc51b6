import type { Leaf, Query } from './query.js';

/**
 * A document to test: dotted paths to scalar values, as `flattenFields` builds them. An array's elements are
 * stored as `path[0]`, `path[1]`, ... and a query on `path` matches any of them (Bleve indexes each element
 * under the same field).
 */
export type QueryFields = Map<string, string | number | boolean>;

type Scalar = string | number | boolean;

/**
 * Tests a document. Every must clause has to match and no must-not clause may; should clauses only add to the
 * score, except that a query made only of should clauses needs at least one. Each matching clause adds its
 * boost (Nakama's index scores clauses as constants); a query of only must-not clauses scores 1.
 */
export function evaluateQuery(query: Query, fields: QueryFields): { matched: boolean; score: number } {
  const score = scoreQuery(query, fields);
  return score < 0 ? { matched: false, score: 0 } : { matched: true, score };
}

/** evaluateQuery without the result object, for hot loops: the score, or -1 when the document does not match. */
export function scoreQuery(query: Query, fields: QueryFields): number {
  if (query.none) return -1;
  const score = scoreClauses(query, fields, 0);
  if (score >= 0 && query.must.length === 0 && query.should.length === 0) return 1;
  return score;
}

/**
 * The clause-by-clause part of scoreQuery, for a query whose other `knownMust` required clauses are already
 * known to match (the matchmaker's candidate index guarantees its exact terms): -1, or the summed boosts of
 * the matching must and should clauses here (0 for a query with no clauses at all).
 */
export function scoreClauses(query: Query, fields: QueryFields, knownMust: number): number {
  const { must, should, mustNot } = query;
  for (let i = 0; i < mustNot.length; i++) {
    if (leafMatches(mustNot[i]!.leaf, fields)) return -1;
  }
  let score = 0;
  for (let i = 0; i < must.length; i++) {
    const leaf = must[i]!.leaf;
    if (!leafMatches(leaf, fields)) return -1;
    score += leaf.boost;
  }
  if (should.length > 0) {
    let any = false;
    for (let i = 0; i < should.length; i++) {
      const leaf = should[i]!.leaf;
      if (leafMatches(leaf, fields)) {
        any = true;
        score += leaf.boost;
      }
    }
    if (!any && must.length + knownMust === 0) return -1;
  }
  return score;
}

/** The highest score a document can reach on this query: every must and should clause matching. */
export function maximumScore(query: Query): number {
  if (query.must.length === 0 && query.should.length === 0) return 1;
  let score = 0;
  for (const clause of query.must) score += clause.leaf.boost;
  for (const clause of query.should) score += clause.leaf.boost;
  return score;
}

/** Whether one leaf matches a document. */
export function leafMatches(leaf: Leaf, fields: QueryFields): boolean {
  if (leaf.kind === 'all') return true;
  if (leaf.field === null) {
    for (const value of fields.values()) {
      if (valueMatches(leaf, value)) return true;
    }
    return false;
  }
  const direct = fields.get(leaf.field);
  if (direct !== undefined) return valueMatches(leaf, direct);
  // Arrays are stored element by element under `field[i]`.
  for (let i = 0; ; i++) {
    const element = fields.get(`${leaf.field}[${i}]`);
    if (element === undefined) return false;
    if (valueMatches(leaf, element)) return true;
  }
}

function valueMatches(leaf: Exclude<Leaf, { kind: 'all' }>, value: Scalar): boolean {
  switch (leaf.kind) {
    case 'term':
      if (typeof value === 'number') return leaf.numeric !== null && value === leaf.numeric;
      return textOf(value) === leaf.value;
    case 'phrase':
      return typeof value !== 'number' && textOf(value) === leaf.value;
    case 'range': {
      let actual: number;
      if (leaf.date) {
        if (typeof value !== 'string') return false;
        actual = Date.parse(value);
        if (Number.isNaN(actual)) return false;
      } else {
        if (typeof value !== 'number') return false;
        actual = value;
      }
      switch (leaf.operator) {
        case '>':
          return actual > leaf.bound;
        case '>=':
          return actual >= leaf.bound;
        case '<':
          return actual < leaf.bound;
        case '<=':
          return actual <= leaf.bound;
      }
      return false;
    }
    case 'pattern':
      return typeof value !== 'number' && leaf.pattern.test(textOf(value));
    case 'fuzzy':
      return typeof value !== 'number' && withinDistance(textOf(value), leaf.value, leaf.fuzziness);
  }
}

/** Booleans are indexed as the words `true` and `false`. */
function textOf(value: string | boolean): string {
  return typeof value === 'string' ? value : value ? 'true' : 'false';
}

/** Levenshtein distance at most `limit`, with an early exit once every row exceeds it. */
function withinDistance(a: string, b: string, limit: number): boolean {
  if (Math.abs(a.length - b.length) > limit) return false;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const cell = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(cell);
      if (cell < rowMin) rowMin = cell;
    }
    if (rowMin > limit) return false;
    previous = current;
  }
  return previous[b.length]! <= limit;
}
