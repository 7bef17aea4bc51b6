import type { Server } from 'node:net';

/** Binds a server (net or http) and resolves once it listens; a bind error such as EADDRINUSE rejects. */
export function listen(server: Server, port: number, address: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address || undefined, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
