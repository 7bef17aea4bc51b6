/**
 * The parsed form of a Bleve query string (the language Nakama's matchmaker, match listing and party listing
 * accept). Bleve has no grouping: a query is a flat list of clauses, each required (`+`), forbidden (`-`) or
 * optional, and each clause is one leaf test against one field (or against every field when none is named).
 */

export type Occur = 'must' | 'should' | 'mustNot';

/** How a range bound compares; a quoted bound is a date, a bare one a number. */
export type RangeOperator = '>' | '>=' | '<' | '<=';

interface LeafBase {
  /** The dotted field path, or null for a bare term that may match any field (Bleve's `_all`). */
  readonly field: string | null;
  /** Multiplies the clause's score contribution (`term^2`); 1 when not given. */
  readonly boost: number;
}

/** `*`: every document. */
export interface MatchAllLeaf {
  readonly kind: 'all';
  readonly boost: number;
}

/** An unquoted term: an exact keyword; one that reads as a number also equals a numeric field of that value. */
export interface TermLeaf extends LeafBase {
  readonly kind: 'term';
  readonly value: string;
  readonly numeric: number | null;
}

/** A quoted phrase: with the keyword analyzer it is the whole value, spaces included. */
export interface PhraseLeaf extends LeafBase {
  readonly kind: 'phrase';
  readonly value: string;
}

/** `field:>5`, `field:<="2026-01-01"`: a numeric or date bound. */
export interface RangeLeaf extends LeafBase {
  readonly kind: 'range';
  readonly operator: RangeOperator;
  /** The bound: a number, or a date as epoch milliseconds when it was quoted. */
  readonly bound: number;
  readonly date: boolean;
}

/** A term holding `*` or `?`, or a `/regexp/`: matched against the whole value. */
export interface PatternLeaf extends LeafBase {
  readonly kind: 'pattern';
  readonly source: string;
  readonly pattern: RegExp;
}

/** `term~2`: values within an edit distance of the term. */
export interface FuzzyLeaf extends LeafBase {
  readonly kind: 'fuzzy';
  readonly value: string;
  readonly fuzziness: number;
}

export type Leaf = MatchAllLeaf | TermLeaf | PhraseLeaf | RangeLeaf | PatternLeaf | FuzzyLeaf;

export interface Clause {
  readonly occur: Occur;
  readonly leaf: Leaf;
}

export interface Query {
  /** The text it was parsed from, kept for error messages and logs. */
  readonly text: string;
  readonly must: readonly Clause[];
  readonly should: readonly Clause[];
  readonly mustNot: readonly Clause[];
  /** True for the empty query string, which (as in Bleve) matches nothing. */
  readonly none: boolean;
}

/** The query `*`, for callers that default an absent query to "everything". */
export function matchAllQuery(): Query {
  const clause: Clause = { occur: 'should', leaf: { kind: 'all', boost: 1 } };
  return { text: '*', must: [], should: [clause], mustNot: [], none: false };
}
