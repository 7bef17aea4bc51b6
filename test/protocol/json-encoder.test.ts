import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FieldDef, MessageDef } from '../../server/protocol/message.js';
import { formatTimestamp, toJson } from '../../server/protocol/json-codec.js';

/**
 * The compiled encoders against the descriptor rules written out plainly (the walker toJson used to be):
 * every message the server declares, filled with random values, must encode identically.
 */
const WRAPPERS = new Set(['BoolValue', 'StringValue', 'Int32Value', 'Int64Value', 'UInt32Value', 'DoubleValue']);

function scalar(kind: string, value: unknown): unknown {
  if (kind === 'int64' || kind === 'Int64Value') return String(value);
  if (kind === 'timestamp') return formatTimestamp(value as number);
  if (kind === 'bytes') return Buffer.from(value as Uint8Array).toString('base64');
  return value;
}

function isZero(field: FieldDef, value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (WRAPPERS.has(field.kind)) return false;
  if (field.repeated) return (value as unknown[]).length === 0;
  if (field.kind === 'map') return Object.keys(value as object).length === 0;
  if (field.kind === 'message') return false;
  if (field.kind === 'bytes') return (value as Uint8Array).length === 0;
  return value === '' || value === 0 || value === false;
}

function reference(def: MessageDef, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of def.fields) {
    const v = value[field.key];
    if (isZero(field, v)) continue;
    if (field.kind === 'message') {
      const sub = field.message!();
      out[field.name] = field.repeated ? (v as Record<string, unknown>[]).map((item) => reference(sub, item)) : reference(sub, v as Record<string, unknown>);
    } else if (field.kind === 'map') {
      const m: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v as object)) m[k] = scalar(field.mapValue ?? 'string', item);
      out[field.name] = m;
    } else if (field.repeated) out[field.name] = (v as unknown[]).map((item) => scalar(field.kind, item));
    else out[field.name] = scalar(field.kind, v);
  }
  return out;
}

/** A deterministic generator, so a failure reproduces. */
let seed = 42;
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const pick = <T>(items: T[]): T => items[Math.floor(rand() * items.length)]!;

function scalarValue(kind: string): unknown {
  switch (kind) {
    case 'string':
    case 'StringValue':
      return pick(['', 'a', 'player one', 'ü✓']);
    case 'bool':
    case 'BoolValue':
      return pick([true, false]);
    case 'bytes':
      return pick([new Uint8Array(0), new Uint8Array([1, 2, 250])]);
    case 'timestamp':
      return pick([0, 1_764_460_800_000, 1_764_460_800_123]);
    case 'double':
    case 'DoubleValue':
      return pick([0, 1.5, -2]);
    default:
      return pick([0, 1, -7, 2 ** 40]);
  }
}

function randomValue(def: MessageDef, depth: number): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const field of def.fields) {
    const r = rand();
    if (r < 0.15) continue;
    if (r < 0.22) {
      value[field.key] = null;
      continue;
    }
    const one = (): unknown => (field.kind === 'message' ? (depth > 2 ? {} : randomValue(field.message!(), depth + 1)) : scalarValue(field.kind));
    if (field.kind === 'map') value[field.key] = rand() < 0.3 ? {} : { k1: scalarValue(field.mapValue ?? 'string'), k2: scalarValue(field.mapValue ?? 'string') };
    else if (field.repeated) value[field.key] = Array.from({ length: Math.floor(rand() * 3) }, one);
    else value[field.key] = one();
  }
  return value;
}

async function allMessages(): Promise<MessageDef[]> {
  const dir = fileURLToPath(new URL('../../server/protocol/', import.meta.url));
  const defs = new Set<MessageDef>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const mod = (await import(new URL(`../../server/protocol/${file.replace(/\.ts$/, '.js')}`, import.meta.url).href)) as Record<string, unknown>;
    for (const exported of Object.values(mod)) {
      const def = exported as MessageDef;
      if (def && typeof def === 'object' && Array.isArray(def.fields) && def.byJsonName instanceof Map) defs.add(def);
    }
  }
  return [...defs];
}

describe('compiled JSON encoders', () => {
  it('encode every declared message exactly as the descriptor rules say', async () => {
    const defs = await allMessages();
    assert.ok(defs.length > 50, `found ${defs.length} message declarations`);
    for (const def of defs) {
      for (let i = 0; i < 40; i++) {
        const value = randomValue(def, 0);
        assert.deepEqual(toJson(def, value), reference(def, value), `${def.name}: ${JSON.stringify(value, (_k, v) => (v instanceof Uint8Array ? [...v] : v))}`);
      }
    }
  });
});
