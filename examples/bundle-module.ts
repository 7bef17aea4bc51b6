import { build } from 'esbuild';

/**
 * Bundles a module's TypeScript into the one JavaScript file the runtime loads (`runtime.js_entrypoint`).
 * ESM output without imports or exports is plain script text, so the top-level InitModule stays global.
 */
export async function bundleModule(entry: string, outfile: string): Promise<void> {
  await build({ entryPoints: [entry], outfile, bundle: true, format: 'esm', target: 'es2020', platform: 'neutral', logLevel: 'warning' });
}
