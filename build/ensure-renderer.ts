import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RENDERER = fileURLToPath(new URL('../renderer/', import.meta.url));

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/**
 * Builds the GUI with Vite's JS API when renderer/dist is missing or older than any source file, so
 * `npm start` serves the console on a fresh clone and browser tests drive what `npm run build:renderer`
 * would produce.
 */
export async function ensureRendererBuilt(): Promise<string> {
  const dist = join(RENDERER, 'dist');
  let built = 0;
  try {
    built = statSync(join(dist, 'index.html')).mtimeMs;
  } catch {
    built = 0;
  }
  const sources = Math.max(newestMtime(join(RENDERER, 'src')), newestMtime(join(RENDERER, 'index.html')), newestMtime(join(RENDERER, 'vite.config.ts')));
  if (built === 0 || sources > built) {
    const { build } = await import('vite');
    await build({ configFile: join(RENDERER, 'vite.config.ts'), logLevel: 'warn' });
  }
  return dist;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await ensureRendererBuilt();
}
