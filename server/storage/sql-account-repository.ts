/**
 * AccountRepository written once against SqlExecutor: portable SQL with `?` placeholders that runs on
 * SQLite (3.35+) and PostgreSQL (15) alike.
 */
import {
  AccountConflictError,
  type AccountConflict,
  type AccountPatch,
  type AccountRepository,
  type IdentityKind,
  type LoginRecord,
  type NewUser,
  type UserRecord,
} from './repositories.js';
import { UniqueViolation, type SqlDatabase, type SqlExecutor, type SqlValue } from './sql.js';
import { padToPowerOfTwo, placeholders } from './sql-in-list.js';

/** Nakama's system user: present in every database, never an account anyone logs in as. */
export const SYSTEM_USER_ID = '00000000-0000-0000-0000-000000000000';

export const USER_COLUMNS =
  'id, username, display_name, avatar_url, lang_tag, location, timezone, metadata, wallet, email, custom_id, ' +
  'facebook_id, google_id, gamecenter_id, steam_id, apple_id, facebook_instant_game_id, edge_count, ' +
  'create_time, update_time, verify_time, disable_time';

const LOGIN_COLUMNS = 'id, username, disable_time, password';

/** Identity columns on `users` that count as a way in (devices live in their own table). */
const LOGIN_IDENTITY_COLUMNS = [
  'custom_id',
  'email',
  'facebook_id',
  'google_id',
  'gamecenter_id',
  'steam_id',
  'apple_id',
  'facebook_instant_game_id',
] as const;

const PATCH_COLUMNS: ReadonlyArray<[keyof AccountPatch, string]> = [
  ['username', 'username'],
  ['displayName', 'display_name'],
  ['avatarUrl', 'avatar_url'],
  ['langTag', 'lang_tag'],
  ['location', 'location'],
  ['timezone', 'timezone'],
];

/** Lists longer than this are looked up in several queries, keeping parameter counts modest. */
const IN_LIST_CHUNK = 256;

type Row = Record<string, unknown>;

// The sign-in and GetAccount statements are built once: a text rebuilt per call is a new string that the
// statement cache has to hash again on every request.
const FIND_LOGIN_BY_DEVICE =
  'SELECT u.id, u.username, u.disable_time, u.password FROM user_device d JOIN users u ON u.id = d.user_id WHERE d.id = ? AND u.id <> ?';
const FIND_LOGIN_BY_CUSTOM_ID = `SELECT ${LOGIN_COLUMNS} FROM users WHERE custom_id = ? AND id <> ?`;
const GET_USER = `SELECT ${USER_COLUMNS} FROM users WHERE id = ? AND id <> ?`;
const DEVICE_IDS_JSON = {
  postgres: "(SELECT coalesce(json_agg(id ORDER BY id), '[]')::text FROM user_device WHERE user_id = users.id)",
  sqlite: '(SELECT json_group_array(id) FROM (SELECT id FROM user_device WHERE user_id = users.id ORDER BY id))',
};
const GET_USER_WITH_DEVICES = {
  postgres: `SELECT ${USER_COLUMNS}, ${DEVICE_IDS_JSON.postgres} AS device_ids FROM users WHERE id = ? AND id <> ?`,
  sqlite: `SELECT ${USER_COLUMNS}, ${DEVICE_IDS_JSON.sqlite} AS device_ids FROM users WHERE id = ? AND id <> ?`,
};

export class SqlAccountRepository implements AccountRepository {
  constructor(private readonly db: SqlDatabase) {}

  findLoginByDevice(deviceId: string): Promise<LoginRecord | null> {
    return this.login(FIND_LOGIN_BY_DEVICE, deviceId);
  }

  findLoginByCustomId(customId: string): Promise<LoginRecord | null> {
    return this.login(FIND_LOGIN_BY_CUSTOM_ID, customId);
  }

  findLoginByEmail(email: string): Promise<LoginRecord | null> {
    return this.login(`SELECT ${LOGIN_COLUMNS} FROM users WHERE email = ? AND id <> ?`, email);
  }

  findLoginByUsername(username: string): Promise<LoginRecord | null> {
    return this.login(`SELECT ${LOGIN_COLUMNS} FROM users WHERE username = ? AND id <> ?`, username);
  }

  findLoginById(userId: string): Promise<LoginRecord | null> {
    return this.login(`SELECT ${LOGIN_COLUMNS} FROM users WHERE id = ? AND id <> ?`, userId);
  }

