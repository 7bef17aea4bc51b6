/**
 * MessageRepository over SqlExecutor: one portable SQL text per operation, `?` placeholders, valid on
 * SQLite and PostgreSQL alike.
 */
import type { MessagePosition, MessageRecord, MessageRepository, MessageStream } from './repositories.js';
import type { SqlDatabase } from './sql.js';

const COLUMNS = 'id, code, sender_id, username, stream_mode, stream_subject, stream_descriptor, stream_label, content, create_time, update_time';
const IN_STREAM = 'stream_mode = ? AND stream_subject = ? AND stream_descriptor = ? AND stream_label = ?';

interface MessageRow {
  id: string;
  code: number;
  sender_id: string;
  username: string;
  stream_mode: number;
  stream_subject: string;
  stream_descriptor: string;
  stream_label: string;
  content: string;
  create_time: number | string;
  update_time: number | string;
}

export class SqlMessageRepository implements MessageRepository {
  constructor(private readonly db: SqlDatabase) {}

  async insert(m: MessageRecord): Promise<void> {
    await this.db.run(`INSERT INTO message (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      m.id,
      m.code,
      m.senderId,
      m.username,
      m.stream.mode,
      m.stream.subject,
      m.stream.subcontext,
      m.stream.label,
      m.content,
      m.createTime,
      m.updateTime,
    ]);
  }

  update(id: string, senderId: string, change: { content: string; username: string; updateTime: number }): Promise<number | null> {
    // Read and write in one transaction so the create time returned is the row that was changed.
    return this.db.transaction(async (tx) => {
      const row = await tx.get<{ create_time: number | string }>('SELECT create_time FROM message WHERE id = ? AND sender_id = ?', [id, senderId]);
      if (!row) return null;
      await tx.run('UPDATE message SET content = ?, username = ?, update_time = ? WHERE id = ? AND sender_id = ?', [
        change.content,
        change.username,
        change.updateTime,
        id,
        senderId,
      ]);
      return Number(row.create_time);
    });
  }

  remove(id: string, senderId: string): Promise<{ createTime: number; updateTime: number } | null> {
    return this.db.transaction(async (tx) => {
      const row = await tx.get<{ create_time: number | string; update_time: number | string }>(
        'SELECT create_time, update_time FROM message WHERE id = ? AND sender_id = ?',
        [id, senderId],
      );
      if (!row) return null;
      await tx.run('DELETE FROM message WHERE id = ? AND sender_id = ?', [id, senderId]);
      return { createTime: Number(row.create_time), updateTime: Number(row.update_time) };
    });
  }

  async list(stream: MessageStream, limit: number, ascending: boolean, after?: MessagePosition): Promise<MessageRecord[]> {
    const order = ascending ? 'ORDER BY create_time, id' : 'ORDER BY create_time DESC, id DESC';
    const params = [stream.mode, stream.subject, stream.subcontext, stream.label];
    const rows =
      after === undefined
        ? await this.db.all<MessageRow>(`SELECT ${COLUMNS} FROM message WHERE ${IN_STREAM} ${order} LIMIT ?`, [...params, limit])
        : await this.db.all<MessageRow>(
            `SELECT ${COLUMNS} FROM message WHERE ${IN_STREAM} AND ` +
              (ascending ? '(create_time > ? OR (create_time = ? AND id > ?))' : '(create_time < ? OR (create_time = ? AND id < ?))') +
              ` ${order} LIMIT ?`,
            [...params, after.createTime, after.createTime, after.id, limit],
          );
    return rows.map(toRecord);
  }
}

function toRecord(row: MessageRow): MessageRecord {
  return {
    id: row.id,
    code: Number(row.code),
    senderId: row.sender_id,
    username: row.username,
    stream: { mode: Number(row.stream_mode), subject: row.stream_subject, subcontext: row.stream_descriptor, label: row.stream_label },
    content: row.content,
    createTime: Number(row.create_time),
    updateTime: Number(row.update_time),
  };
}
