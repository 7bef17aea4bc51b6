/**
 * FriendRepository over SqlExecutor: each friendship is two rows of user_edge (one per direction), and every
 * change keeps both users' edge_count equal to the number of edges they own, in the same transaction.
 */
import { FriendState, type EdgePosition, type FriendAddOutcome, type FriendEdgeRecord, type FriendRepository } from './repositories.js';
import type { SqlDatabase, SqlExecutor } from './sql.js';

interface EdgeRow {
  destination_id: string;
  state: number | string;
  position: number | string;
  update_time: number | string;
  metadata: string;
}

const EDGE_COLUMNS = 'destination_id, state, position, update_time, metadata';

export class SqlFriendRepository implements FriendRepository {
  constructor(private readonly db: SqlDatabase) {}

  add(userId: string, friendIds: readonly string[], metadata: string, now: number, position: number): Promise<Map<string, FriendAddOutcome>> {
    return this.db.transaction(async (tx) => {
      const counts = new EdgeCounts();
      const outcomes = new Map<string, FriendAddOutcome>();
      for (const friendId of sortedUnique(friendIds)) outcomes.set(friendId, await addOne(tx, counts, userId, friendId, metadata, now, position));
      await counts.apply(tx, now);
      return outcomes;
    });
  }

  delete(userId: string, friendIds: readonly string[], now: number): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      const counts = new EdgeCounts();
      const notify: string[] = [];
      for (const friendId of sortedUnique(friendIds)) {
        // Own edge in any state, and theirs unless it is their block of us (that one stays theirs).
        const [mine, theirs] = await inPairOrder(userId, friendId, [
          () => tx.run('DELETE FROM user_edge WHERE source_id = ? AND destination_id = ?', [userId, friendId]),
          () => tx.run('DELETE FROM user_edge WHERE source_id = ? AND destination_id = ? AND state <> ?', [friendId, userId, FriendState.Blocked]),
        ]);
        if (mine.changes > 0) counts.add(userId, -1);
        if (theirs.changes > 0) counts.add(friendId, -1);
        if (mine.changes > 0 && theirs.changes > 0) notify.push(friendId);
      }
      await counts.apply(tx, now);
      return notify;
    });
  }

  block(userId: string, friendIds: readonly string[], now: number, position: number): Promise<void> {
    return this.db.transaction(async (tx) => {
      const counts = new EdgeCounts();
      for (const friendId of sortedUnique(friendIds)) {
        // Nakama ignores ids of users that do not exist.
        if (!(await userExists(tx, friendId))) continue;
        await lockPair(tx, userId, friendId);
        const blocked = () =>
          tx.run('UPDATE user_edge SET state = ?, update_time = ? WHERE source_id = ? AND destination_id = ?', [FriendState.Blocked, now, userId, friendId]);
        if ((await blocked()).changes === 0) {
          const inserted = await tx.run(
            'INSERT INTO user_edge (source_id, destination_id, state, position, update_time) VALUES (?, ?, ?, ?, ?) ON CONFLICT (source_id, destination_id) DO NOTHING',
            [userId, friendId, FriendState.Blocked, position, now],
          );
          if (inserted.changes > 0) counts.add(userId, 1);
          else await blocked();
        }
        const theirs = await tx.run('DELETE FROM user_edge WHERE source_id = ? AND destination_id = ? AND state <> ?', [friendId, userId, FriendState.Blocked]);
        if (theirs.changes > 0) counts.add(friendId, -1);
      }
      await counts.apply(tx, now);
    });
  }

  async list(userId: string, limit: number, state: number | undefined, after?: EdgePosition): Promise<FriendEdgeRecord[]> {
    const where = ['source_id = ?'];
    const params: (string | number)[] = [userId];
    if (state !== undefined) {
      where.push('state = ?');
      params.push(state);
    }
    if (after !== undefined) {
      where.push('(state, position, destination_id) > (?, ?, ?)');
      params.push(after.state, after.position, after.id);
    }
    params.push(limit);
    const rows = await this.db.all<EdgeRow>(
      `SELECT ${EDGE_COLUMNS} FROM user_edge WHERE ${where.join(' AND ')} ORDER BY state, position, destination_id LIMIT ?`,
      params,
    );
    return rows.map((row) => ({
      otherId: row.destination_id,
      state: Number(row.state),
      position: Number(row.position),
      updateTime: Number(row.update_time),
      metadata: row.metadata,
    }));
  }

  async listFriendsOfFriends(userId: string, limit: number, after?: { referrer: string; id: string }): Promise<{ referrer: string; userId: string }[]> {
    const params: (string | number)[] = [userId, FriendState.Friend, FriendState.Friend, userId, userId, FriendState.Friend];
    let resume = '';
    if (after !== undefined) {
      resume = ' AND (f.source_id, f.destination_id) > (?, ?)';
      params.push(after.referrer, after.id);
    }
    params.push(limit);
    const rows = await this.db.all<{ referrer: string; user_id: string }>(
      'SELECT f.source_id AS referrer, f.destination_id AS user_id FROM user_edge mine ' +
        'JOIN user_edge f ON f.source_id = mine.destination_id ' +
        'WHERE mine.source_id = ? AND mine.state = ? AND f.state = ? AND f.destination_id <> ? ' +
        'AND NOT EXISTS (SELECT 1 FROM user_edge own WHERE own.source_id = ? AND own.destination_id = f.destination_id AND own.state = ?)' +
        resume +
        ' ORDER BY f.source_id, f.destination_id LIMIT ?',
      params,
    );
    return rows.map((row) => ({ referrer: row.referrer, userId: row.user_id }));
  }
}

