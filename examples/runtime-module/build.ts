import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/**
 * Bundles the module's TypeScript into the one JavaScript file the runtime loads (`runtime.js_entrypoint`).
 * ESM output without imports or exports is plain script text, so the top-level InitModule stays global.
 */
export async function buildModule(outfile: string): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  await build({
    entryPoints: [join(here, 'src', 'main.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    target: 'es2020',
    platform: 'neutral',
    logLevel: 'warning',
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), 'build', 'index.js');
  await buildModule(out);
  console.log(`built ${out}`);
}
