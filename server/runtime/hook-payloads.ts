import { fromJson, toJson } from '../protocol/json-codec.js';
import type { MessageDef } from '../protocol/message.js';

/**
 * Values given to module hooks look like Nakama's JS runtime gives them: protojson with lowerCamelCase
 * names (int64 as strings, times as RFC 3339). What a before hook returns is read back with the same
 * codec, which accepts camel or snake names.
 */
export function toModuleValue(def: MessageDef, value: unknown): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  return camelize(def, toJson(def, value as Record<string, unknown>));
}

export function fromModuleValue(def: MessageDef, value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  fromJson(def, value, out);
  return out;
}

function camelize(def: MessageDef, json: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of def.fields) {
    if (!(f.name in json)) continue;
    const v = json[f.name];
    if (f.kind === 'message' && f.message) {
      const sub = f.message();
      out[f.key] = f.repeated ? (v as Record<string, unknown>[]).map((item) => camelize(sub, item)) : camelize(sub, v as Record<string, unknown>);
    } else out[f.key] = v;
  }
  return out;
}
