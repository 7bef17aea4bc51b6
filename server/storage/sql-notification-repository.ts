/**
 * NotificationRepository over SqlExecutor: one portable SQL text per operation, `?` placeholders, valid on
 * SQLite and PostgreSQL alike. A system sender is stored as NULL and read back as ''.
 */
import type { NotificationPosition, NotificationRecord, NotificationRepository } from './repositories.js';
import type { SqlDatabase, SqlValue } from './sql.js';
import { padToPowerOfTwo, placeholders } from './sql-in-list.js';

const COLUMNS = 'id, user_id, subject, content, code, sender_id, create_time';

/** Deletes of many ids run in chunks, keeping parameter counts modest. */
const DELETE_CHUNK = 256;

interface NotificationRow {
  id: string;
  user_id: string;
  subject: string;
  content: string;
  code: number;
  sender_id: string | null;
  create_time: number | string;
}

export class SqlNotificationRepository implements NotificationRepository {
  constructor(private readonly db: SqlDatabase) {}

  async insert(notifications: readonly NotificationRecord[]): Promise<void> {
    if (notifications.length === 0) return;
    await this.db.transaction(async (tx) => {
      // One constant statement text per row: both drivers keep it prepared, whatever the batch size.
      for (const n of notifications) {
        await tx.run(`INSERT INTO notification (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`, [
          n.id,
          n.userId,
          n.subject,
          n.content,
          n.code,
          n.senderId === '' ? null : n.senderId,
          n.createTime,
        ]);
      }
    });
  }

  async list(userId: string, limit: number, after?: NotificationPosition): Promise<NotificationRecord[]> {
    const rows =
      after === undefined
        ? await this.db.all<NotificationRow>(
            `SELECT ${COLUMNS} FROM notification WHERE user_id = ? ORDER BY create_time, id LIMIT ?`,
            [userId, limit],
          )
        : await this.db.all<NotificationRow>(
            `SELECT ${COLUMNS} FROM notification WHERE user_id = ? AND (create_time > ? OR (create_time = ? AND id > ?)) ` +
              'ORDER BY create_time, id LIMIT ?',
            [userId, after.createTime, after.createTime, after.id, limit],
          );
    return rows.map(toRecord);
  }

  async delete(userId: string, ids: readonly string[]): Promise<number> {
    const unique = [...new Set(ids)];
    let deleted = 0;
    for (let start = 0; start < unique.length; start += DELETE_CHUNK) {
      const chunk = padToPowerOfTwo(unique.slice(start, start + DELETE_CHUNK));
      const params: SqlValue[] = [userId, ...chunk];
      const result = await this.db.run(
        `DELETE FROM notification WHERE user_id = ? AND id IN (${placeholders(chunk.length)})`,
        params,
      );
      deleted += result.changes;
    }
    return deleted;
  }
}

function toRecord(row: NotificationRow): NotificationRecord {
  return {
    id: row.id,
    userId: row.user_id,
    subject: row.subject,
    content: row.content,
    code: Number(row.code),
    senderId: row.sender_id ?? '',
    createTime: Number(row.create_time),
  };
}
