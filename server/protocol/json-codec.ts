import { ErrorsWith } from '../common/errors.js';
import type { FieldDef, MessageDef } from './message.js';
import { compileEncoder, type Encoder } from './json-encoder.js';

/**
 * Nakama's JSON conventions (protojson with UseProtoNames, UseEnumNumbers, EmitUnpopulated=false):
 * snake_case output, int64 as strings, bytes as base64, RFC 3339 timestamps, zero values omitted,
 * wrapper values always emitted. Input takes snake or camel names, numbers or strings for integers.
 */

const twoDigits = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/**
 * RFC 3339 with 0 or 3 fractional digits, as protojson prints millisecond times. Built from the UTC fields
 * rather than toISOString(), which V8 formats through snprintf at about twice the cost; every user in a
 * response carries two of these. Years outside 1970..9999 take the toISOString() path.
 */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (ms < 0 || year > 9999 || Number.isNaN(year)) {
    const iso = d.toISOString();
    return ms % 1000 === 0 ? iso.slice(0, 19) + 'Z' : iso;
  }
  const base = `${year < 1000 ? String(year).padStart(4, '0') : year}-${twoDigits(d.getUTCMonth() + 1)}-${twoDigits(d.getUTCDate())}T${twoDigits(d.getUTCHours())}:${twoDigits(d.getUTCMinutes())}:${twoDigits(d.getUTCSeconds())}`;
  const milli = ms % 1000;
  return milli === 0 ? `${base}Z` : `${base}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}

/** Encodes a value of `def` into a plain object ready for JSON.stringify (compiled per message: json-encoder.ts). */
export function toJson(def: MessageDef, value: Record<string, unknown>): Record<string, unknown> {
  return encoderOf(def)(value);
}

const ENCODER_HELPERS = {
  time: formatTimestamp,
  base64: (bytes: Uint8Array) => Buffer.from(bytes).toString('base64'),
  hasKeys: (value: object) => Object.keys(value).length !== 0,
};

function encoderOf(def: MessageDef): Encoder {
  return (def.jsonEncoder ??= compileEncoder(def, ENCODER_HELPERS, encoderOf));
}

function decodeScalar(field: FieldDef, kind: string, v: unknown): unknown {
  switch (kind) {
    case 'string':
    case 'StringValue':
      if (typeof v !== 'string') throw ErrorsWith.badField(field.name, 'a string');
      return v;
    case 'bool':
    case 'BoolValue':
      if (typeof v === 'boolean') return v;
      if (v === 'true') return true;
      if (v === 'false') return false;
      throw ErrorsWith.badField(field.name, 'a boolean');
    case 'int32':
    case 'uint32':
    case 'enum':
    case 'Int32Value':
    case 'UInt32Value':
    case 'int64':
    case 'Int64Value': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : NaN;
      if (!Number.isSafeInteger(n)) throw ErrorsWith.badField(field.name, 'an integer');
      const unsigned = kind === 'uint32' || kind === 'UInt32Value';
      if ((kind.startsWith('int32') || kind === 'Int32Value' || kind === 'enum') && (n < -2147483648 || n > 2147483647)) {
        throw ErrorsWith.badField(field.name, 'a 32-bit integer');
      }
      if (unsigned && (n < 0 || n > 4294967295)) throw ErrorsWith.badField(field.name, 'an unsigned 32-bit integer');
      return n;
    }
    case 'double':
    case 'DoubleValue': {
      const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
      if (Number.isNaN(n)) throw ErrorsWith.badField(field.name, 'a number');
      return n;
    }
    case 'bytes': {
      if (typeof v !== 'string') throw ErrorsWith.badField(field.name, 'base64 bytes');
      return Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    }
    case 'timestamp': {
      const ms = typeof v === 'string' ? Date.parse(v) : NaN;
      if (Number.isNaN(ms)) throw ErrorsWith.badField(field.name, 'an RFC 3339 timestamp');
      return ms;
    }
    default:
      throw ErrorsWith.badField(field.name, kind);
  }
}

/**
 * Decodes parsed JSON into a value of `def`. Unknown fields are ignored, as the REST gateway does, unless
 * `strict` (the realtime socket, where Nakama refuses them).
 */
export function fromJson<T>(def: MessageDef<T>, json: unknown, into: Record<string, unknown> = {}, strict = false): T {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw ErrorsWith.badRequestBody(`Expected a JSON object for ${def.name}.`);
  }
  for (const [name, v] of Object.entries(json as Record<string, unknown>)) {
    const field = def.byJsonName.get(name);
    if (!field) {
      if (strict) throw ErrorsWith.badRequestBody(`Unknown field '${name}' in ${def.name}.`);
      continue;
    }
    if (v === null) continue;
    into[field.key] = decodeField(field, v, strict);
  }
  return into as T;
}

function decodeField(field: FieldDef, v: unknown, strict: boolean): unknown {
  if (field.kind === 'message') {
    const sub = field.message!();
    if (field.repeated) {
      if (!Array.isArray(v)) throw ErrorsWith.badField(field.name, 'a list');
      return v.map((item) => fromJson(sub, item, {}, strict));
    }
    return fromJson(sub, v, {}, strict);
  }
  if (field.kind === 'map') {
    if (typeof v !== 'object' || Array.isArray(v)) throw ErrorsWith.badField(field.name, 'an object');
    const m: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v as object)) m[k] = decodeScalar(field, field.mapValue ?? 'string', item);
    return m;
  }
  if (field.repeated) {
    if (!Array.isArray(v)) throw ErrorsWith.badField(field.name, 'a list');
    return v.map((item) => decodeScalar(field, field.kind, item));
  }
  return decodeScalar(field, field.kind, v);
}

/**
 * Fills fields of `def` from query parameters (grpc-gateway style): snake or camel names, repeated
 * fields by repetition, wrappers as plain values. Parameters that name no field are ignored.
 */
export function fromQuery<T>(def: MessageDef<T>, query: URLSearchParams, into: Record<string, unknown> = {}): T {
  for (const name of new Set(query.keys())) {
    const field = def.byJsonName.get(name);
    if (!field || field.kind === 'message' || field.kind === 'map') continue;
    const values = query.getAll(name);
    into[field.key] = field.repeated
      ? values.map((item) => decodeScalar(field, field.kind, item))
      : decodeScalar(field, field.kind, values[values.length - 1]);
  }
  return into as T;
}
