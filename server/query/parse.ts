import type { Clause, Leaf, Occur, Query, RangeOperator } from './query.js';

export type { Query } from './query.js';

/** A query string that is not valid Bleve syntax; `position` is the 0-based character offset of the fault. */
export class QuerySyntaxError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(`${message} at position ${position}`);
    this.name = 'QuerySyntaxError';
    this.position = position;
  }
}

const WHITESPACE = /\s/;
/** Characters that end an unquoted term unless escaped. */
const TERM_END = new Set([':', '^', '~', '"']);
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A term read from the text: its unescaped value and, when it holds `*` or `?`, a regexp source. */
interface RawTerm {
  readonly value: string;
  readonly wildcard: string | null;
  readonly start: number;
}

/**
 * Parses a Bleve query string: whitespace-separated clauses, each `+` (must), `-` (must not) or bare (should),
 * each `[field:]value[^boost]` where value is a term, `"phrase"`, `/regexp/`, `>n`, `>=n`, `<n`, `<=n` (or a
 * quoted date after the operator), `term~n` (fuzzy), or `*`. A backslash escapes the next character.
 */
export function parseQuery(text: string): Query {
  return new Parser(text).parse();
}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): Query {
    const must: Clause[] = [];
    const should: Clause[] = [];
    const mustNot: Clause[] = [];
    for (;;) {
      this.skipWhitespace();
      if (this.pos >= this.text.length) break;
      const clause = this.clause();
      (clause.occur === 'must' ? must : clause.occur === 'mustNot' ? mustNot : should).push(clause);
    }
    const none = must.length + should.length + mustNot.length === 0;
    return { text: this.text, must, should, mustNot, none };
  }

  private clause(): Clause {
    let occur: Occur = 'should';
    const c = this.text[this.pos];
    if (c === '+' || c === '-') {
      occur = c === '+' ? 'must' : 'mustNot';
      this.pos++;
      if (this.pos >= this.text.length || WHITESPACE.test(this.text[this.pos]!)) {
        throw new QuerySyntaxError(`expected a term after '${c}'`, this.pos);
      }
    }
    const leaf = this.leaf();
    return { occur, leaf };
  }

  private leaf(): Leaf {
    const start = this.pos;
    if (this.text[this.pos] === '"') {
      const value = this.phrase();
      return this.withSuffix({ kind: 'phrase', field: null, value, boost: 1 }, false);
    }
    if (this.text[this.pos] === '/') {
      return this.withSuffix(this.regexp(null), false);
    }
    if (this.text[this.pos] === '>' || this.text[this.pos] === '<') {
      throw new QuerySyntaxError('a range needs a field name', start);
    }
    const first = this.term();
    if (this.text[this.pos] === ':') {
      if (first.wildcard !== null) throw new QuerySyntaxError('a field name cannot hold wildcards', first.start);
      if (first.value === '') throw new QuerySyntaxError('expected a field name', this.pos);
      this.pos++;
      return this.fieldValue(first.value);
    }
    if (first.value === '' && first.wildcard === null) throw new QuerySyntaxError(this.unexpected(), this.pos);
    return this.termLeaf(null, first);
  }

  /** What follows `field:`. */
  private fieldValue(field: string): Leaf {
    const c = this.text[this.pos];
    if (c === undefined || WHITESPACE.test(c)) throw new QuerySyntaxError(`expected a value for field '${field}'`, this.pos);
    if (c === '"') return this.withSuffix({ kind: 'phrase', field, value: this.phrase(), boost: 1 }, false);
    if (c === '/') return this.withSuffix(this.regexp(field), false);
    if (c === '>' || c === '<') return this.withSuffix(this.range(field), false);
    const term = this.term();
    if (term.value === '' && term.wildcard === null) throw new QuerySyntaxError(this.unexpected(), this.pos);
    return this.termLeaf(field, term);
  }

  private termLeaf(field: string | null, term: RawTerm): Leaf {
    if (term.wildcard !== null) {
      if (field === null && term.wildcard === '.*') return this.withSuffix({ kind: 'all', boost: 1 }, false);
      const pattern = new RegExp(`^(?:${term.wildcard})$`, 's');
      return this.withSuffix({ kind: 'pattern', field, source: term.value, pattern, boost: 1 }, false);
    }
    const numeric = NUMBER.test(term.value) ? Number(term.value) : null;
    return this.withSuffix({ kind: 'term', field, value: term.value, numeric, boost: 1 }, true);
  }

  /** Reads `~n` (terms only) and `^boost` after a value. */
  private withSuffix(leaf: Leaf, fuzzyAllowed: boolean): Leaf {
    let result = leaf;
    if (this.text[this.pos] === '~') {
      const at = this.pos;
      if (!fuzzyAllowed || result.kind !== 'term') throw new QuerySyntaxError("'~' applies only to a plain term", at);
      this.pos++;
      const digits = this.readWhile((ch) => ch >= '0' && ch <= '9');
      const fuzziness = digits === '' ? 1 : Number(digits);
      result = { kind: 'fuzzy', field: result.field, value: result.value, fuzziness, boost: 1 };
    }
    if (this.text[this.pos] === '^') {
      this.pos++;
      const at = this.pos;
      const digits = this.readWhile((ch) => (ch >= '0' && ch <= '9') || ch === '.');
      const boost = Number(digits);
      if (digits === '' || !Number.isFinite(boost)) throw new QuerySyntaxError("expected a number after '^'", at);
      result = { ...result, boost };
    }
    const c = this.text[this.pos];
    if (c !== undefined && !WHITESPACE.test(c)) throw new QuerySyntaxError(this.unexpected(), this.pos);
    return result;
  }

  /** An unquoted term up to whitespace or a special character; `*` and `?` make it a wildcard. */
  private term(): RawTerm {
    const start = this.pos;
    const text = this.text;
    // Fast path: most terms have no escapes and no wildcards, and are a plain slice of the text.
    let plain = true;
    let end = start;
    while (end < text.length) {
      const c = text.charCodeAt(end);
      if (c === 92 /* \\ */ || c === 42 /* * */ || c === 63 /* ? */) {
        plain = false;
        break;
      }
      if (isWhitespace(c) || c === 58 /* : */ || c === 94 /* ^ */ || c === 126 /* ~ */ || c === 34 /* " */) break;
      end++;
    }
    if (plain) {
      this.pos = end;
      return { value: text.slice(start, end), wildcard: null, start };
    }
    let value = '';
    let pattern = '';
    let wildcard = false;
    while (this.pos < text.length) {
      const c = text[this.pos]!;
      if (WHITESPACE.test(c) || TERM_END.has(c)) break;
      if (c === '\\') {
        const escaped = this.escaped();
        value += escaped;
        pattern += escapeRegExp(escaped);
        continue;
      }
      if (c === '*' || c === '?') {
        wildcard = true;
        pattern += c === '*' ? '.*' : '.';
      } else {
        pattern += escapeRegExp(c);
      }
      value += c;
      this.pos++;
    }
    return { value, wildcard: wildcard ? pattern : null, start };
  }

  /** A quoted phrase; the opening quote is at `pos`. */
  private phrase(): string {
    const open = this.pos;
    this.pos++;
    let value = '';
    while (this.pos < this.text.length) {
      const c = this.text[this.pos]!;
      if (c === '"') {
        this.pos++;
        return value;
      }
      if (c === '\\') {
        value += this.escaped();
        continue;
      }
      value += c;
      this.pos++;
    }
    throw new QuerySyntaxError('unterminated quoted phrase', open);
  }

  /** A `/regexp/`, matched against the whole value as Bleve does. */
  private regexp(field: string | null): Leaf {
    const open = this.pos;
    this.pos++;
    let source = '';
    while (this.pos < this.text.length) {
      const c = this.text[this.pos]!;
      if (c === '/') {
        this.pos++;
        try {
          return { kind: 'pattern', field, source, pattern: new RegExp(`^(?:${source})$`, 's'), boost: 1 };
        } catch {
          throw new QuerySyntaxError('invalid regular expression', open + 1);
        }
      }
      if (c === '\\' && this.text[this.pos + 1] === '/') {
        source += '/';
        this.pos += 2;
        continue;
      }
      source += c;
      this.pos++;
    }
    throw new QuerySyntaxError('unterminated regular expression', open);
  }

  /** `>n`, `>=n`, `<n`, `<=n`, or the same with a quoted date. */
  private range(field: string): Leaf {
    let operator: RangeOperator = this.text[this.pos] === '>' ? '>' : '<';
    this.pos++;
    if (this.text[this.pos] === '=') {
      operator = operator === '>' ? '>=' : '<=';
      this.pos++;
    }
    const at = this.pos;
    if (this.text[this.pos] === '"') {
      const text = this.phrase();
      const bound = Date.parse(text);
      if (Number.isNaN(bound)) throw new QuerySyntaxError(`expected a date in range on '${field}'`, at);
      return { kind: 'range', field, operator, bound, date: true, boost: 1 };
    }
    const digits = this.readWhile((ch) => !WHITESPACE.test(ch) && ch !== '^');
    if (!NUMBER.test(digits)) throw new QuerySyntaxError(`expected a number in range on '${field}'`, at);
    return { kind: 'range', field, operator, bound: Number(digits), date: false, boost: 1 };
  }

  /** The character after a backslash at `pos`. */
  private escaped(): string {
    const next = this.text[this.pos + 1];
    if (next === undefined) throw new QuerySyntaxError("nothing to escape after '\\'", this.pos);
    this.pos += 2;
    return next;
  }

  private readWhile(accept: (ch: string) => boolean): string {
    const start = this.pos;
    while (this.pos < this.text.length && accept(this.text[this.pos]!)) this.pos++;
    return this.text.slice(start, this.pos);
  }

  private skipWhitespace(): void {
    while (this.pos < this.text.length && WHITESPACE.test(this.text[this.pos]!)) this.pos++;
  }

  private unexpected(): string {
    return `unexpected '${this.text[this.pos]}'`;
  }
}

/** The characters `\s` matches that can appear in a query (the fast path must agree with WHITESPACE). */
function isWhitespace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 160 || code === 0xfeff || code === 0x2028 || code === 0x2029 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x202f || code === 0x205f || code === 0x3000;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
