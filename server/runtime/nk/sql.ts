import type { SqlValue } from '../../storage/sql.js';
import { str } from './args.js';
import { translatePlaceholders } from './sql-placeholders.js';
import type { NkArea } from './table.js';

function paramsOf(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new TypeError('expects params to be an array');
  return v;
}

function sqlValue(v: unknown): SqlValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return v;
  if (v instanceof Uint8Array) return Buffer.from(v);
  // Objects and arrays are stored as their JSON text, as Nakama's driver does for JSONB parameters.
  return JSON.stringify(v);
}

function rowValue(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v)) return new Uint8Array(v);
  return v;
}

/** sqlExec and sqlQuery against the server's own database, SQLite or PostgreSQL. */
export const sqlArea: NkArea = (table, { sql }) => {
  const prepare = (query: unknown, params: unknown) => {
    const t = translatePlaceholders(str(query, 'query string'), paramsOf(params));
    return { text: t.sql, values: t.params.map(sqlValue) };
  };
  table.register('sqlExec', async ([query, params]) => {
    const { text, values } = prepare(query, params);
    const result = await sql.run(text, values);
    return { rowsAffected: result.changes };
  });
  table.register('sqlQuery', async ([query, params]) => {
    const { text, values } = prepare(query, params);
    const rows = await sql.all(text, values);
    return rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(row)) out[k] = rowValue(v);
      return out;
    });
  });
};
