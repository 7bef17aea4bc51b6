import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { bundleModule } from '../bundle-module.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Builds src/main.ts into the single file Outpost loads. */
export async function buildModule(outfile: string): Promise<void> {
  await bundleModule(join(here, 'src', 'main.ts'), outfile);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2] ?? join(here, 'build', 'index.js');
  await buildModule(out);
  console.log(`built ${out}`);
}
