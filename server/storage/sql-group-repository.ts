/**
 * GroupRepository over SqlExecutor. Membership writes lock the group row first (a no-op UPDATE: a row lock
 * on PostgreSQL, and SQLite runs one writer at a time anyway), so checks such as "the last superadmin"
 * hold until commit and every transaction takes its locks in the same order (group, then edges). Member counts only grow through `edge_count < max_count` in the UPDATE itself, so
 * concurrent joins cannot overfill a group whatever the isolation level.
 */
import {
  GroupState,
  GroupWriteRefused,
  type EdgePosition,
  type GroupEdgeRecord,
  type GroupFilter,
  type GroupJoinOutcome,
  type GroupLeaveOutcome,
  type GroupListPosition,
  type GroupPatch,
  type GroupRecord,
  type GroupRepository,
} from './repositories.js';
import { UniqueViolation, type SqlDatabase, type SqlExecutor, type SqlValue } from './sql.js';
import { padToPowerOfTwo, placeholders } from './sql-in-list.js';

const GROUP_COLUMNS = 'id, creator_id, name, description, avatar_url, lang_tag, metadata, state, edge_count, max_count, create_time, update_time';

interface GroupRow {
  id: string;
  creator_id: string;
  name: string;
  description: string;
  avatar_url: string;
  lang_tag: string;
  metadata: string;
  state: number | string;
  edge_count: number | string;
  max_count: number | string;
  create_time: number | string;
  update_time: number | string;
}

interface EdgeRow {
  group_id: string;
  user_id: string;
  state: number | string;
  position: number | string;
}

const PATCH_COLUMNS: ReadonlyArray<[keyof GroupPatch, string]> = [
  ['name', 'name'],
  ['description', 'description'],
  ['avatarUrl', 'avatar_url'],
  ['langTag', 'lang_tag'],
  ['metadata', 'metadata'],
  ['maxCount', 'max_count'],
];

const IN_LIST_CHUNK = 256;

export class SqlGroupRepository implements GroupRepository {
  constructor(private readonly db: SqlDatabase) {}

