import type { ConsoleDeps } from '../console-deps.js';
import type { ConsoleRoute } from '../route.js';
import { intQuery } from './input.js';

/** Log lines of the module (its `logger`) and of the runtime that hosts it. */
const RUNTIME_COMPONENTS = new Set(['module', 'runtime']);

/**
 * Runtime: the module that is configured and whether it loaded (or why not), what it registered (RPCs,
 * before/after hooks, realtime hooks, match handlers, callbacks), its custom metrics and its log lines.
 */
export function runtimeRoutes(deps: ConsoleDeps): ConsoleRoute[] {
  return [
    {
      method: 'GET',
      path: '/runtime',
      async handle() {
        const settings = deps.loaded.config.runtime;
        const runtime = deps.runtime();
        const registered = runtime?.registered();
        return {
          module: {
            path: settings.path,
            entrypoint: settings.js_entrypoint,
            workers: settings.js_worker_count,
            maxMemoryMb: settings.js_max_memory_mb,
            callTimeoutMs: settings.call_timeout_ms,
            loaded: settings.js_entrypoint !== '' && registered !== undefined && !registered.loadError,
            loadError: registered?.loadError ?? '',
          },
          registered: {
            rpcs: registered?.rpcs ?? [],
            before: registered?.before ?? [],
            after: registered?.after ?? [],
            rtBefore: registered?.rtBefore ?? [],
            rtAfter: registered?.rtAfter ?? [],
            matches: registered?.matches ?? [],
            callbacks: registered?.callbacks ?? [],
            other: registered?.other ?? [],
          },
          metrics: runtime?.metrics.snapshot() ?? [],
        };
      },
    },
    {
      method: 'GET',
      path: '/runtime/log',
      async handle(req) {
        const limit = intQuery(req.query, 'limit', 200, 1, 1000);
        const lines = deps.logs.query({ limit: 5000 }).filter((e) => RUNTIME_COMPONENTS.has(String(e.fields.component ?? '')));
        return { entries: lines.slice(-limit) };
      },
    },
  ];
}
