#!/usr/bin/env node
import { ConfigError, loadConfig } from './config/load.js';
import { createOutpost, openStorage } from './main.js';
import { ModuleLoadError } from './runtime/module-loader.js';

/** `outpost start | migrate up|status | healthcheck | config`, each taking the same config flags. */
const USAGE = `usage: outpost <command> [--config file.yml] [--section.key value ...]

commands:
  start            run the server (default)
  migrate up       apply pending database migrations
  migrate status   list migrations and whether each is applied
  healthcheck      exit 0 when the server on socket.port answers /healthcheck
  config           print the effective configuration and where each value came from`;

async function main(argv: string[]): Promise<number> {
  const [command = 'start', ...rest] = argv[0]?.startsWith('--') ? ['start', ...argv] : argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  const sub = command === 'migrate' && rest[0] && !rest[0].startsWith('--') ? rest.shift() : undefined;
  const loaded = loadConfig({ argv: rest, env: process.env });
  const { config } = loaded;

  switch (command) {
    case 'start':
      return runServer(loaded);
    case 'migrate': {
      const storage = await openStorage(config);
      try {
        const rows = sub === 'status' ? await storage.migrationStatus() : sub === 'up' ? await storage.migrateUp() : null;
        if (!rows) {
          console.error(`unknown migrate command '${sub ?? ''}'; use 'migrate up' or 'migrate status'`);
          return 2;
        }
        for (const r of rows) console.log(`${String(r.version).padStart(4, '0')} ${r.name.padEnd(32)} ${r.appliedAt ? new Date(r.appliedAt).toISOString() : 'pending'}`);
        return 0;
      } finally {
        await storage.close();
      }
    }
    case 'healthcheck': {
      const host = config.socket.address || '127.0.0.1';
      try {
        const res = await fetch(`http://${host}:${config.socket.port}/healthcheck`);
        return res.ok ? 0 : 1;
      } catch {
        return 1;
      }
    }
    case 'config':
      for (const [key, source] of Object.entries(loaded.sources)) {
        const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], config);
        console.log(`${key} = ${JSON.stringify(value)}  (${source})`);
      }
      return 0;
    default:
      console.error(USAGE);
      return 2;
  }
}

async function runServer(loaded: ReturnType<typeof loadConfig>): Promise<number> {
  const outpost = await createOutpost(loaded);
  try {
    await outpost.start();
  } catch (err) {
    // Whatever started (database, workers) closes before the refusal is reported.
    await outpost.stop().catch(() => undefined);
    throw err;
  }
  const { api, realtime, console: consoleUrl } = outpost.addresses();
  outpost.logger.info('outpost started', { node: loaded.config.name, api, realtime, data_dir: loaded.config.data_dir });
  // Signal handlers go in before the banner, so whoever waits for the banner can stop the server at once.
  const stopped = new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      outpost.logger.info('stopping', { signal });
      outpost.stop().then(
        () => resolve(0),
        (err) => {
          outpost.logger.error('stop failed', { err });
          resolve(1);
        },
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  const lines = ['Outpost is serving', `  client API (REST): ${api}/v2`, `  realtime socket:   ${realtime}`, `  healthcheck:       ${api}/healthcheck`, `  console (GUI):     ${consoleUrl}`];
  const insecure = loaded.warnings.filter((w) => w.startsWith('INSECURE'));
  if (insecure.length > 0) {
    lines.push('', `  !!! ${insecure.length} insecure default(s) in use; anyone who knows Nakama's defaults can use this server:`);
    for (const w of insecure) lines.push(`  !!! ${w.slice('INSECURE: '.length)}`);
  }
  process.stderr.write(lines.join('\n') + '\n');
  return stopped;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError) console.error(`outpost: configuration error: ${err.message}`);
    else if (err instanceof ModuleLoadError) console.error(`outpost: runtime module failed to load: ${err.message}`);
    else console.error(`outpost: ${(err as Error)?.stack ?? String(err)}`);
    process.exit(1);
  },
);
