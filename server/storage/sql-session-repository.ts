/**
 * SessionRepository over SqlExecutor: single-token revocations in `session_revocation`, revoke-everything
 * as a per-user watermark on `users.sessions_revoked_at`.
 */
import type { RevocationSnapshot, SessionRepository } from './repositories.js';
import type { SqlDatabase } from './sql.js';

export class SqlSessionRepository implements SessionRepository {
  constructor(private readonly db: SqlDatabase) {}

  async revokeToken(tid: string, userId: string, expiresAt: number): Promise<void> {
    await this.db.run(
      'INSERT INTO session_revocation (tid, user_id, expires_at) VALUES (?, ?, ?) ' +
        'ON CONFLICT (tid) DO UPDATE SET user_id = excluded.user_id, expires_at = excluded.expires_at',
      [tid, userId, expiresAt],
    );
  }

  /** The watermark only moves forward, so a late, older revoke-all cannot un-revoke newer sessions. */
  async revokeAllForUser(userId: string, revokedAt: number): Promise<void> {
    await this.db.run('UPDATE users SET sessions_revoked_at = ? WHERE id = ? AND sessions_revoked_at < ?', [
      revokedAt,
      userId,
      revokedAt,
    ]);
  }

  async loadRevocations(now: number): Promise<RevocationSnapshot> {
    const tokens = await this.db.all<{ tid: string; expires_at: number }>(
      'SELECT tid, expires_at FROM session_revocation WHERE expires_at > ? ORDER BY tid',
      [now],
    );
    const users = await this.db.all<{ id: string; sessions_revoked_at: number }>(
      'SELECT id, sessions_revoked_at FROM users WHERE sessions_revoked_at > 0 ORDER BY id',
    );
    return {
      tokens: tokens.map((row) => ({ tid: row.tid, expiresAt: Number(row.expires_at) })),
      users: users.map((row) => ({ userId: row.id, revokedAt: Number(row.sessions_revoked_at) })),
    };
  }

  async pruneRevocations(now: number): Promise<number> {
    const result = await this.db.run('DELETE FROM session_revocation WHERE expires_at <= ?', [now]);
    return result.changes;
  }
}