  async create(group: GroupRecord, position: number): Promise<void> {
    try {
      await this.db.transaction(async (tx) => {
        await tx.run(
          `INSERT INTO groups (${GROUP_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [group.id, group.creatorId, group.name, group.description, group.avatarUrl, group.langTag, group.metadata, group.open ? 0 : 1, 1, group.maxCount, group.createTime, group.updateTime],
        );
        await insertEdge(tx, group.id, group.creatorId, GroupState.Superadmin, position, group.createTime);
      });
    } catch (error) {
      throw nameConflict(error);
    }
  }

  async get(ids: readonly string[]): Promise<GroupRecord[]> {
    const found: GroupRecord[] = [];
    const unique = [...new Set(ids)];
    for (let start = 0; start < unique.length; start += IN_LIST_CHUNK) {
      const chunk = padToPowerOfTwo(unique.slice(start, start + IN_LIST_CHUNK));
      const rows = await this.db.all<GroupRow>(`SELECT ${GROUP_COLUMNS} FROM groups WHERE id IN (${placeholders(chunk.length)}) AND disable_time = 0`, chunk);
      found.push(...rows.map(toGroup));
    }
    return found;
  }

  async update(groupId: string, patch: GroupPatch, now: number): Promise<boolean> {
    const sets = ['update_time = ?'];
    const params: SqlValue[] = [now];
    for (const [key, column] of PATCH_COLUMNS) {
      const value = patch[key];
      if (value === undefined) continue;
      sets.push(`${column} = ?`);
      params.push(value as string | number);
    }
    if (patch.open !== undefined) {
      sets.push('state = ?');
      params.push(patch.open ? 0 : 1);
    }
    try {
      const result = await this.db.run(`UPDATE groups SET ${sets.join(', ')} WHERE id = ? AND disable_time = 0`, [...params, groupId]);
      return result.changes > 0;
    } catch (error) {
      throw nameConflict(error);
    }
  }

  async delete(groupId: string): Promise<boolean> {
    // group_edge rows go with it (ON DELETE CASCADE).
    const result = await this.db.run('DELETE FROM groups WHERE id = ?', [groupId]);
    return result.changes > 0;
  }

  stateOf(groupId: string, userId: string): Promise<number | null> {
    return stateOf(this.db, groupId, userId);
  }

  join(groupId: string, userId: string, open: boolean, now: number, position: number): Promise<GroupJoinOutcome> {
    return this.db.transaction(async (tx) => {
      // The group row first, as every membership write does, so joins and adds never deadlock each other.
      if (!(await lockGroup(tx, groupId))) throw new GroupWriteRefused('not_found');
      const state = open ? GroupState.Member : GroupState.JoinRequest;
      const inserted = await tx.run(
        'INSERT INTO group_edge (group_id, user_id, state, position, update_time) VALUES (?, ?, ?, ?, ?) ON CONFLICT (group_id, user_id) DO NOTHING',
        [groupId, userId, state, position, now],
      );
      // Already a member, already asked, or banned: nothing changes, as in Nakama.
      if (inserted.changes === 0) return 'none';
      if (!open) return 'requested';
      await takeSeat(tx, groupId, now);
      return 'joined';
    });
  }

  leave(groupId: string, userId: string, now: number): Promise<GroupLeaveOutcome> {
    return this.db.transaction(async (tx) => {
      if (!(await lockGroup(tx, groupId))) return 'none';
      const state = await stateOf(tx, groupId, userId);
      if (state === null || state === GroupState.Banned) return 'none';
      if (state === GroupState.Superadmin && (await countOthers(tx, groupId, userId, GroupState.Superadmin)) === 0) {
        if ((await countOthers(tx, groupId, userId, GroupState.Member)) > 0) throw new GroupWriteRefused('last_superadmin');
        await tx.run('DELETE FROM groups WHERE id = ?', [groupId]);
        return 'deleted';
      }
      await tx.run('DELETE FROM group_edge WHERE group_id = ? AND user_id = ?', [groupId, userId]);
      if (state <= GroupState.Member) await bumpMembers(tx, groupId, -1, now);
      return 'left';
    });
  }

  add(groupId: string, userIds: readonly string[], now: number, position: number): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      if (!(await lockGroup(tx, groupId))) throw new GroupWriteRefused('not_found');
      const added: string[] = [];
      for (const userId of new Set(userIds)) {
        if ((await tx.get('SELECT 1 AS x FROM users WHERE id = ?', [userId])) === undefined) throw new GroupWriteRefused('user_not_found');
        const state = await stateOf(tx, groupId, userId);
        if (state === null) {
          await insertEdge(tx, groupId, userId, GroupState.Member, position, now);
        } else if (state === GroupState.JoinRequest) {
          await setState(tx, groupId, userId, GroupState.Member, now);
        } else {
          continue;
        }
        await takeSeat(tx, groupId, now);
        added.push(userId);
      }
      return added;
    });
  }

  kick(groupId: string, callerState: number, userIds: readonly string[], now: number): Promise<string[]> {
    return this.remove(groupId, callerState, userIds, now, null);
  }

  ban(groupId: string, callerState: number, userIds: readonly string[], now: number, position: number): Promise<string[]> {
    return this.remove(groupId, callerState, userIds, now, position);
  }

  promote(groupId: string, callerState: number, userIds: readonly string[], now: number): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      if (!(await lockGroup(tx, groupId))) return [];
      const moved: string[] = [];
      for (const userId of new Set(userIds)) {
        const state = await stateOf(tx, groupId, userId);
        // Only users ranked below the caller move up, never past superadmin; banned users stay banned.
        if (state === null || state === GroupState.Superadmin || state <= callerState || state > GroupState.JoinRequest) continue;
        if (state === GroupState.JoinRequest) await takeSeat(tx, groupId, now);
        await setState(tx, groupId, userId, state - 1, now);
        moved.push(userId);
      }
      return moved;
    });
  }

  demote(groupId: string, callerState: number, userIds: readonly string[], now: number): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      if (!(await lockGroup(tx, groupId))) return [];
      const moved: string[] = [];
      for (const userId of new Set(userIds)) {
        const state = await stateOf(tx, groupId, userId);
        // Admins and superadmins at or below the caller's rank move down; members are as low as demotion goes.
        if (state === null || state < callerState || state >= GroupState.Member) continue;
        if (state === GroupState.Superadmin && (await countOthers(tx, groupId, userId, GroupState.Superadmin)) === 0) continue;
        await setState(tx, groupId, userId, state + 1, now);
        moved.push(userId);
      }
      return moved;
    });
  }

  listMembers(groupId: string, limit: number, state: number | undefined, after?: EdgePosition): Promise<GroupEdgeRecord[]> {
    return this.listEdges('group_id', 'user_id', groupId, limit, state, after);
  }

  listUserGroups(userId: string, limit: number, state: number | undefined, after?: EdgePosition): Promise<GroupEdgeRecord[]> {
    return this.listEdges('user_id', 'group_id', userId, limit, state, after);
  }

  async adminIds(groupId: string): Promise<string[]> {
    const rows = await this.db.all<{ user_id: string }>('SELECT user_id FROM group_edge WHERE group_id = ? AND state <= ? ORDER BY user_id', [groupId, GroupState.Admin]);
    return rows.map((row) => row.user_id);
  }

  async list(filter: GroupFilter, limit: number, after?: GroupListPosition): Promise<GroupRecord[]> {
    const where = ['disable_time = 0'];
    const params: SqlValue[] = [];
    let order = 'create_time, id';
    if (filter.name !== undefined) {
      // SQLite's LIKE already ignores ASCII case; PostgreSQL needs ILIKE for Nakama's behaviour.
      where.push(this.db.dialect === 'postgres' ? 'name ILIKE ?' : 'name LIKE ?');
      params.push(filter.name);
      order = 'name';
      if (after !== undefined) {
        where.push('name > ?');
        params.push(after.name);
      }
    } else {
      if (filter.langTag !== undefined) {
        where.push('lang_tag = ?');
        params.push(filter.langTag);
      }
      if (filter.open !== undefined) {
        where.push('state = ?');
        params.push(filter.open ? 0 : 1);
      }
      if (filter.maxMembers !== undefined) {
        where.push('edge_count <= ?');
        params.push(filter.maxMembers);
      }
      if (after !== undefined) {
        where.push('(create_time, id) > (?, ?)');
        params.push(after.createTime, after.id);
      }
    }
    params.push(limit);
    const rows = await this.db.all<GroupRow>(`SELECT ${GROUP_COLUMNS} FROM groups WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ?`, params);
    return rows.map(toGroup);
  }

  private async listEdges(
    ownerColumn: 'group_id' | 'user_id',
    otherColumn: 'group_id' | 'user_id',
    ownerId: string,
    limit: number,
    state: number | undefined,
    after?: EdgePosition,
  ): Promise<GroupEdgeRecord[]> {
    const where = [`${ownerColumn} = ?`];
    const params: SqlValue[] = [ownerId];
    if (state !== undefined) {
      where.push('state = ?');
      params.push(state);
    } else {
      // Bans are listed only when asked for by state, as in Nakama.
      where.push('state <= ?');
      params.push(GroupState.JoinRequest);
    }
    if (after !== undefined) {
      where.push(`(state, position, ${otherColumn}) > (?, ?, ?)`);
      params.push(after.state, after.position, after.id);
    }
    params.push(limit);
    const rows = await this.db.all<EdgeRow>(
      `SELECT group_id, user_id, state, position FROM group_edge WHERE ${where.join(' AND ')} ORDER BY state, position, ${otherColumn} LIMIT ?`,
      params,
    );
    return rows.map((row) => ({ groupId: row.group_id, userId: row.user_id, state: Number(row.state), position: Number(row.position) }));
  }

  /** Kick (position null) or ban: who may go depends on the caller's state; the last superadmin never goes. */
  private remove(groupId: string, callerState: number, userIds: readonly string[], now: number, banPosition: number | null): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      if (!(await lockGroup(tx, groupId))) return [];
      const removed: string[] = [];
      for (const userId of new Set(userIds)) {
        const state = await stateOf(tx, groupId, userId);
        if (state === null) continue;
        if (callerState === GroupState.Superadmin) {
          if (state === GroupState.Superadmin && (await countOthers(tx, groupId, userId, GroupState.Superadmin)) === 0) continue;
        } else if (state <= GroupState.Admin) {
          continue;
        }
        if (banPosition === null) {
          await tx.run('DELETE FROM group_edge WHERE group_id = ? AND user_id = ?', [groupId, userId]);
        } else {
          await tx.run('UPDATE group_edge SET state = ?, position = ?, update_time = ? WHERE group_id = ? AND user_id = ?', [
            GroupState.Banned,
            banPosition,
            now,
            groupId,
            userId,
          ]);
        }
        if (state <= GroupState.Member) {
          await bumpMembers(tx, groupId, -1, now);
          removed.push(userId);
        }
      }
      return removed;
    });
  }
}

/** Takes the group row's write lock for the rest of the transaction; false when the group is gone. */
async function lockGroup(tx: SqlExecutor, groupId: string): Promise<boolean> {
  const result = await tx.run('UPDATE groups SET edge_count = edge_count WHERE id = ? AND disable_time = 0', [groupId]);
  return result.changes > 0;
}

/** One more member, only while there is room: the check and the increment are one statement. */
async function takeSeat(tx: SqlExecutor, groupId: string, now: number): Promise<void> {
  const result = await tx.run('UPDATE groups SET edge_count = edge_count + 1, update_time = ? WHERE id = ? AND edge_count < max_count', [now, groupId]);
  if (result.changes === 0) throw new GroupWriteRefused('full');
}

async function bumpMembers(tx: SqlExecutor, groupId: string, delta: number, now: number): Promise<void> {
  await tx.run('UPDATE groups SET edge_count = edge_count + ?, update_time = ? WHERE id = ?', [delta, now, groupId]);
}

async function stateOf(db: SqlExecutor, groupId: string, userId: string): Promise<number | null> {
  const row = await db.get<{ state: number | string }>('SELECT state FROM group_edge WHERE group_id = ? AND user_id = ?', [groupId, userId]);
  return row === undefined ? null : Number(row.state);
}

/** Other users in the group at `maxState` or better (superadmins only, or all members). */
async function countOthers(tx: SqlExecutor, groupId: string, userId: string, maxState: number): Promise<number> {
  const row = await tx.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM group_edge WHERE group_id = ? AND user_id <> ? AND state <= ?', [groupId, userId, maxState]);
  return Number(row?.n ?? 0);
}

async function insertEdge(tx: SqlExecutor, groupId: string, userId: string, state: number, position: number, now: number): Promise<void> {
  await tx.run('INSERT INTO group_edge (group_id, user_id, state, position, update_time) VALUES (?, ?, ?, ?, ?)', [groupId, userId, state, position, now]);
}

async function setState(tx: SqlExecutor, groupId: string, userId: string, state: number, now: number): Promise<void> {
  await tx.run('UPDATE group_edge SET state = ?, update_time = ? WHERE group_id = ? AND user_id = ?', [state, now, groupId, userId]);
}

function nameConflict(error: unknown): unknown {
  if (error instanceof UniqueViolation && error.target.includes('name')) return new GroupWriteRefused('name_in_use');
  return error;
}

function toGroup(row: GroupRow): GroupRecord {
  return {
    id: row.id,
    creatorId: row.creator_id,
    name: row.name,
    description: row.description,
    avatarUrl: row.avatar_url,
    langTag: row.lang_tag,
    metadata: row.metadata,
    open: Number(row.state) === 0,
    edgeCount: Number(row.edge_count),
    maxCount: Number(row.max_count),
    createTime: Number(row.create_time),
    updateTime: Number(row.update_time),
  };
}
