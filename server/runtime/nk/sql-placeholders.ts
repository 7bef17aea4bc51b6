/**
 * Module SQL is written for Nakama's PostgreSQL with `$1..$n` placeholders. The SqlDatabase seam takes `?`
 * in order of appearance (the PostgreSQL driver numbers them again), so `$n` become `?` and the parameters
 * are reordered (and repeated) to match. Quoted strings, quoted identifiers and comments are left alone.
 */
export function translatePlaceholders(sql: string, params: readonly unknown[]): { sql: string; params: unknown[] } {
  let out = '';
  const ordered: unknown[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = closing(sql, i, c);
      out += sql.slice(i, end);
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '$' && /[0-9]/.test(sql[i + 1] ?? '')) {
      let j = i + 1;
      while (j < sql.length && /[0-9]/.test(sql[j]!)) j++;
      const n = Number(sql.slice(i + 1, j));
      if (n < 1 || n > params.length) throw new Error(`sql parameter $${n} has no value (${params.length} given)`);
      ordered.push(params[n - 1]);
      out += '?';
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  // Statements already written with `?` keep their parameters as given.
  return ordered.length > 0 ? { sql: out, params: ordered } : { sql: out, params: [...params] };
}

function closing(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}
