/**
 * The one configuration schema: every key with its type, default, bounds and meaning. Section and key
 * names follow Nakama's wherever the concept exists, so a Nakama user's flags and YAML carry over.
 */

interface BaseSpec<T> {
  default: T;
  doc: string;
  /** Takes effect without a restart (the console may edit it live). */
  live?: boolean;
  /** Shipped default that must be changed before exposing the server. */
  insecureDefault?: boolean;
  /** Never shown in full by the console. */
  secret?: boolean;
}
export interface StringSpec extends BaseSpec<string> {
  type: 'string';
  minLength?: number;
  maxLength?: number;
  pattern?: RegExp;
  patternHint?: string;
}
export interface IntSpec extends BaseSpec<number> {
  type: 'int';
  min: number;
  max: number;
}
export interface BoolSpec extends BaseSpec<boolean> {
  type: 'bool';
}
export interface EnumSpec<V extends string = string> extends BaseSpec<V> {
  type: 'enum';
  values: readonly V[];
}
export interface ListSpec extends BaseSpec<string[]> {
  type: 'list';
}
export type KeySpec = StringSpec | IntSpec | BoolSpec | EnumSpec | ListSpec;

const str = (def: string, doc: string, extra: Partial<StringSpec> = {}): StringSpec => ({ type: 'string', default: def, doc, ...extra });
const int = (def: number, min: number, max: number, doc: string, extra: Partial<IntSpec> = {}): IntSpec => ({ type: 'int', default: def, min, max, doc, ...extra });
const bool = (def: boolean, doc: string, extra: Partial<BoolSpec> = {}): BoolSpec => ({ type: 'bool', default: def, doc, ...extra });
const oneOf = <V extends string>(values: readonly V[], def: V, doc: string, extra: Partial<EnumSpec<V>> = {}): EnumSpec<V> => ({ type: 'enum', values, default: def, doc, ...extra });
const list = (def: string[], doc: string): ListSpec => ({ type: 'list', default: def, doc });

const PORT_MAX = 65535;
const DAY_SEC = 86400;

