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
