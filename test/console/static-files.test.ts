import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StaticFiles } from '../../server/console/static-files.js';

/** Raw GET (no URL normalisation by the client, so `..` reaches the server as sent). */
function get(port: number, path: string, method = 'GET'): Promise<{ status: number; type: string; cache: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), cache: String(res.headers['cache-control'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function serve(root: string): Promise<Server> {
  const files = new StaticFiles(root);
  const server = createServer((req, res) => void files.serve(req, res, new URL(req.url ?? '/', 'http://x').pathname));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('console static files', () => {
  const base = mkdtempSync(join(tmpdir(), 'outpost-static-'));
  const root = join(base, 'dist');
  let server: Server;
  let empty: Server;
  before(async () => {
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>gui</title>');
    writeFileSync(join(root, 'assets', 'app-123.js'), 'console.log(1)');
    writeFileSync(join(base, 'secret.txt'), 'outside the root');
    server = await serve(root);
    empty = await serve(join(base, 'missing'));
  });
  after(() => {
    server.close();
    empty.close();
    rmSync(base, { recursive: true, force: true });
  });
  const port = (s: Server) => (s.address() as AddressInfo).port;

  it('serves files with their type, caches hashed assets for good and index.html never', async () => {
    const js = await get(port(server), '/assets/app-123.js');
    assert.deepEqual([js.status, js.type, js.cache, js.body], [200, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable', 'console.log(1)']);
    const index = await get(port(server), '/');
    assert.deepEqual([index.status, index.cache], [200, 'no-cache']);
    assert.equal((await get(port(server), '/', 'HEAD')).body, '');
  });

  it('falls back to index.html for GUI routes, but not for missing files', async () => {
    assert.match((await get(port(server), '/players/5f0c')).body, /<title>gui<\/title>/);
    assert.equal((await get(port(server), '/assets/gone.js')).status, 404);
    assert.equal((await get(port(server), '/', 'POST')).status, 405);
  });

  it('never serves anything outside its root', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/%2e%2e%2fsecret.txt']) {
      const r = await get(port(server), path);
      assert.notEqual(r.body, 'outside the root', path);
      assert.ok(r.status === 404 || r.body.includes('<title>gui</title>'), `${path} -> ${r.status}`);
    }
    assert.equal((await get(port(server), '/%E0%A4%A')).status, 400);
  });

  it('says the GUI is not built when there is no build', async () => {
    const r = await get(port(empty), '/');
    assert.equal(r.status, 503);
    assert.match(r.body, /npm run build:renderer/);
  });
});
