/**
 * SqlDatabase contract for every dialect: transactions commit or roll back as a whole, unique violations
 * name the identity they hit, and values come back with the types repositories expect.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { conflictOf } from '../../server/storage/sql-account-repository.js';
import { UniqueViolation, type SqlDatabase } from '../../server/storage/sql.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { sqlOf } from './migration-contract.js';

export function databaseContract(dialect: 'sqlite' | 'postgres'): void {
  describe('database', () => {
    let database: TestDatabase;
    let db: SqlDatabase;

    before(async () => {
      database = await createTestDatabase(dialect);
      const storage = await database.open();
      await storage.migrateUp();
      db = sqlOf(storage);
    });

    after(async () => {
      await database?.drop();
    });

    async function countUsers(prefix: string): Promise<number> {
      const row = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM users WHERE username LIKE ?', [`${prefix}%`]);
      return Number(row!.n);
    }

    it('commits a transaction and returns its result', async () => {
      const prefix = `commit-${randomUUID()}`;
      const result = await db.transaction(async (tx) => {
        await tx.run('INSERT INTO users (id, username) VALUES (?, ?)', [randomUUID(), `${prefix}-1`]);
        await new Promise((resolve) => setTimeout(resolve, 5));
        await tx.run('INSERT INTO users (id, username) VALUES (?, ?)', [randomUUID(), `${prefix}-2`]);
        return 'done';
      });
      assert.equal(result, 'done');
      assert.equal(await countUsers(prefix), 2);
    });

    it('rolls back everything when the callback throws', async () => {
      const prefix = `rollback-${randomUUID()}`;
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.run('INSERT INTO users (id, username) VALUES (?, ?)', [randomUUID(), `${prefix}-1`]);
          await tx.exec(`INSERT INTO users (id, username) VALUES ('${randomUUID()}', '${prefix}-2')`);
          await new Promise((resolve) => setTimeout(resolve, 5));
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await countUsers(prefix), 0);
    });

    it('refuses a transaction executor used after its transaction ended', async () => {
      let leaked: Parameters<Parameters<SqlDatabase['transaction']>[0]>[0] | undefined;
      await db.transaction(async (tx) => {
        leaked = tx;
      });
      await assert.rejects(leaked!.get('SELECT 1 AS one'), /after its transaction ended/);
    });

    it('names the identity a unique violation hit', async () => {
      const id = randomUUID();
      const username = `uv-${id}`;
      await db.run('INSERT INTO users (id, username, email, custom_id) VALUES (?, ?, ?, ?)', [id, username, `${id}@x`, `c-${id}`]);
      await db.run('INSERT INTO user_device (id, user_id) VALUES (?, ?)', [`d-${id}`, id]);
      const cases: Array<[string, unknown[], string | null]> = [
        ['INSERT INTO users (id, username) VALUES (?, ?)', [randomUUID(), username], 'username'],
        ['INSERT INTO users (id, username, email) VALUES (?, ?, ?)', [randomUUID(), `x-${id}`, `${id}@x`], 'email'],
        ['INSERT INTO users (id, username, custom_id) VALUES (?, ?, ?)', [randomUUID(), `y-${id}`, `c-${id}`], 'custom'],
        ['INSERT INTO user_device (id, user_id) VALUES (?, ?)', [`d-${id}`, id], 'device'],
        ['INSERT INTO users (id, username) VALUES (?, ?)', [id, `z-${id}`], null],
      ];
      for (const [sql, params, conflict] of cases) {
        await assert.rejects(db.run(sql, params as never), (error: unknown) => {
          assert.ok(error instanceof UniqueViolation, `expected UniqueViolation, got ${String(error)}`);
          assert.equal(conflictOf(error.target), conflict, `target ${error.target}`);
          return true;
        });
      }
    });

    it('binds booleans, bigints and nulls and returns numbers for BIGINT columns', async () => {
      const id = randomUUID();
      await db.run('INSERT INTO users (id, username, create_time, disable_time, email) VALUES (?, ?, ?, ?, ?)', [
        id,
        `types-${id}`,
        1_700_000_000_123n,
        8_000_000_000_000,
        null,
      ]);
      const row = await db.get<{ create_time: unknown; disable_time: unknown; email: unknown }>(
        'SELECT create_time, disable_time, email FROM users WHERE id = ?',
        [id],
      );
      assert.deepEqual(row, { create_time: 1_700_000_000_123, disable_time: 8_000_000_000_000, email: null });
      const truth = await db.get<{ n: unknown }>('SELECT COUNT(*) AS n FROM users WHERE id = ? AND (1 = 1) = ?', [id, true]);
      assert.equal(Number(truth!.n), 1);
      assert.equal(await db.get('SELECT id FROM users WHERE id = ?', [randomUUID()]), undefined);
      assert.deepEqual(await db.all('SELECT id FROM users WHERE id = ?', [randomUUID()]), []);
    });
  });
}
