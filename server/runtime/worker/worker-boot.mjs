// Entry of each runtime worker thread. Under tsx (development, tests) the worker's TypeScript needs the tsx
// loader registered inside the worker itself; a build that ships compiled JavaScript loads worker-main.js.
import { existsSync } from 'node:fs';

const compiled = new URL('./worker-main.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('./worker-main.ts', import.meta.url).href);
}
