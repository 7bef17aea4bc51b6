import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A real `outpost start` in its own process, for tests that kill or signal it. */
export interface ServerProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export async function spawnServer(flags: string[], env: Record<string, string> = {}, readyTimeoutMs = 30_000): Promise<ServerProcess> {
  // A fixed console port would collide between test servers; a free one is picked unless a test names one.
  const consoleFlags = flags.includes('--console.port') ? [] : ['--console.address', '127.0.0.1', '--console.port', '0'];
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'start', ...flags, ...consoleFlags], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), readyTimeoutMs);
    const check = () => {
      if (out.includes('Outpost is serving')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready:\n${out}`));
    });
  });
  await ready;
  return { child, output: () => out, exited };
}

/** Picks a free loopback port by binding to 0 and letting go. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}
