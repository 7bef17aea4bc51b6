import { isUuid } from '../../common/ids.js';

/** Argument checks for nk functions, with Nakama's TypeError texts ("expects ..."). */
export function str(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new TypeError(`expects ${what}`);
  return v;
}

export function optStr(v: unknown, what: string): string | undefined {
  return v === undefined || v === null ? undefined : str(v, what);
}

export function uuid(v: unknown, what = 'user id'): string {
  if (typeof v !== 'string' || v === '') throw new TypeError(`expects ${what}`);
  if (!isUuid(v)) throw new TypeError(`expects valid ${what}`);
  return v;
}

export function bool(v: unknown, fallback: boolean): boolean {
  return v === undefined || v === null ? fallback : Boolean(v);
}

export function int(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`expects ${what}`);
  return v;
}

export function obj(v: unknown, what: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new TypeError(`expects ${what}`);
  return v as Record<string, unknown>;
}

export function strArray(v: unknown, what: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw new TypeError(`expects ${what}`);
  return v as string[];
}

/** Nakama's JSON-text fields (metadata, wallet) reach modules as objects. */
export function parsedJson(text: string | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export const seconds = (ms: number | undefined): number => (ms === undefined ? 0 : Math.floor(ms / 1000));
