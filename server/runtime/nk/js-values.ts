/**
 * Nakama's goja argument readers (getJsString, getJsInt, getJsBool, exportToSlice) with their TypeError texts,
 * for the nk areas written against runtime_javascript_nakama.go. Module `undefined` arrives here as null (the
 * arguments cross as JSON), so "given" means neither.
 */
export const given = (v: unknown): boolean => v !== undefined && v !== null;

export function jsString(v: unknown): string {
  if (typeof v !== 'string') throw new TypeError('expects string');
  return v;
}

export function jsInt(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError('expects number');
  return v;
}

export function jsBool(v: unknown): boolean {
  if (typeof v !== 'boolean') throw new TypeError('expects boolean');
  return v;
}

export const optString = (v: unknown, fallback = ''): string => (given(v) ? jsString(v) : fallback);
export const optInt = (v: unknown, fallback: number): number => (given(v) ? jsInt(v) : fallback);

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** An array whose every entry passes `ok`, else a TypeError with `message`. */
export function jsArray<T>(v: unknown, ok: (e: unknown) => e is T, message: string): T[] {
  if (!Array.isArray(v) || !v.every(ok)) throw new TypeError(message);
  return v;
}

export const isString = (e: unknown): e is string => typeof e === 'string';

/** JSON text with object keys sorted at every depth, as Go's encoding/json writes a map. */
export function goJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (!isPlainObject(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = v[k];
    return sorted;
  });
}

/** Parses stored JSON object text; what Nakama would fail to unmarshal comes back as an empty object. */
export function jsonObject(text: string | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const v: unknown = JSON.parse(text);
    return isPlainObject(v) ? v : {};
  } catch {
    return {};
  }
}

/** Nakama wraps a core error as `<what>: <message>`. */
export async function wrapped<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof TypeError) throw err;
    throw new Error(`${what}: ${(err as Error)?.message ?? String(err)}`);
  }
}
