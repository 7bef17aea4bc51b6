import type { ConsoleClaims } from './console-auth.js';

/**
 * One row of the console API's route table. Each area (accounts, matches, chat, ...) is one file under
 * console/api/ returning its rows; adding a page's backend is adding a file and one line in api/index.ts.
 */
export type ConsoleMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ConsoleRequest {
  /** Values of `{name}` segments in the path. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body ({} when there was none). */
  body: Record<string, unknown>;
  clientIp: string;
  /** The authenticated administrator; absent only on routes with `auth: 'none'`. */
  admin?: ConsoleClaims;
}

export interface ConsoleRoute {
  method: ConsoleMethod;
  /** Under /v2/console, e.g. `/account/{id}/ban`. */
  path: string;
  /** Every route needs an admin unless it says `none` (only the login itself). */
  auth?: 'none' | 'admin';
  handle(req: ConsoleRequest): Promise<unknown>;
}

interface CompiledRoute {
  route: ConsoleRoute;
  segments: string[];
}

/** Matches method and path against the table; `{name}` segments match any one segment. */
export class ConsoleRouter {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly ConsoleRoute[]) {
    this.compiled = routes.map((route) => ({ route, segments: route.path.split('/').filter(Boolean) }));
  }

  get routes(): readonly ConsoleRoute[] {
    return this.compiled.map((c) => c.route);
  }

  /** The row and its path parameters; `methodMismatch` when the path exists under another method. */
  find(method: string, path: string): { route: ConsoleRoute; params: Record<string, string> } | { methodMismatch: boolean } {
    const parts = path.split('/').filter(Boolean);
    let mismatch = false;
    for (const { route, segments } of this.compiled) {
      if (segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const seg = segments[i]!;
        if (seg.startsWith('{') && seg.endsWith('}')) {
          try {
            params[seg.slice(1, -1)] = decodeURIComponent(parts[i]!);
          } catch {
            ok = false;
          }
        } else ok = seg === parts[i];
      }
      if (!ok) continue;
      if (route.method !== method) {
        mismatch = true;
        continue;
      }
      return { route, params };
    }
    return { methodMismatch: mismatch };
  }
}