  async createUser(user: NewUser): Promise<void> {
    const insertUser =
      'INSERT INTO users (id, username, custom_id, email, password, create_time, update_time) VALUES (?, ?, ?, ?, ?, ?, ?)';
    const params = [user.id, user.username, user.customId ?? null, user.email ?? null, user.passwordHash ?? null, user.createTime, user.createTime];
    try {
      if (user.deviceId === undefined) {
        await this.db.run(insertUser, params);
      } else if (this.db.dialect === 'postgres') {
        // One statement is one round trip and still atomic; a round trip costs more than the insert here.
        await this.db.run(`WITH u AS (${insertUser} RETURNING id) INSERT INTO user_device (id, user_id) SELECT ?, id FROM u`, [
          ...params,
          user.deviceId,
        ]);
      } else {
        await this.db.transaction(async (tx) => {
          await tx.run(insertUser, params);
          await tx.run('INSERT INTO user_device (id, user_id) VALUES (?, ?)', [user.deviceId!, user.id]);
        });
      }
    } catch (error) {
      throw asConflict(error);
    }
  }

  async getUser(userId: string): Promise<UserRecord | null> {
    const row = await this.db.get<Row>(GET_USER, [userId, SYSTEM_USER_ID]);
    return row === undefined ? null : toUser(row);
  }

  async getUsers(query: {
    ids?: readonly string[];
    usernames?: readonly string[];
    facebookIds?: readonly string[];
  }): Promise<UserRecord[]> {
    const found = new Map<string, UserRecord>();
    const lookups: Array<[string, readonly string[] | undefined]> = [
      ['id', query.ids],
      ['username', query.usernames],
      ['facebook_id', query.facebookIds],
    ];
    for (const [column, values] of lookups) {
      if (values === undefined || values.length === 0) continue;
      const unique = [...new Set(values)];
      for (let start = 0; start < unique.length; start += IN_LIST_CHUNK) {
        const chunk = padToPowerOfTwo(unique.slice(start, start + IN_LIST_CHUNK));
        const rows = await this.db.all<Row>(
          `SELECT ${USER_COLUMNS} FROM users WHERE ${column} IN (${placeholders(chunk.length)}) AND id <> ?`,
          [...chunk, SYSTEM_USER_ID],
        );
        for (const row of rows) if (!found.has(String(row.id))) found.set(String(row.id), toUser(row));
      }
    }
    return [...found.values()];
  }

  async getUserWithDevices(userId: string): Promise<{ user: UserRecord; deviceIds: string[] } | null> {
    const row = await this.db.get<Row>(GET_USER_WITH_DEVICES[this.db.dialect], [userId, SYSTEM_USER_ID]);
    return row === undefined ? null : { user: toUser(row), deviceIds: JSON.parse(String(row.device_ids)) as string[] };
  }

  async listDeviceIds(userId: string): Promise<string[]> {
    const rows = await this.db.all<{ id: string }>('SELECT id FROM user_device WHERE user_id = ? ORDER BY id', [userId]);
    return rows.map((row) => row.id);
  }

  async updateAccount(userId: string, patch: AccountPatch, now: number): Promise<boolean> {
    const sets: string[] = [];
    const params: SqlValue[] = [];
    for (const [field, column] of PATCH_COLUMNS) {
      const value = patch[field];
      if (value === undefined) continue;
      sets.push(`${column} = ?`);
      params.push(value);
    }
    sets.push('update_time = ?');
    params.push(now, userId, SYSTEM_USER_ID);
    try {
      const result = await this.db.run(`UPDATE users SET ${sets.join(', ')} WHERE id = ? AND id <> ?`, params);
      return result.changes > 0;
    } catch (error) {
      throw asConflict(error);
    }
  }

  async deleteUser(userId: string): Promise<boolean> {
    const result = await this.db.run('DELETE FROM users WHERE id = ? AND id <> ?', [userId, SYSTEM_USER_ID]);
    return result.changes > 0;
  }

  async linkDevice(userId: string, deviceId: string, now: number): Promise<void> {
    try {
      await this.db.transaction(async (tx) => {
        await touchUser(tx, userId, now);
        // DO NOTHING then read the owner: race-free whether or not a concurrent link got there first.
        await tx.run('INSERT INTO user_device (id, user_id) VALUES (?, ?) ON CONFLICT (id) DO NOTHING', [deviceId, userId]);
        const owner = await tx.get<{ user_id: string }>('SELECT user_id FROM user_device WHERE id = ?', [deviceId]);
        if (owner === undefined || owner.user_id !== userId) throw new AccountConflictError('device');
      });
    } catch (error) {
      throw asConflict(error);
    }
  }

  linkCustom(userId: string, customId: string, now: number): Promise<void> {
    return this.linkColumn(userId, 'custom_id', [customId], now, 'custom');
  }

  linkEmail(userId: string, email: string, passwordHash: string, now: number): Promise<void> {
    return this.linkColumn(userId, 'email', [email, passwordHash], now, 'email');
  }

