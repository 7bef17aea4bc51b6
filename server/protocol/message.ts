/**
 * Message descriptors: each wire message is declared once with its proto field names, numbers and kinds.
 * The JSON codec (Nakama's protojson conventions) derives from them today; the protobuf codec for the
 * realtime socket and gRPC will derive from the same declarations.
 */

export type ScalarKind = 'string' | 'bool' | 'int32' | 'uint32' | 'int64' | 'double' | 'bytes' | 'timestamp' | 'enum';
export type WrapperKind = 'BoolValue' | 'StringValue' | 'Int32Value' | 'Int64Value' | 'UInt32Value' | 'DoubleValue';
export type FieldKind = ScalarKind | WrapperKind | 'message' | 'map';

export interface FieldDef {
  /** Proto (snake_case) name, as it appears in JSON output and query strings. */
  readonly name: string;
  /** lowerCamelCase name: the property in TypeScript values and an accepted JSON input name. */
  readonly key: string;
  readonly no: number;
  readonly kind: FieldKind;
  readonly repeated: boolean;
  /** For 'message' fields, and for 'map' fields whose values are messages. */
  readonly message?: () => MessageDef;
  /** For 'map' fields: the kind of the values (keys are strings). */
  readonly mapValue?: ScalarKind;
}

export interface MessageDef<T = unknown> {
  readonly name: string;
  readonly fields: readonly FieldDef[];
  /** JSON input name (snake or camel) -> field. */
  readonly byJsonName: ReadonlyMap<string, FieldDef>;
  /** Phantom: the TypeScript shape of values of this message. */
  readonly __type?: T;
  /** The compiled protojson encoder, set by json-codec.ts on first use. */
  jsonEncoder?: (value: Record<string, unknown>) => Record<string, unknown>;
}

export type FieldSpec = [name: string, no: number, kind: FieldKind, options?: { repeated?: boolean; message?: () => MessageDef; mapValue?: ScalarKind }];

export function camelCase(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function defineMessage<T>(name: string, specs: readonly FieldSpec[]): MessageDef<T> {
  const fields: FieldDef[] = specs.map(([fieldName, no, kind, options]) => ({
    name: fieldName,
    key: camelCase(fieldName),
    no,
    kind,
    repeated: options?.repeated ?? false,
    message: options?.message,
    mapValue: options?.mapValue,
  }));
  const byJsonName = new Map<string, FieldDef>();
  for (const f of fields) {
    byJsonName.set(f.name, f);
    byJsonName.set(f.key, f);
  }
  return { name, fields, byJsonName };
}

export type Message<D> = D extends MessageDef<infer T> ? T : never;
