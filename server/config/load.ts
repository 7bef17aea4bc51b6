import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { schemaEntries, type Config, type KeySpec } from './schema.js';

/** Where an effective value came from, highest precedence first. */
export type ConfigSource = 'flag' | 'env' | 'file' | 'default';

export interface LoadedConfig {
  config: Config;
  sources: Record<string, ConfigSource>;
  /** Non-fatal findings: insecure defaults, unknown keys. */
  warnings: string[];
  /** Config files read, in order. */
  files: string[];
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface LoadInput {
  /** Flags only (the command name already removed), e.g. ['--config', 'a.yml', '--socket.port', '7360']. */
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  readFile?: (path: string) => string;
}

export const ENV_PREFIX = 'OUTPOST_';

/** `session.token_expiry_sec` -> `OUTPOST_SESSION_TOKEN_EXPIRY_SEC`. */
export function envNameFor(path: string): string {
  return ENV_PREFIX + path.replace(/\./g, '_').toUpperCase();
}

interface RawValue {
  value: unknown;
  origin: string;
}

export function loadConfig(input: LoadInput): LoadedConfig {
  const entries = schemaEntries();
  const specs = new Map(entries);
  const warnings: string[] = [];
  const { files, flags } = parseFlags(input.argv, specs);

  const fromFile = new Map<string, RawValue>();
  const readFile = input.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  for (const file of files) {
    let doc: unknown;
    try {
      doc = parseYaml(readFile(file));
    } catch (err) {
      throw new ConfigError(`cannot read config file ${file}: ${(err as Error).message}`);
    }
    if (doc === null || doc === undefined) continue;
    if (typeof doc !== 'object' || Array.isArray(doc)) throw new ConfigError(`config file ${file} must hold a YAML mapping`);
    flattenYaml(doc as Record<string, unknown>, '', (path, value) => {
      if (!specs.has(path)) warnings.push(`unknown config key '${path}' in ${file} is ignored`);
      else fromFile.set(path, { value, origin: `${file}` });
    });
  }

  const config: Record<string, unknown> = {};
  const sources: Record<string, ConfigSource> = {};
  for (const [path, spec] of entries) {
    const envName = envNameFor(path);
    let raw: RawValue | undefined;
    let source: ConfigSource = 'default';
    if (flags.has(path)) {
      raw = flags.get(path);
      source = 'flag';
    } else if (input.env[envName] !== undefined) {
      raw = { value: input.env[envName], origin: `environment ${envName}` };
      source = 'env';
    } else if (fromFile.has(path)) {
      raw = fromFile.get(path);
      source = 'file';
    }
    const value = raw ? coerce(path, spec, raw) : structuredClone(spec.default);
    setPath(config, path, value);
    sources[path] = source;
    if (spec.insecureDefault && value === spec.default) {
      warnings.push(`INSECURE: ${path} is still the default '${String(spec.default)}'; set your own before exposing this server`);
    }
  }

  const typed = config as unknown as Config;
  checkCrossFields(typed);
  return { config: typed, sources, warnings, files };
}

function parseFlags(argv: readonly string[], specs: Map<string, KeySpec>) {
  const files: string[] = [];
  const flags = new Map<string, RawValue>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new ConfigError(`unexpected argument '${arg}'; flags look like --section.key value`);
    let name = arg.slice(2);
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const spec = specs.get(name);
    const next = argv[i + 1];
    if (value === undefined) {
      // A boolean flag may stand alone, as in `--session.single_socket`.
      if (spec?.type === 'bool' && (next === undefined || next.startsWith('--'))) value = 'true';
      else if (next === undefined) throw new ConfigError(`flag --${name} needs a value`);
      else {
        value = next;
        i++;
      }
    }
    if (name === 'config') {
      files.push(value);
      continue;
    }
    if (!spec) throw new ConfigError(`unknown flag --${name}; see docs/CONFIG.md or 'outpost config' for the keys`);
    const prior = flags.get(name);
    // A list flag may repeat: --runtime.env A=1 --runtime.env B=2.
    if (spec.type === 'list' && prior) flags.set(name, { value: [...(prior.value as string[]), value], origin: `--${name}` });
    else flags.set(name, { value: spec.type === 'list' ? [value] : value, origin: `--${name}` });
  }
  return { files, flags };
}

function flattenYaml(node: Record<string, unknown>, prefix: string, emit: (path: string, value: unknown) => void) {
  for (const [key, value] of Object.entries(node)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && !Array.isArray(value)) flattenYaml(value as Record<string, unknown>, path, emit);
    else emit(path, value);
  }
}

function invalid(path: string, raw: RawValue, allowed: string): ConfigError {
  return new ConfigError(`invalid value ${JSON.stringify(raw.value)} for ${path} (from ${raw.origin}): expected ${allowed}`);
}

export function coerce(path: string, spec: KeySpec, raw: { value: unknown; origin: string }): unknown {
  const v = raw.value;
  switch (spec.type) {
    case 'int': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
      if (!Number.isSafeInteger(n) || n < spec.min || n > spec.max) throw invalid(path, raw, `an integer from ${spec.min} to ${spec.max}`);
      return n;
    }
    case 'bool': {
      if (typeof v === 'boolean') return v;
      const s = String(v).trim().toLowerCase();
      if (s === 'true' || s === '1' || s === 'yes') return true;
      if (s === 'false' || s === '0' || s === 'no') return false;
      throw invalid(path, raw, 'true or false');
    }
    case 'enum': {
      const s = typeof v === 'string' ? v.trim() : v;
      if (typeof s !== 'string' || !spec.values.includes(s)) throw invalid(path, raw, `one of ${spec.values.join(', ')}`);
      return s;
    }
    case 'list': {
      if (Array.isArray(v)) return v.map((x) => String(x));
      if (typeof v === 'string') return v === '' ? [] : v.split(',').map((x) => x.trim());
      throw invalid(path, raw, 'a list of strings');
    }
    case 'string': {
      // Nakama's database.address is a list; Outpost uses its first entry.
      const s = Array.isArray(v) && path === 'database.address' ? String(v[0] ?? '') : v;
      if (typeof s !== 'string' && typeof s !== 'number') throw invalid(path, raw, 'a string');
      const text = String(s);
      if (spec.minLength !== undefined && text.length < spec.minLength) throw invalid(path, raw, `at least ${spec.minLength} characters`);
      if (spec.maxLength !== undefined && text.length > spec.maxLength) throw invalid(path, raw, `at most ${spec.maxLength} characters`);
      if (spec.pattern && !spec.pattern.test(text)) throw invalid(path, raw, spec.patternHint ?? `a value matching ${spec.pattern}`);
      return text;
    }
  }
}

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts[parts.length - 1]!] = value;
}

function checkCrossFields(config: Config) {
  if (config.socket.ping_period_ms >= config.socket.pong_wait_ms) {
    throw new ConfigError(
      `invalid socket.ping_period_ms ${config.socket.ping_period_ms}: it must be less than socket.pong_wait_ms (${config.socket.pong_wait_ms})`,
    );
  }
  if (config.socket.port === 1) throw new ConfigError('invalid socket.port 1: gRPC listens on socket.port - 1, so it must be 0 or at least 2');
}
