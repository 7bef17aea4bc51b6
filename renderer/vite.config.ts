import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The console GUI: built into renderer/dist, which the console server serves on console.port. */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    // `vite` in renderer/ proxies the API to a server running with its default console port.
    proxy: { '/v2/console': { target: 'http://127.0.0.1:7351', ws: true } },
  },
});