  async unlink(userId: string, kind: IdentityKind, value: string, now: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      // A no-op write first: on PostgreSQL it row-locks the user, so two unlinks cannot both pass the check.
      const locked = await tx.run('UPDATE users SET update_time = update_time WHERE id = ? AND id <> ?', [
        userId,
        SYSTEM_USER_ID,
      ]);
      if (locked.changes === 0) return false;
      const row = await tx.get<Row>(
        `SELECT ${LOGIN_IDENTITY_COLUMNS.join(', ')}, ` +
          '(SELECT COUNT(*) FROM user_device d WHERE d.user_id = users.id) AS devices FROM users WHERE id = ?',
        [userId],
      );
      if (row === undefined) return false;
      let remaining = Number(row.devices);
      for (const column of LOGIN_IDENTITY_COLUMNS) if (row[column] !== null && row[column] !== undefined) remaining++;

      if (kind === 'device') {
        const held = await tx.get('SELECT id FROM user_device WHERE id = ? AND user_id = ?', [value, userId]);
        if (held === undefined || remaining - 1 < 1) return false;
        await tx.run('DELETE FROM user_device WHERE id = ?', [value]);
        await tx.run('UPDATE users SET update_time = ? WHERE id = ?', [now, userId]);
      } else if (kind === 'custom') {
        if (row.custom_id !== value || remaining - 1 < 1) return false;
        await tx.run('UPDATE users SET custom_id = NULL, update_time = ? WHERE id = ?', [now, userId]);
      } else {
        if (row.email !== value || remaining - 1 < 1) return false;
        await tx.run('UPDATE users SET email = NULL, password = NULL, update_time = ? WHERE id = ?', [now, userId]);
      }
      return true;
    });
  }

  /** Sets a unique identity column (and, for email, the password after it) unless another user holds it. */
  private async linkColumn(
    userId: string,
    column: 'custom_id' | 'email',
    values: SqlValue[],
    now: number,
    conflict: AccountConflict,
  ): Promise<void> {
    try {
      await this.db.transaction(async (tx) => {
        const holder = await tx.get<{ id: string }>(`SELECT id FROM users WHERE ${column} = ?`, [values[0]!]);
        if (holder !== undefined) {
          if (holder.id === userId) return;
          throw new AccountConflictError(conflict);
        }
        const sets = column === 'email' ? 'email = ?, password = ?' : 'custom_id = ?';
        const result = await tx.run(`UPDATE users SET ${sets}, update_time = ? WHERE id = ? AND id <> ?`, [
          ...values,
          now,
          userId,
          SYSTEM_USER_ID,
        ]);
        if (result.changes === 0) throw new Error(`no user ${userId} to link a ${conflict} identity to`);
      });
    } catch (error) {
      throw asConflict(error);
    }
  }

  private async login(sql: string, value: string): Promise<LoginRecord | null> {
    const row = await this.db.get<Row>(sql, [value, SYSTEM_USER_ID]);
    if (row === undefined) return null;
    return {
      id: String(row.id),
      username: String(row.username),
      disableTime: Number(row.disable_time),
      passwordHash: row.password === null || row.password === undefined ? null : String(row.password),
    };
  }
}

/** Stamps update_time, which also proves the user exists (and row-locks it on PostgreSQL). */
async function touchUser(tx: SqlExecutor, userId: string, now: number): Promise<void> {
  const result = await tx.run('UPDATE users SET update_time = ? WHERE id = ? AND id <> ?', [now, userId, SYSTEM_USER_ID]);
  if (result.changes === 0) throw new Error(`no user ${userId} to link a device to`);
}

/**
 * Which identity a unique violation hit. SQLite names columns ("users.custom_id", "user_device.id"),
 * PostgreSQL names indexes ("users_custom_id_key", "user_device_pkey"); both contain these words.
 */
export function conflictOf(target: string): AccountConflict | null {
  if (target.startsWith('user_device')) return 'device';
  if (target.includes('username')) return 'username';
  if (target.includes('custom_id')) return 'custom';
  if (target.includes('email')) return 'email';
  return null;
}

function asConflict(error: unknown): unknown {
  if (error instanceof UniqueViolation) {
    const conflict = conflictOf(error.target);
    if (conflict !== null) return new AccountConflictError(conflict);
  }
  return error;
}

export function toUser(row: Row): UserRecord {
  return {
    id: String(row.id),
    username: String(row.username),
    displayName: String(row.display_name ?? ''),
    avatarUrl: String(row.avatar_url ?? ''),
    langTag: String(row.lang_tag ?? ''),
    location: String(row.location ?? ''),
    timezone: String(row.timezone ?? ''),
    metadata: String(row.metadata ?? '{}'),
    wallet: String(row.wallet ?? '{}'),
    email: nullableText(row.email),
    customId: nullableText(row.custom_id),
    facebookId: nullableText(row.facebook_id),
    googleId: nullableText(row.google_id),
    gamecenterId: nullableText(row.gamecenter_id),
    steamId: nullableText(row.steam_id),
    appleId: nullableText(row.apple_id),
    facebookInstantGameId: nullableText(row.facebook_instant_game_id),
    edgeCount: Number(row.edge_count),
    createTime: Number(row.create_time),
    updateTime: Number(row.update_time),
    verifyTime: Number(row.verify_time),
    disableTime: Number(row.disable_time),
  };
}

function nullableText(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
