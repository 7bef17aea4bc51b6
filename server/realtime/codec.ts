import { camelCase } from '../protocol/message.js';
import { fromJson, toJson } from '../protocol/json-codec.js';
import { ENVELOPE_CASES, type Envelope } from '../protocol/realtime-messages.js';

/**
 * Turns socket frames into envelopes and back. JSON (text frames) is built; the protobuf codec (binary
 * frames) will implement the same interface from the same descriptors.
 */
export interface EnvelopeCodec {
  readonly format: 'json' | 'protobuf';
  /** Throws on anything Nakama would close the socket for: a bad frame, an unknown or missing case. */
  decode(data: Buffer, isBinary: boolean): Envelope;
  encode(envelope: Envelope | { cid: string }): string | Buffer;
}

export class MalformedEnvelope extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'MalformedEnvelope';
  }
}

const CASE_BY_JSON_NAME = new Map<string, string>();
for (const name of Object.keys(ENVELOPE_CASES)) {
  CASE_BY_JSON_NAME.set(name, name);
  CASE_BY_JSON_NAME.set(camelCase(name), name);
}

export class JsonEnvelopeCodec implements EnvelopeCodec {
  readonly format = 'json' as const;

  decode(data: Buffer, isBinary: boolean): Envelope {
    if (isBinary) throw new MalformedEnvelope('binary frame on a json socket');
    let json: unknown;
    try {
      json = JSON.parse(data.toString('utf8'));
    } catch {
      throw new MalformedEnvelope('frame is not valid JSON');
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new MalformedEnvelope('envelope is not an object');
    let cid: string | undefined;
    let found: Envelope | undefined;
    for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
      if (key === 'cid') {
        if (typeof value !== 'string') throw new MalformedEnvelope('cid must be a string');
        cid = value;
        continue;
      }
      const name = CASE_BY_JSON_NAME.get(key);
      if (!name) throw new MalformedEnvelope(`unknown envelope field '${key}'`);
      if (found) throw new MalformedEnvelope('envelope carries more than one message');
      try {
        found = { case: name, payload: fromJson(ENVELOPE_CASES[name]!.message, value ?? {}, {}, true) as Record<string, unknown> };
      } catch (err) {
        throw new MalformedEnvelope((err as Error).message);
      }
    }
    if (!found) throw new MalformedEnvelope('envelope carries no message');
    if (cid !== undefined && cid !== '') found.cid = cid;
    return found;
  }

  encode(envelope: Envelope | { cid: string }): string {
    if (!('case' in envelope)) return JSON.stringify({ cid: envelope.cid });
    const out: Record<string, unknown> = {};
    if (envelope.cid) out.cid = envelope.cid;
    out[envelope.case] = toJson(ENVELOPE_CASES[envelope.case]!.message, envelope.payload);
    return JSON.stringify(out);
  }
}
