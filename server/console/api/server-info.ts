import { join, resolve } from 'node:path';
import { Errors } from '../../common/errors.js';
import type { ConsoleDeps } from '../console-deps.js';
import type { ConsoleRoute } from '../route.js';

/** The database address without its password, for display. */
function redactAddress(address: string): string {
  if (address === '') return '';
  try {
    const url = new URL(address);
    if (url.password) url.password = '****';
    return url.toString();
  } catch {
    return '(unparsable address)';
  }
}

/** Server: what runs where (ports, data dir, versions, database) and an online SQLite backup. */
export function serverRoutes(deps: ConsoleDeps): ConsoleRoute[] {
  const { config } = deps.loaded;
  return [
    {
      method: 'GET',
      path: '/server',
      async handle() {
        const migrations = await deps.storage.migrationStatus();
        const applied = migrations.filter((m) => m.appliedAt !== null);
        return {
          name: config.name,
          version: deps.version,
          nodeVersion: process.version,
          platform: `${process.platform} ${process.arch}`,
          pid: process.pid,
          startedAt: deps.startedAt,
          uptimeSec: Math.round((Date.now() - deps.startedAt) / 1000),
          dataDir: resolve(config.data_dir),
          addresses: deps.addresses(),
          database: {
            dialect: deps.storage.dialect,
            file: deps.storage.dialect === 'sqlite' ? join(resolve(config.data_dir), config.database.sqlite_file) : '',
            address: redactAddress(config.database.address),
            schemaVersion: applied.at(-1)?.version ?? 0,
            pendingMigrations: migrations.length - applied.length,
          },
          backupSupported: deps.storage.dialect === 'sqlite',
        };
      },
    },
    {
      method: 'POST',
      path: '/server/backup',
      async handle(req) {
        if (deps.storage.dialect !== 'sqlite') throw Errors.consoleBackupUnsupported();
        // Backups go to a fixed folder under data_dir: the console never writes where an admin typed.
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        const file = join(resolve(config.data_dir), 'backups', `${config.database.sqlite_file.replace(/\.db$/, '')}-${stamp}.db`);
        const { bytes } = await deps.storage.backup(file);
        deps.logger.info('database backed up from the console', { file, bytes, admin: req.admin?.usn });
        return { file, bytes };
      },
    },
  ];
}
