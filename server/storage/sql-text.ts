/**
 * Rewrites the code parts of a SQL statement, leaving quoted strings, quoted identifiers and comments as they
 * are: what placeholder rewriting needs, whichever way it goes (`?` -> `$n` for PostgreSQL, `$n` -> `?` for
 * module SQL).
 */
export function rewriteSqlCode(sql: string, rewrite: (code: string) => string): string {
  let out = '';
  let code = '';
  let i = 0;
  const flush = (literal: string) => {
    out += rewrite(code) + literal;
    code = '';
  };
  while (i < sql.length) {
    const c = sql[i]!;
    let end = -1;
    if (c === "'" || c === '"') end = closingQuote(sql, i, c);
    else if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      end = nl < 0 ? sql.length : nl;
    } else if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      end = close < 0 ? sql.length : close + 2;
    }
    if (end < 0) {
      code += c;
      i++;
    } else {
      flush(sql.slice(i, end));
      i = end;
    }
  }
  flush('');
  return out;
}

/** Index just past the quote that closes the one at `start`; a doubled quote is an escaped quote. */
function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}
