/**
 * Migrator contract for every dialect: apply, report, stay idempotent, refuse a newer schema, roll back a
 * failed file, and let two servers migrate one database at once.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SchemaTooNewError } from '../../server/storage/migrator.js';
import type { Storage } from '../../server/storage/repositories.js';
import { SqlStorage } from '../../server/storage/sql-storage.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

export function sqlOf(storage: Storage): SqlStorage['db'] {
  assert.ok(storage instanceof SqlStorage, 'test databases open SqlStorage');
  return storage.db;
}

export function migrationContract(dialect: 'sqlite' | 'postgres'): void {
  describe('migrations', () => {
    const databases: TestDatabase[] = [];
    let scratch: string;

    async function fresh(): Promise<TestDatabase> {
      const database = await createTestDatabase(dialect);
      databases.push(database);
      return database;
    }

    before(async () => {
      scratch = await mkdtemp(join(tmpdir(), 'outpost-test-migrations-'));
    });

    after(async () => {
      for (const database of databases) await database.drop();
      await rm(scratch, { recursive: true, force: true });
    });

    it('reports pending migrations, applies them once and stays idempotent', async () => {
      const storage = await (await fresh()).open();
      const pending = await storage.migrationStatus();
      assert.ok(pending.length >= 1);
      assert.deepEqual(pending[0], { version: 1, name: 'accounts', appliedAt: null });
      assert.ok(pending.every((m) => m.appliedAt === null));

      const applied = await storage.migrateUp();
      assert.deepEqual(applied.map((m) => m.version), pending.map((m) => m.version));
      assert.ok(applied.every((m) => typeof m.appliedAt === 'number' && m.appliedAt > 0));
      assert.deepEqual(await storage.migrationStatus(), applied);
      assert.deepEqual(await storage.migrateUp(), applied, 'a second up changes nothing');

      const rows = await sqlOf(storage).all<{ version: number }>('SELECT version FROM outpost_migrations');
      assert.equal(rows.length, applied.length);
    });

    it('refuses a database migrated by a newer build', async () => {
      const storage = await (await fresh()).open();
      const known = await storage.migrateUp();
      const newest = known[known.length - 1]!.version;
      await sqlOf(storage).run('INSERT INTO outpost_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        newest + 6,
        'from_the_future',
        1,
      ]);
      await assert.rejects(storage.migrateUp(), (error: unknown) => {
        assert.ok(error instanceof SchemaTooNewError);
        assert.equal(
          error.message,
          `database schema is at version ${newest + 6} but this Outpost build knows migrations up to ${newest}; ` +
            'upgrade Outpost or point database.address at another database',
        );
        return true;
      });
      const status = await storage.migrationStatus();
      assert.deepEqual(status[status.length - 1], { version: newest + 6, name: 'from_the_future', appliedAt: 1 });
    });

    it('applies files in order and rolls back a failing one completely', async () => {
      const root = join(scratch, 'ordered');
      await mkdir(join(root, dialect), { recursive: true });
      await writeFile(join(root, dialect, '0002_second.sql'), 'INSERT INTO first_table (v) VALUES (2);\n');
      await writeFile(join(root, dialect, '0001_first.sql'), 'CREATE TABLE first_table (v INTEGER NOT NULL);\nINSERT INTO first_table (v) VALUES (1);\n');
      await writeFile(
        join(root, dialect, '0003_broken.sql'),
        'CREATE TABLE third_table (v INTEGER);\nINSERT INTO first_table (v) VALUES (3);\nTHIS IS NOT SQL;\n',
      );
      await writeFile(join(root, dialect, 'README.txt'), 'ignored');
      const database = await fresh();
      const storage = new SqlStorage(sqlOf(await database.open()), { migrations: { directory: root, now: () => 42 } });
      await assert.rejects(storage.migrateUp());
      assert.deepEqual(await storage.migrationStatus(), [
        { version: 1, name: 'first', appliedAt: 42 },
        { version: 2, name: 'second', appliedAt: 42 },
        { version: 3, name: 'broken', appliedAt: null },
      ]);
      const values = await sqlOf(storage).all<{ v: number }>('SELECT v FROM first_table ORDER BY v');
      assert.deepEqual(values.map((r) => r.v), [1, 2]);
      await assert.rejects(sqlOf(storage).all('SELECT v FROM third_table'));
    });

    it('lets two servers migrate the same database at once', async () => {
      const database = await fresh();
      const [a, b] = [await database.open(), await database.open()];
      const [first, second] = await Promise.all([a.migrateUp(), b.migrateUp()]);
      assert.deepEqual(first.map((m) => m.version), second.map((m) => m.version));
      const rows = await sqlOf(a).all<{ version: number }>('SELECT version FROM outpost_migrations');
      assert.equal(rows.length, first.length);
    });
  });
}
