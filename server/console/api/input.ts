import { ErrorsWith } from '../../common/errors.js';
import { isUuid } from '../../common/ids.js';

/** Small checks for console inputs; each failure is a code-3 error naming the field. */

export function intQuery(query: URLSearchParams, name: string, def: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw ErrorsWith.badField(name, `an integer from ${min} to ${max}`);
  return n;
}

export function stringField(body: Record<string, unknown>, name: string, options: { optional?: boolean; max?: number } = {}): string {
  const v = body[name];
  if (v === undefined || v === null || v === '') {
    if (options.optional) return '';
    throw ErrorsWith.badField(name, 'a non-empty string');
  }
  if (typeof v !== 'string') throw ErrorsWith.badField(name, 'a string');
  if (options.max !== undefined && v.length > options.max) throw ErrorsWith.badField(name, `at most ${options.max} characters`);
  return v;
}

export function uuidParam(value: string | undefined, name: string): string {
  if (!value || !isUuid(value)) throw ErrorsWith.badField(name, 'a UUID');
  return value.toLowerCase();
}

/**
 * A JSON object sent as text (the storage editor's value): a parse error names where it is, as
 * "line L, column C", so an administrator can find it.
 */
export function jsonObjectField(body: Record<string, unknown>, name: string): string {
  const text = body[name];
  if (typeof text !== 'string' || text.trim() === '') throw ErrorsWith.badField(name, 'a JSON object as text');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw ErrorsWith.badRequestBody(`Invalid value for field '${name}': not valid JSON (${describeJsonError(text, err)}).`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw ErrorsWith.badField(name, 'a JSON object ({...}), not an array or a single value');
  return text;
}

/** The parser's message with the line and column of its position (V8 names only an offset). */
export function describeJsonError(text: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const at = /at position (\d+)/.exec(message);
  const position = at ? Number(at[1]) : /Unexpected end of JSON input/.test(message) ? text.length : -1;
  if (position < 0 || /line \d+ column \d+/.test(message)) return message;
  const before = text.slice(0, position).split('\n');
  return `${message}, line ${before.length} column ${before.at(-1)!.length + 1}`;
}

/** A whole number in the body, within bounds; absent gives `def` when one is given. */
export function intField(body: Record<string, unknown>, name: string, min: number, max: number, def?: number): number {
  const v = body[name];
  if ((v === undefined || v === null) && def !== undefined) return def;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw ErrorsWith.badField(name, `an integer from ${min} to ${max}`);
  return v;
}

/** A plain JSON object in the body; absent gives {}. */
export function objectField(body: Record<string, unknown>, name: string, options: { optional?: boolean } = {}): Record<string, unknown> {
  const v = body[name];
  if ((v === undefined || v === null) && options.optional) return {};
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw ErrorsWith.badField(name, 'a JSON object');
  return v as Record<string, unknown>;
}

/** An opaque listing cursor: base64url JSON written by `encodeConsoleCursor`. */
export function encodeConsoleCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeConsoleCursor(query: URLSearchParams): unknown[] | undefined {
  const raw = query.get('cursor');
  if (!raw) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(value)) return value;
  } catch {
    // Reported below like any other malformed cursor.
  }
  throw ErrorsWith.badField('cursor', 'a cursor from a previous page');
}
