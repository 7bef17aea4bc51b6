import { Errors, ErrorsWith } from '../../common/errors.js';
import { ConfigError, coerce, envNameFor } from '../../config/load.js';
import { schemaEntries, type KeySpec } from '../../config/schema.js';
import type { ConsoleDeps } from '../console-deps.js';
import type { ConsoleRoute } from '../route.js';

/** One key as the Config page shows it. */
export interface ConfigKeyView {
  key: string;
  /** The effective value; secrets are masked unless they are still the shipped default. */
  value: unknown;
  default: unknown;
  source: string;
  type: KeySpec['type'];
  doc: string;
  values?: readonly string[];
  min?: number;
  max?: number;
  /** Changes apply at once from the console; the others need a restart. */
  live: boolean;
  secret: boolean;
  /** Still the shipped default of a key that must be changed before exposing the server. */
  insecure: boolean;
  env: string;
}

function read(config: object, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], config);
}

function write(config: object, key: string, value: unknown): void {
  const parts = key.split('.');
  const last = parts.pop()!;
  const node = parts.reduce<Record<string, unknown>>((n, part) => n[part] as Record<string, unknown>, config as Record<string, unknown>);
  node[last] = value;
}

/**
 * Config: every key with its effective value and where it came from (as `outpost config` prints it), and
 * live edits of the keys that can change without a restart. Edits last until the server restarts.
 */
export function configRoutes(deps: ConsoleDeps): ConsoleRoute[] {
  const { loaded } = deps;
  const overridden = new Set<string>();
  const view = (key: string, spec: KeySpec): ConfigKeyView => {
    const value = read(loaded.config, key);
    const insecure = spec.insecureDefault === true && value === spec.default;
    return {
      key,
      value: spec.secret && !insecure && value !== '' ? '********' : value,
      default: spec.secret ? (spec.insecureDefault ? spec.default : '********') : spec.default,
      source: overridden.has(key) ? 'console' : (loaded.sources[key] ?? 'default'),
      type: spec.type,
      doc: spec.doc,
      ...(spec.type === 'enum' ? { values: spec.values } : {}),
      ...(spec.type === 'int' ? { min: spec.min, max: spec.max } : {}),
      live: deps.liveSettings.has(key),
      secret: spec.secret === true,
      insecure,
      env: envNameFor(key),
    };
  };
  return [
    {
      method: 'GET',
      path: '/config',
      async handle() {
        const keys = schemaEntries().map(([key, spec]) => view(key, spec));
        return { keys, files: loaded.files, warnings: keys.filter((k) => k.insecure).map((k) => `${k.key} is still the default; set your own before exposing this server.`) };
      },
    },
    {
      method: 'PUT',
      path: '/config/{key}',
      async handle(req) {
        const key = req.params.key!;
        const spec = new Map(schemaEntries()).get(key);
        if (!spec) throw Errors.notFoundRoute();
        const apply = deps.liveSettings.get(key);
        if (!apply) throw ErrorsWith.badRequestBody(`${key} cannot change while the server runs; set it in the config file and restart.`);
        let value: unknown;
        try {
          value = coerce(key, spec, { value: req.body.value, origin: 'the console' });
        } catch (err) {
          if (err instanceof ConfigError) throw ErrorsWith.badRequestBody(err.message);
          throw err;
        }
        apply(value);
        write(loaded.config, key, value);
        overridden.add(key);
        deps.logger.info('config changed from the console', { key, value, admin: req.admin?.usn });
        return view(key, spec);
      },
    },
  ];
}
