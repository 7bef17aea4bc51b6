import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

const MISSING_BUILD = `<!doctype html><meta charset="utf-8"><title>Outpost console</title>
<body style="font-family:sans-serif;background:#111;color:#ddd;padding:3em">
<h1>The console GUI is not built</h1><p>Run <code>npm run build:renderer</code>, then reload. The console API is up.</p>`;

/**
 * Serves the built renderer (renderer/dist). Paths that name no file fall back to index.html, so the
 * GUI's own routes load on refresh; hashed assets are cached for good, index.html never.
 */
export class StaticFiles {
  constructor(private readonly root: string) {}

  async serve(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const file = normalize(join(this.root, decoded));
    // normalize() resolves `..`; anything that lands outside the root is refused.
    if (file !== this.root && !file.startsWith(this.root.endsWith(sep) ? this.root : this.root + sep)) {
      res.writeHead(404).end();
      return;
    }
    const found = await stat(file).then((s) => (s.isFile() ? s : null), () => null);
    if (found) {
      this.send(req, res, file, found.size, decoded.startsWith('/assets/'));
      return;
    }
    if (extname(decoded) !== '') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const index = join(this.root, 'index.html');
    const indexStat = await stat(index).catch(() => null);
    if (!indexStat) {
      res.writeHead(503, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(MISSING_BUILD);
      return;
    }
    this.send(req, res, index, indexStat.size, false);
  }

  private send(req: IncomingMessage, res: ServerResponse, file: string, size: number, immutable: boolean): void {
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': size,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  }
}
