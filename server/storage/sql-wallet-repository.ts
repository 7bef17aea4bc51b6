/**
 * WalletRepository over SqlExecutor. Wallets live in `users.wallet` (a JSON object as text); changes lock
 * the rows they read (FOR UPDATE on PostgreSQL; SQLite transactions already run one at a time), so
 * concurrent updates of one wallet apply one after another and never both spend the same balance.
 */
import type { WalletLedgerPosition, WalletLedgerRecord, WalletRepository, WalletWrites } from './repositories.js';
import type { SqlDatabase, SqlValue } from './sql.js';
import { padToPowerOfTwo, placeholders } from './sql-in-list.js';

const LEDGER_COLUMNS = 'id, user_id, changeset, metadata, create_time, update_time';

interface LedgerRow {
  id: string;
  user_id: string;
  changeset: string;
  metadata: string;
  create_time: number | string;
  update_time: number | string;
}

export class SqlWalletRepository implements WalletRepository {
  constructor(private readonly db: SqlDatabase) {}

  async updateWallets<T>(
    userIds: readonly string[],
    apply: (current: Map<string, string>) => WalletWrites & { result: T },
    now: number,
  ): Promise<T> {
    // Locks are taken in id order, so two batches over the same users cannot deadlock.
    const ids = [...new Set(userIds)].sort();
    const lock = this.db.dialect === 'postgres' ? ' ORDER BY id FOR UPDATE' : '';
    return this.db.transaction(async (tx) => {
      const current = new Map<string, string>();
      if (ids.length > 0) {
        const padded = padToPowerOfTwo([...ids]);
        const rows = await tx.all<{ id: string; wallet: string }>(
          `SELECT id, wallet FROM users WHERE id IN (${placeholders(padded.length)})${lock}`,
          padded,
        );
        for (const row of rows) current.set(row.id, row.wallet);
      }
      const { wallets, ledger, result } = apply(current);
      for (const id of [...wallets.keys()].sort()) {
        await tx.run('UPDATE users SET wallet = ?, update_time = ? WHERE id = ?', [wallets.get(id)!, now, id]);
      }
      for (const entry of ledger) {
        await tx.run(`INSERT INTO wallet_ledger (${LEDGER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`, [
          entry.id,
          entry.userId,
          entry.changeset,
          entry.metadata,
          entry.createTime,
          entry.updateTime,
        ]);
      }
      return result;
    });
  }

  async listLedger(userId: string, limit: number, before?: WalletLedgerPosition): Promise<WalletLedgerRecord[]> {
    const params: SqlValue[] = [userId];
    let sql = `SELECT ${LEDGER_COLUMNS} FROM wallet_ledger WHERE user_id = ?`;
    if (before) {
      sql += ' AND (create_time, id) < (?, ?)';
      params.push(before.createTime, before.id);
    }
    params.push(limit);
    const rows = await this.db.all<LedgerRow>(`${sql} ORDER BY create_time DESC, id DESC LIMIT ?`, params);
    return rows.map(toRecord);
  }

  async updateLedgerMetadata(id: string, metadata: string, now: number): Promise<WalletLedgerRecord | null> {
    return this.db.transaction(async (tx) => {
      const lock = this.db.dialect === 'postgres' ? ' FOR UPDATE' : '';
      const row = await tx.get<LedgerRow>(`SELECT ${LEDGER_COLUMNS} FROM wallet_ledger WHERE id = ?${lock}`, [id]);
      if (!row) return null;
      // A top-level merge, as PostgreSQL's `jsonb || jsonb` does in Nakama.
      const merged = JSON.stringify({ ...parseObject(row.metadata), ...parseObject(metadata) });
      await tx.run('UPDATE wallet_ledger SET metadata = ?, update_time = ? WHERE id = ?', [merged, now, id]);
      return { ...toRecord(row), metadata: merged, updateTime: now };
    });
  }

  async deleteLedger(userId: string, id: string): Promise<boolean> {
    const result = await this.db.run('DELETE FROM wallet_ledger WHERE id = ? AND user_id = ?', [id, userId]);
    return result.changes > 0;
  }
}

function parseObject(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function toRecord(row: LedgerRow): WalletLedgerRecord {
  return {
    id: row.id,
    userId: row.user_id,
    changeset: row.changeset,
    metadata: row.metadata,
    createTime: Number(row.create_time),
    updateTime: Number(row.update_time),
  };
}