/** Accepts their invite, or sends ours when they exist and have not blocked us. */
async function addOne(tx: SqlExecutor, counts: EdgeCounts, userId: string, friendId: string, metadata: string, now: number, position: number): Promise<FriendAddOutcome> {
  if (!(await userExists(tx, friendId))) return 'none';
  await lockPair(tx, userId, friendId);
  const mine = await tx.get<{ state: number | string; metadata: string }>('SELECT state, metadata FROM user_edge WHERE source_id = ? AND destination_id = ?', [
    userId,
    friendId,
  ]);
  // A user we blocked stays blocked until deleted first, as in Nakama.
  if (mine !== undefined && Number(mine.state) === FriendState.InviteReceived) {
    return (await accept(tx, userId, friendId, mergeMetadata(mine.metadata, metadata), now)) ? 'accepted' : 'none';
  }
  if (mine !== undefined) return 'none';
  const blockedUs = await tx.get('SELECT 1 AS x FROM user_edge WHERE source_id = ? AND destination_id = ? AND state = ?', [friendId, userId, FriendState.Blocked]);
  if (blockedUs !== undefined) return 'none';

  const insert = 'INSERT INTO user_edge (source_id, destination_id, state, position, update_time, metadata) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source_id, destination_id) DO NOTHING';
  const [sent, received] = await inPairOrder(userId, friendId, [
    () => tx.run(insert, [userId, friendId, FriendState.InviteSent, position, now, metadata === '' ? '{}' : metadata]),
    () => tx.run(insert, [friendId, userId, FriendState.InviteReceived, position, now, '{}']),
  ]);
  if (sent.changes > 0) counts.add(userId, 1);
  if (received.changes > 0) counts.add(friendId, 1);
  if (sent.changes > 0 && received.changes > 0) return 'invited';
  if (sent.changes === 0 && received.changes === 0) {
    // Their own invite to us committed while we waited on its rows (PostgreSQL, concurrent adds): accept it.
    const raced = await tx.get<{ metadata: string }>('SELECT metadata FROM user_edge WHERE source_id = ? AND destination_id = ? AND state = ?', [
      userId,
      friendId,
      FriendState.InviteReceived,
    ]);
    if (raced !== undefined && (await accept(tx, userId, friendId, mergeMetadata(raced.metadata, metadata), now))) return 'accepted';
  }
  return 'none';
}

/**
 * Transactions touch the two rows of a pair in one global order (the smaller source id first), so two users
 * acting on each other at once wait for each other instead of deadlocking on PostgreSQL.
 */
async function inPairOrder<T>(userId: string, friendId: string, [mine, theirs]: [() => Promise<T>, () => Promise<T>]): Promise<[T, T]> {
  if (userId < friendId) {
    const first = await mine();
    return [first, await theirs()];
  }
  const second = await theirs();
  return [await mine(), second];
}

/** Takes the row locks of a pair's existing edges, in pair order, before deciding anything from them. */
async function lockPair(tx: SqlExecutor, userId: string, friendId: string): Promise<void> {
  const lock = (source: string, destination: string) => () =>
    tx.run('UPDATE user_edge SET state = state WHERE source_id = ? AND destination_id = ?', [source, destination]);
  await inPairOrder(userId, friendId, [lock(userId, friendId), lock(friendId, userId)]);
}

/**
 * Edge count changes of one transaction, written at its end in user id order: every transaction locks
 * users rows in the same order and only after its edge rows, which keeps PostgreSQL free of deadlocks.
 */
class EdgeCounts {
  private readonly deltas = new Map<string, number>();

  add(userId: string, delta: number): void {
    this.deltas.set(userId, (this.deltas.get(userId) ?? 0) + delta);
  }

  async apply(tx: SqlExecutor, now: number): Promise<void> {
    for (const userId of [...this.deltas.keys()].sort()) {
      const delta = this.deltas.get(userId)!;
      if (delta !== 0) await tx.run('UPDATE users SET edge_count = edge_count + ?, update_time = ? WHERE id = ?', [delta, now, userId]);
    }
  }
}

function sortedUnique(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort();
}

/** Both edges become friends only if both are still the invite pair. */
async function accept(tx: SqlExecutor, userId: string, friendId: string, metadata: string, now: number): Promise<boolean> {
  const result = await tx.run(
    'UPDATE user_edge SET state = ?, update_time = ?, metadata = CASE WHEN source_id = ? THEN ? ELSE metadata END ' +
      'WHERE (source_id = ? AND destination_id = ? AND state = ?) OR (source_id = ? AND destination_id = ? AND state = ?)',
    [FriendState.Friend, now, userId, metadata, friendId, userId, FriendState.InviteSent, userId, friendId, FriendState.InviteReceived],
  );
  if (result.changes === 2) return true;
  if (result.changes === 1) throw new Error(`friend edges of ${userId} and ${friendId} were out of step`);
  return false;
}

async function userExists(tx: SqlExecutor, userId: string): Promise<boolean> {
  return (await tx.get('SELECT 1 AS x FROM users WHERE id = ?', [userId])) !== undefined;
}


/** Nakama merges the accepting user's metadata into their edge (JSONB `||`: top-level keys, new wins). */
function mergeMetadata(existing: string, added: string): string {
  if (added === '') return existing;
  try {
    const base = JSON.parse(existing) as unknown;
    const extra = JSON.parse(added) as unknown;
    if (isObject(base) && isObject(extra)) return JSON.stringify({ ...base, ...extra });
    return added;
  } catch {
    return added;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
