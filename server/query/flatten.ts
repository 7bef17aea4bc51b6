import type { QueryFields } from './evaluate.js';

/**
 * Turns a JSON value into the dotted-path document a query runs against, as Nakama's index walks a match label
 * or ticket properties: `flattenFields('label', {mode: 'ffa', cfg: {size: 4}})` gives `label.mode` = "ffa" and
 * `label.cfg.size` = 4. Array elements go under `path[0]`, `path[1]`, ... (a query on `path` matches any).
 * Nulls are skipped, as they are not indexed.
 */
export function flattenFields(prefix: string, value: unknown): QueryFields {
  const fields: QueryFields = new Map();
  walk(fields, prefix, value, false);
  return fields;
}

function walk(fields: QueryFields, path: string, value: unknown, inArray: boolean): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    if (typeof value === 'number' && !Number.isFinite(value)) return;
    put(fields, path, value, inArray);
    return;
  }
  if (Array.isArray(value)) {
    for (const element of value) walk(fields, path, element, true);
    return;
  }
  if (typeof value === 'object') {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      walk(fields, path === '' ? key : `${path}.${key}`, child, inArray);
    }
  }
}

/** Stores a leaf; values met inside arrays take the next free `path[i]` slot so repeats are all kept. */
function put(fields: QueryFields, path: string, value: string | number | boolean, inArray: boolean): void {
  if (!inArray) {
    fields.set(path, value);
    return;
  }
  let i = 0;
  while (fields.has(`${path}[${i}]`)) i++;
  fields.set(`${path}[${i}]`, value);
}
