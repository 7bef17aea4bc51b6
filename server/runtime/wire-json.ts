import { BIN_TAG } from './worker/bridge-source.js';

/**
 * The JSON text that carries values between the main thread, the workers and the module's vm context.
 * Binary values travel as latin1 text under BIN_TAG, so strings are all that ever cross into module code.
 */
export function encodeWire(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value, function (this: Record<string, unknown>, key, v: unknown) {
    const raw = this[key];
    if (raw instanceof Uint8Array) return { [BIN_TAG]: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1') };
    if (raw instanceof ArrayBuffer) return { [BIN_TAG]: Buffer.from(raw).toString('latin1') };
    if (typeof raw === 'bigint') return Number(raw);
    return v;
  });
}

/** Parses wire JSON; binary comes back as Uint8Array. */
export function decodeWire<T = unknown>(text: string): T {
  if (text === '') return undefined as T;
  // Most answers carry no binary; a reviver would cost a call per value.
  if (!text.includes(BIN_TAG)) return JSON.parse(text) as T;
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && typeof (v as Record<string, unknown>)[BIN_TAG] === 'string') {
      return new Uint8Array(Buffer.from((v as Record<string, string>)[BIN_TAG]!, 'latin1'));
    }
    return v;
  }) as T;
}

/** What a module call or nk call answers: a value, or an error with Nakama's gRPC code. */
export type WireAnswer<T = unknown> = { value: T; error?: undefined } | { error: WireError; value?: undefined };
export interface WireError {
  message: string;
  code: number;
  /** True when module code threw `{message, code}` itself (Nakama logs only the other ones). */
  custom?: boolean;
  stack?: string;
}
