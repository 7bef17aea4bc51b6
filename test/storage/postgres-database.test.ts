/** PostgreSQL driver specifics: placeholder numbering, int8 parsing per pool, pool-wide statement reuse. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { numberPlaceholders, PostgresDatabase } from '../../server/storage/postgres/postgres-database.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

describe('numberPlaceholders', () => {
  it('numbers ? outside quotes and comments', () => {
    assert.equal(numberPlaceholders('SELECT ? , ?'), 'SELECT $1 , $2');
    assert.equal(
      numberPlaceholders(`SELECT '?', 'it''s ?', "we?ird", ? -- a ? comment\n, /* ? */ ?`),
      `SELECT '?', 'it''s ?', "we?ird", $1 -- a ? comment\n, /* ? */ $2`,
    );
    assert.equal(numberPlaceholders('SELECT 1'), 'SELECT 1');
  });
});

describe('PostgresDatabase', () => {
  let database: TestDatabase;
  let db: PostgresDatabase;

  before(async () => {
    database = await createTestDatabase('postgres');
    db = new PostgresDatabase({ connectionString: database.address, maxConnections: 4, connectTimeoutMs: 5000 });
  });

  after(async () => {
    await db.close();
    await db.close();
    await database.drop();
  });

  it('parses BIGINT as a number for this pool only', async () => {
    assert.deepEqual(await db.get('SELECT ?::bigint AS n, COUNT(*) AS c FROM (SELECT 1) s', [1_700_000_000_000]), {
      n: 1_700_000_000_000,
      c: 1,
    });
    const plain = new pg.Client({ connectionString: database.address });
    await plain.connect();
    try {
      const { rows } = await plain.query('SELECT 5::bigint AS n');
      assert.equal(rows[0].n, '5', 'global pg type parsers are untouched');
    } finally {
      await plain.end();
    }
  });

  it('returns rows as plain objects keyed by column name, whatever the names', async () => {
    const sql = `SELECT 7::bigint AS n, 'x' AS "odd ""name""", 1 AS dup, 2 AS dup, 'p' AS "__proto__", NULL::text AS empty, '\\x00ff'::bytea AS bytes`;
    // The same statement three times: the row factory is built from the first result and reused.
    for (let i = 0; i < 3; i++) {
      const row = await db.get<Record<string, unknown>>(sql);
      assert.ok(row);
      assert.equal(Object.getPrototypeOf(row), Object.prototype);
      assert.deepEqual(Object.keys(row), ['n', 'odd "name"', 'dup', '__proto__', 'empty', 'bytes']);
      assert.equal(row.n, 7);
      assert.equal(row.dup, 2, 'a repeated name keeps the last column, as node-postgres objects do');
      assert.equal(Object.getOwnPropertyDescriptor(row, '__proto__')?.value, 'p');
      assert.equal(row.empty, null);
      assert.deepEqual(row.bytes, Buffer.from([0, 255]));
    }
    assert.deepEqual(await db.all('SELECT 1 AS one WHERE false'), []);
    assert.equal(await db.get('SELECT 1 AS one WHERE false'), undefined);
  });

  it('runs the same statement many times across connections', async () => {
    await db.exec('CREATE TABLE counter (k TEXT PRIMARY KEY, v BIGINT NOT NULL); CREATE TABLE other (v INTEGER)');
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        db.run('INSERT INTO counter (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = counter.v + excluded.v', [`k${i % 4}`, 1]),
      ),
    );
    const rows = await db.all<{ k: string; v: number }>('SELECT k, v FROM counter ORDER BY k');
    assert.deepEqual(rows, ['k0', 'k1', 'k2', 'k3'].map((k) => ({ k, v: 10 })));
  });

  it('maps 23505 to UniqueViolation named after the constraint', async () => {
    await assert.rejects(db.run('INSERT INTO counter (k, v) VALUES (?, ?)', ['k0', 1]), {
      name: 'UniqueViolation',
      target: 'counter_pkey',
    });
  });

  it('keeps the pool usable after a failed script', async () => {
    await assert.rejects(db.exec('BEGIN; INSERT INTO other (v) VALUES (1); SELEC broken; COMMIT;'));
    for (let i = 0; i < 8; i++) assert.deepEqual(await db.get('SELECT COUNT(*) AS n FROM other'), { n: 0 });
  });
});