export const schema = {
  name: str('outpost', 'Node name; it is part of every presence and match id.', {
    minLength: 1, maxLength: 16, pattern: /^[A-Za-z0-9_-]+$/, patternHint: 'letters, digits, "_" or "-"',
  }),
  data_dir: str('./data', 'Folder for the SQLite database, modules and other files.', { minLength: 1 }),
  shutdown_grace_sec: int(0, 0, 3600, 'Extra seconds to let clients finish before a stop closes their connections.'),
  logger: {
    level: oneOf(['debug', 'info', 'warn', 'error'] as const, 'info', 'Lowest level written.', { live: true }),
    format: oneOf(['json', 'text'] as const, 'json', 'Log line format.'),
    stdout: bool(true, 'Write logs to standard output.'),
  },
  session: {
    encryption_key: str('defaultencryptionkey', 'HMAC key of session tokens.', { minLength: 1, insecureDefault: true, secret: true }),
    token_expiry_sec: int(60, 1, 365 * DAY_SEC, 'Session token lifetime in seconds.', { live: true }),
    refresh_encryption_key: str('defaultrefreshencryptionkey', 'HMAC key of refresh tokens.', { minLength: 1, insecureDefault: true, secret: true }),
    refresh_token_expiry_sec: int(3600, 1, 365 * DAY_SEC, 'Refresh token lifetime in seconds.', { live: true }),
    single_socket: bool(false, 'Allow one realtime socket per user; a new one closes the old.'),
    single_session: bool(false, 'Allow one session per user; a new login revokes the older ones.'),
    single_match: bool(false, 'Allow one match per user.'),
    single_party: bool(false, 'Allow one party per user.'),
  },
  socket: {
    server_key: str('defaultkey', 'Key clients send (Basic auth) to authenticate.', { minLength: 1, insecureDefault: true, secret: true }),
    port: int(7350, 0, PORT_MAX, 'Client API port (REST and /ws); gRPC uses port - 1. 0 picks a free port.'),
    address: str('', 'Interface to listen on; empty means all.'),
    max_message_size_bytes: int(4096, 128, 64 * 1024 * 1024, 'Largest realtime message accepted.'),
    max_request_size_bytes: int(262144, 1024, 64 * 1024 * 1024, 'Largest HTTP request body accepted.'),
    idle_timeout_ms: int(60000, 1000, 3600000, 'Idle keep-alive connections are closed after this long.'),
    read_timeout_ms: int(10000, 100, 3600000, 'Longest time to receive a whole request.'),
    write_timeout_ms: int(10000, 100, 3600000, 'Longest time to send a realtime message.'),
    ping_period_ms: int(15000, 100, 3600000, 'How often the server pings each socket.'),
    pong_wait_ms: int(25000, 100, 3600000, 'How long a socket may stay silent before it is closed.'),
    outgoing_queue_size: int(64, 1, 65536, 'Messages queued per socket before the session is dropped.'),
    response_headers: list([], 'Extra headers on every HTTP response, as "Name=value".'),
  },
  database: {
    address: str('', 'Empty: embedded SQLite in data_dir. Or a postgres:// URL.', {
      pattern: /^(|postgres(ql)?:\/\/.+)$/, patternHint: 'empty for SQLite, or postgres://user@host:port/db',
    }),
    max_open_conns: int(32, 1, 1000, 'PostgreSQL pool size.'),
    conn_timeout_ms: int(10000, 100, 600000, 'PostgreSQL connect timeout.'),
    sqlite_file: str('outpost.db', 'SQLite file name inside data_dir.', { minLength: 1 }),
    sqlite_synchronous: oneOf(['normal', 'full'] as const, 'normal',
      'normal: commits survive a process crash; full: they also survive power loss, at a cost.'),
    busy_timeout_ms: int(5000, 0, 600000, 'How long SQLite waits on a locked database.'),
  },
  runtime: {
    path: str('', 'Folder of runtime modules; empty means <data_dir>/modules.'),
    js_entrypoint: str('', 'The bundled JavaScript module to load, relative to runtime.path.'),
    http_key: str('defaulthttpkey', 'Key for server-to-server RPC calls over HTTP.', { minLength: 1, insecureDefault: true, secret: true }),
    env: list([], 'Values given to modules as ctx.env, as "KEY=value".'),
    js_worker_count: int(2, 1, 64, 'Worker threads that run JavaScript module code; each holds its own copy of the module.'),
    js_max_memory_mb: int(256, 32, 16384, 'Heap limit of each runtime worker; a worker that passes it is replaced.'),
    call_timeout_ms: int(5000, 10, 600000, 'Longest a module call may compute (time in nk calls excluded); its worker is then replaced.'),
    start_on_module_error: bool(false, 'Start without the module when it fails to load, instead of refusing to start.'),
  },
  console: {
    port: int(7351, 0, PORT_MAX, 'Console (GUI and admin API) port. 0 picks a free port.'),
    address: str('', 'Interface for the console; empty means all.'),
    username: str('admin', 'Console administrator name.', { minLength: 1 }),
    password: str('password', 'Console administrator password.', { minLength: 1, insecureDefault: true, secret: true }),
    signing_key: str('defaultsigningkey', 'HMAC key of console tokens.', { minLength: 1, insecureDefault: true, secret: true }),
    token_expiry_sec: int(86400, 1, 365 * DAY_SEC, 'Console token lifetime in seconds.'),
  },
  matchmaker: {
    max_tickets: int(3, 1, 1000, 'Tickets one session or party may hold.'),
    interval_sec: int(15, 1, 3600, 'Seconds between matchmaking passes.'),
    max_intervals: int(2, 1, 1000, 'Passes a ticket stays active for.'),
    rev_precision: bool(false, 'Require mutual matches.'),
    rev_threshold: int(1, 1, 1000, 'Mutual checks stop for the rest of a pass once it has run interval_sec × this many seconds.'),
  },
  match: {
    input_queue_size: int(128, 1, 65536, 'Match data messages a match buffers between ticks; more are dropped.'),
    call_queue_size: int(128, 1, 65536, 'Handler calls a match may have waiting; more end the match as too slow.'),
    max_empty_sec: int(0, 0, 86400, 'Seconds an authoritative match may stay empty before it is ended; 0 never.'),
  },
  sim: {
    backend: oneOf(['auto', 'gpu', 'cpu'] as const, 'auto',
      'Where authoritative match physics runs: the GPU through WebGPU, the CPU reference, or auto (GPU when an adapter opens).'),
    interest_k: int(16, 1, 64, 'Most bodies one observer is told about per step, nearest first.'),
    max_worlds_per_match: int(4, 1, 64, 'Physics worlds one authoritative match may own.'),
    max_bodies_per_world: int(65536, 16, 4194304, 'Body slots one physics world may reserve.'),
  },
  metrics: {
    prometheus_port: int(0, 0, PORT_MAX, 'Serve Prometheus metrics on this port; 0 disables it.'),
  },
} as const;

type SpecValue<S> = S extends EnumSpec<infer V> ? V : S extends BaseSpec<infer T> ? T : never;
type ConfigOf<S> = { [K in keyof S]: S[K] extends { type: string } ? SpecValue<S[K]> : ConfigOf<S[K]> };

export type Schema = typeof schema;
/** The effective configuration, typed from the schema. */
export type Config = ConfigOf<Schema>;

/** Every key as a dotted path with its spec, in schema order. */
export function schemaEntries(): [string, KeySpec][] {
  const out: [string, KeySpec][] = [];
  const walk = (node: Record<string, unknown>, prefix: string) => {
    for (const [key, value] of Object.entries(node)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (value && typeof value === 'object' && 'type' in value) out.push([path, value as KeySpec]);
      else walk(value as Record<string, unknown>, path);
    }
  };
  walk(schema as unknown as Record<string, unknown>, '');
  return out;
}
