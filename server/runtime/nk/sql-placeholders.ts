import { rewriteSqlCode } from '../../storage/sql-text.js';

/**
 * Module SQL is written for Nakama's PostgreSQL with `$1..$n` placeholders. The SqlDatabase seam takes `?`
 * in order of appearance (the PostgreSQL driver numbers them again), so `$n` become `?` and the parameters
 * are reordered (and repeated) to match. Quoted strings, quoted identifiers and comments are left alone.
 */
export function translatePlaceholders(sql: string, params: readonly unknown[]): { sql: string; params: unknown[] } {
  const ordered: unknown[] = [];
  const out = rewriteSqlCode(sql, (code) =>
    code.replace(/\$([0-9]+)/g, (_, digits: string) => {
      const n = Number(digits);
      if (n < 1 || n > params.length) throw new Error(`sql parameter $${n} has no value (${params.length} given)`);
      ordered.push(params[n - 1]);
      return '?';
    }),
  );
  // Statements already written with `?` keep their parameters as given.
  return ordered.length > 0 ? { sql: out, params: ordered } : { sql: out, params: [...params] };
}
