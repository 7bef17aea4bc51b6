import type { HttpMethod, Operation } from './operation.js';

/** Matches a method and path against the operation table's routes; static paths are a map lookup. */
export interface RouteMatch {
  op: Operation;
  params: Record<string, string>;
}

interface Template {
  op: Operation;
  segments: { literal?: string; param?: string }[];
}

export class Router {
  private readonly exact = new Map<string, Operation>();
  private readonly templates = new Map<HttpMethod, Template[]>();
  private readonly knownPaths = new Set<string>();

  constructor(ops: readonly Operation[]) {
    for (const op of ops) {
      for (const route of op.routes) {
        if (!route.path.includes('{')) {
          this.exact.set(`${route.method} ${route.path}`, op);
          continue;
        }
        const segments = route.path.split('/').slice(1).map((s) => (s.startsWith('{') ? { param: s.slice(1, -1) } : { literal: s }));
        const list = this.templates.get(route.method) ?? [];
        list.push({ op, segments });
        this.templates.set(route.method, list);
      }
    }
    // Templates with more literal segments win, so /v2/user/{id}/group beats /v2/user/{id}.
    for (const list of this.templates.values()) {
      list.sort((a, b) => b.segments.filter((s) => s.literal).length - a.segments.filter((s) => s.literal).length);
    }
    for (const key of this.exact.keys()) this.knownPaths.add(key.slice(key.indexOf(' ') + 1));
  }

  match(method: string, path: string): RouteMatch | null {
    const op = this.exact.get(`${method} ${path}`);
    if (op) return { op, params: {} };
    const list = this.templates.get(method as HttpMethod);
    if (!list) return null;
    const parts = path.split('/').slice(1);
    for (const t of list) {
      if (t.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const seg = t.segments[i]!;
        if (seg.literal !== undefined) ok = seg.literal === parts[i];
        else if (parts[i] === '') ok = false;
        else {
          const value = safeDecode(parts[i]!);
          if (value === null) ok = false;
          else params[seg.param!] = value;
        }
      }
      if (ok) return { op: t.op, params };
    }
    return null;
  }
}

function safeDecode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}
