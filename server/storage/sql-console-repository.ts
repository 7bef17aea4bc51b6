/**
 * ConsoleRepository over SqlExecutor: the admin console's searches and overrides, one portable SQL text
 * per operation with `?` placeholders.
 */
import type { ChannelSummary, ConsoleRepository, MessageRecord, UserRecord } from './repositories.js';
import type { SqlDatabase, SqlValue } from './sql.js';
import { SYSTEM_USER_ID, USER_COLUMNS, toUser } from './sql-account-repository.js';

/** `%`, `_` and the escape character itself are literal in a search; LIKE would read them as patterns. */
function likePrefix(text: string): string {
  return text.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}

export class SqlConsoleRepository implements ConsoleRepository {
  constructor(private readonly db: SqlDatabase) {}

  async searchAccounts(query: string, limit: number, afterUsername?: string): Promise<UserRecord[]> {
    const where = ['id <> ?'];
    const params: SqlValue[] = [SYSTEM_USER_ID];
    const q = query.trim();
    if (q !== '') {
      where.push(
        "(id = ? OR custom_id = ? OR email = ? OR lower(username) LIKE ? ESCAPE '\\' OR id IN (SELECT user_id FROM user_device WHERE id = ?))",
      );
      params.push(q.toLowerCase(), q, q.toLowerCase(), likePrefix(q), q);
    }
    if (afterUsername !== undefined) {
      where.push('username > ?');
      params.push(afterUsername);
    }
    params.push(limit);
    const rows = await this.db.all(`SELECT ${USER_COLUMNS} FROM users WHERE ${where.join(' AND ')} ORDER BY username LIMIT ?`, params);
    return rows.map(toUser);
  }

  async countAccounts(): Promise<number> {
    const row = await this.db.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM users WHERE id <> ?', [SYSTEM_USER_ID]);
    return Number(row?.n ?? 0);
  }

  async setDisableTime(userId: string, disableTime: number): Promise<boolean> {
    if (userId === SYSTEM_USER_ID) return false;
    const result = await this.db.run('UPDATE users SET disable_time = ?, update_time = ? WHERE id = ?', [disableTime, Date.now(), userId]);
    return result.changes > 0;
  }

  async listChannels(limit: number): Promise<ChannelSummary[]> {
    const rows = await this.db.all<Record<string, unknown>>(
      'SELECT stream_mode, stream_subject, stream_descriptor, stream_label, COUNT(*) AS n, MAX(create_time) AS last_time FROM message ' +
        'GROUP BY stream_mode, stream_subject, stream_descriptor, stream_label ORDER BY last_time DESC, stream_label LIMIT ?',
      [limit],
    );
    return rows.map((r) => ({
      stream: { mode: Number(r.stream_mode), subject: String(r.stream_subject), subcontext: String(r.stream_descriptor), label: String(r.stream_label) },
      messageCount: Number(r.n),
      lastMessageTime: Number(r.last_time),
    }));
  }

  async deleteMessage(id: string): Promise<MessageRecord | null> {
    return this.db.transaction(async (tx) => {
      const r = await tx.get<Record<string, unknown>>(
        'SELECT id, code, sender_id, username, stream_mode, stream_subject, stream_descriptor, stream_label, content, create_time, update_time FROM message WHERE id = ?',
        [id],
      );
      if (!r) return null;
      await tx.run('DELETE FROM message WHERE id = ?', [id]);
      return {
        id: String(r.id),
        code: Number(r.code),
        senderId: String(r.sender_id),
        username: String(r.username),
        stream: { mode: Number(r.stream_mode), subject: String(r.stream_subject), subcontext: String(r.stream_descriptor), label: String(r.stream_label) },
        content: String(r.content),
        createTime: Number(r.create_time),
        updateTime: Number(r.update_time),
      };
    });
  }
}
