/**
 * SQLite driver specifics: pragmas, and the lock that keeps other requests' statements out of a
 * transaction while it awaits between its own statements.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SqliteDatabase } from '../../server/storage/sqlite/sqlite-database.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SqliteDatabase', () => {
  let dir: string;
  let db: SqliteDatabase;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'outpost-test-'));
    db = new SqliteDatabase({ file: join(dir, 'nested', 'dir', 'outpost.db'), busyTimeoutMs: 1234 });
    await db.exec('CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, what TEXT NOT NULL UNIQUE)');
  });

  after(async () => {
    await db.close();
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('commits concurrent transactions as one group, rolling back only the member that failed', async () => {
    const tag = randomUUID();
    // The first transaction holds the group open across an await, so the next three join it.
    const first = db.transaction(async (tx) => {
      await tx.run('INSERT INTO events (what) VALUES (?)', [`${tag}-a`]);
      await pause(20);
      return 'a';
    });
    const joined = [
      db.transaction(async (tx) => {
        await tx.run('INSERT INTO events (what) VALUES (?)', [`${tag}-b`]);
        return 'b';
      }),
      db.transaction(async (tx) => {
        await tx.run('INSERT INTO events (what) VALUES (?)', [`${tag}-c`]);
        throw new Error('member c fails after its insert');
      }),
      db.transaction(async (tx) => {
        // A duplicate of a's row: a unique violation inside the group.
        await tx.run('INSERT INTO events (what) VALUES (?)', [`${tag}-a`]);
        return 'dup';
      }),
    ];
    const results = await Promise.allSettled([first, ...joined]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled', 'rejected', 'rejected']);
    assert.match(String((results[2] as PromiseRejectedResult).reason), /member c fails/);
    assert.equal((results[3] as PromiseRejectedResult).reason.name, 'UniqueViolation');
    const rows = await db.all<{ what: string }>('SELECT what FROM events WHERE what LIKE ? ORDER BY what', [`${tag}-%`]);
    assert.deepEqual(rows.map((r) => r.what), [`${tag}-a`, `${tag}-b`]);
    // A failed member did not poison the connection for what comes next.
    await db.transaction((tx) => tx.run('INSERT INTO events (what) VALUES (?)', [`${tag}-d`]));
    assert.equal((await db.all('SELECT what FROM events WHERE what LIKE ?', [`${tag}-%`])).length, 3);
  });

  it('returns rows as plain objects keyed by column name, whatever the names', async () => {
    await db.run('INSERT INTO events (what) VALUES (?)', ['row-shape']);
    const row = await db.get<Record<string, unknown>>(
      "SELECT seq, what AS \"odd \"\"name\"\"\", 1 AS dup, 2 AS dup, 'p' AS __proto__, NULL AS empty, x'00ff' AS bytes FROM events WHERE what = ?",
      ['row-shape'],
    );
    assert.ok(row);
    assert.equal(Object.getPrototypeOf(row), Object.prototype);
    assert.deepEqual(Object.keys(row), ['seq', 'odd "name"', 'dup', '__proto__', 'empty', 'bytes']);
    assert.equal(row['odd "name"'], 'row-shape');
    assert.equal(row.dup, 2, 'a repeated name keeps the last column, as better-sqlite3 objects do');
    assert.equal(Object.getOwnPropertyDescriptor(row, '__proto__')?.value, 'p');
    assert.equal(row.empty, null);
    assert.deepEqual(row.bytes, Buffer.from([0, 255]));
    assert.deepEqual(await db.all('SELECT seq FROM events WHERE what = ?', ['no-such-row']), []);
    assert.equal(await db.get('SELECT seq FROM events WHERE what = ?', ['no-such-row']), undefined);
    // A write with RETURNING reads back through the same path; without it, run() reports its changes.
    assert.deepEqual(await db.get('UPDATE events SET what = ? WHERE what = ? RETURNING what', ['row-shape-2', 'row-shape']), { what: 'row-shape-2' });
    assert.deepEqual(await db.run('DELETE FROM events WHERE what = ?', ['row-shape-2']), { changes: 1 });
  });

  it('creates the directory and sets its pragmas', async () => {
    assert.deepEqual(await db.get('PRAGMA journal_mode'), { journal_mode: 'wal' });
    assert.deepEqual(await db.get('PRAGMA foreign_keys'), { foreign_keys: 1 });
    assert.deepEqual(await db.get('PRAGMA busy_timeout'), { timeout: 1234 });
    assert.deepEqual(await db.get('PRAGMA synchronous'), { synchronous: 1 });
    const full = new SqliteDatabase({ file: join(dir, 'full.db'), synchronous: 'full' });
    assert.deepEqual(await full.get('PRAGMA synchronous'), { synchronous: 2 });
    await full.close();
  });

  it('keeps plain writes out of an open transaction that rolls back', async () => {
    const tag = randomUUID();
    const inside = db.transaction(async (tx) => {
      await tx.run('INSERT INTO events (what) VALUES (?)', [`${tag}-tx-1`]);
      await pause(20);
      await tx.run('INSERT INTO events (what) VALUES (?)', [`${tag}-tx-2`]);
      await pause(20);
      throw new Error('roll it back');
    });
    // Issued while the transaction is awaiting: without the lock these would join it and vanish with it.
    await pause(5);
    const plain = Promise.all([
      db.run('INSERT INTO events (what) VALUES (?)', [`${tag}-plain-1`]),
      db.run('INSERT INTO events (what) VALUES (?)', [`${tag}-plain-2`]),
    ]);
    await assert.rejects(inside, /roll it back/);
    await plain;
    const rows = await db.all<{ what: string }>('SELECT what FROM events WHERE what LIKE ? ORDER BY seq', [`${tag}%`]);
    assert.deepEqual(rows.map((r) => r.what), [`${tag}-plain-1`, `${tag}-plain-2`]);
  });

  it('runs queued work in arrival order after the transaction ends', async () => {
    const tag = randomUUID();
    const order: string[] = [];
    const first = db.transaction(async (tx) => {
      await tx.run('INSERT INTO events (what) VALUES (?)', [`${tag}-a1`]);
      await pause(15);
      await tx.run('INSERT INTO events (what) VALUES (?)', [`${tag}-a2`]);
      order.push('a');
    });
    const plainBefore = db.run('INSERT INTO events (what) VALUES (?)', [`${tag}-p1`]).then(() => order.push('p1'));
    const second = db.transaction(async (tx) => {
      await tx.run('INSERT INTO events (what) VALUES (?)', [`${tag}-b1`]);
      await pause(15);
      await tx.run('INSERT INTO events (what) VALUES (?)', [`${tag}-b2`]);
      order.push('b');
    });
    const plainAfter = db.get('SELECT COUNT(*) AS n FROM events WHERE what LIKE ?', [`${tag}%`]);
    await Promise.all([first, plainBefore, second]);
    assert.deepEqual(await plainAfter, { n: 5 }, 'a read queued behind the second transaction sees it committed');
    assert.deepEqual(order, ['a', 'p1', 'b']);
    const rows = await db.all<{ what: string }>('SELECT what FROM events WHERE what LIKE ? ORDER BY seq', [`${tag}%`]);
    assert.deepEqual(rows.map((r) => r.what.slice(tag.length + 1)), ['a1', 'a2', 'p1', 'b1', 'b2']);
  });

  it('reports a unique violation as table.column, inside and outside transactions', async () => {
    const what = randomUUID();
    await db.run('INSERT INTO events (what) VALUES (?)', [what]);
    await assert.rejects(db.run('INSERT INTO events (what) VALUES (?)', [what]), { name: 'UniqueViolation', target: 'events.what' });
    await assert.rejects(
      db.transaction((tx) => tx.run('INSERT INTO events (what) VALUES (?)', [what])),
      { name: 'UniqueViolation', target: 'events.what' },
    );
    // The failed transaction released the lock.
    assert.deepEqual(await db.get('SELECT COUNT(*) AS n FROM events WHERE what = ?', [what]), { n: 1 });
  });

  it('rejects bad SQL without leaving the lock held', async () => {
    await assert.rejects(db.get('SELEC nonsense'));
    await assert.rejects(db.transaction(async (tx) => tx.get('SELEC nonsense')));
    assert.deepEqual(await db.get('SELECT 1 AS one'), { one: 1 });
  });

  it('waits for an open transaction before closing', async () => {
    const other = new SqliteDatabase({ file: join(dir, 'closing.db') });
    await other.exec('CREATE TABLE t (v INTEGER)');
    const tx = other.transaction(async (t) => {
      await pause(20);
      await t.run('INSERT INTO t (v) VALUES (1)');
    });
    const closed = other.close();
    await tx;
    await closed;
    const reopened = new SqliteDatabase({ file: join(dir, 'closing.db') });
    assert.deepEqual(await reopened.get('SELECT COUNT(*) AS n FROM t'), { n: 1 });
    await reopened.close();
  });
});
