/**
 * Storage over any SqlDatabase: the repositories and the migrator share one database, and closing the
 * storage closes it.
 */
import { Migrator, type MigratorOptions } from './migrator.js';
import type { LeaderboardRepository, FriendRepository, GroupRepository, StorageObjectRepository, WalletRepository } from './repositories.js';
import type { AccountRepository, ConsoleRepository, MessageRepository, MigrationStatus, NotificationRepository, SessionRepository, Storage } from './repositories.js';
import { SqlAccountRepository } from './sql-account-repository.js';
import { SqlConsoleRepository } from './sql-console-repository.js';
import { SqlMessageRepository } from './sql-message-repository.js';
import { SqlNotificationRepository } from './sql-notification-repository.js';
import { SqlSessionRepository } from './sql-session-repository.js';
import { SqlStorageObjectRepository } from './sql-storage-object-repository.js';
import { SqlWalletRepository } from './sql-wallet-repository.js';
import { SqlLeaderboardRepository } from './sql-leaderboard-repository.js';
import { SqlFriendRepository } from './sql-friend-repository.js';
import { SqlGroupRepository } from './sql-group-repository.js';
import type { SqlDatabase } from './sql.js';

export interface SqlStorageOptions {
  migrations?: MigratorOptions;
}

export class SqlStorage implements Storage {
  readonly dialect: 'sqlite' | 'postgres';
  readonly accounts: AccountRepository;
  readonly sessions: SessionRepository;
  readonly notifications: NotificationRepository;
  readonly messages: MessageRepository;
  readonly storageObjects: StorageObjectRepository;
  readonly wallets: WalletRepository;
  readonly leaderboards: LeaderboardRepository;
  readonly friends: FriendRepository;
  readonly groups: GroupRepository;
  readonly console: ConsoleRepository;
  private readonly migrator: Migrator;

  constructor(
    readonly db: SqlDatabase,
    options: SqlStorageOptions = {},
  ) {
    this.dialect = db.dialect;
    this.accounts = new SqlAccountRepository(db);
    this.sessions = new SqlSessionRepository(db);
    this.notifications = new SqlNotificationRepository(db);
    this.messages = new SqlMessageRepository(db);
    this.storageObjects = new SqlStorageObjectRepository(db);
    this.wallets = new SqlWalletRepository(db);
    this.leaderboards = new SqlLeaderboardRepository(db);
    this.friends = new SqlFriendRepository(db);
    this.groups = new SqlGroupRepository(db);
    this.console = new SqlConsoleRepository(db);
    this.migrator = new Migrator(db, options.migrations);
  }

  get sql(): SqlDatabase {
    return this.db;
  }

  migrateUp(): Promise<MigrationStatus[]> {
    return this.migrator.up();
  }

  migrationStatus(): Promise<MigrationStatus[]> {
    return this.migrator.status();
  }

  async backup(destination: string): Promise<{ bytes: number }> {
    if (!this.db.backup) throw new Error(`${this.dialect} databases are backed up with their own tools (pg_dump), not from the server`);
    return this.db.backup(destination);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
