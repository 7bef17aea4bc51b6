import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';

/** A module that cannot be loaded: its file and, where known, the line at fault. */
export class ModuleLoadError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly detail: string,
  ) {
    super(line === undefined ? `${file}: ${detail}` : `${file}:${line}: ${detail}`);
    this.name = 'ModuleLoadError';
  }
}

export interface ModuleSource {
  filename: string;
  source: string;
}

/** `runtime.path` (default `<data_dir>/modules`) joined with `runtime.js_entrypoint`; null when none is set. */
export function modulePath(dataDir: string, path: string, entrypoint: string): string | null {
  if (entrypoint === '') return null;
  const dir = path === '' ? join(resolve(dataDir), 'modules') : resolve(path);
  return isAbsolute(entrypoint) ? entrypoint : join(dir, entrypoint);
}

export async function readModule(file: string): Promise<ModuleSource> {
  try {
    return { filename: file, source: await readFile(file, 'utf8') };
  } catch (err) {
    throw new ModuleLoadError(file, undefined, `cannot read module: ${(err as Error).message}`);
  }
}

/** The first `file:line` of the module in an error's stack (V8 writes `file:line` first for syntax errors). */
export function lineIn(stack: string, file: string): number | undefined {
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${escaped}:(\\d+)`).exec(stack);
  return m ? Number(m[1]) : undefined;
}

/** `runtime.env` entries ("KEY=value") as the map modules read from ctx.env. */
export function envMap(entries: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}
