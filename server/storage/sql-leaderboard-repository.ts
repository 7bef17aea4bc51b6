/**
 * LeaderboardRepository over SqlExecutor. Every score write is one upsert whose SET and WHERE clauses carry
 * the operator, as in Nakama, so concurrent writes for one owner never lose an update. The only dialect
 * difference is the name of the two-argument max/min function.
 */
import type {
  LeaderboardDefinition,
  LeaderboardRecordKey,
  LeaderboardRecordRow,
  LeaderboardRecordWrite,
  LeaderboardRepository,
  TournamentRecordWrite,
  TournamentWriteOutcome,
} from './repositories.js';
import type { SqlDatabase, SqlExecutor, SqlValue } from './sql.js';
import { UniqueViolation } from './sql.js';
import { padToPowerOfTwo, placeholders } from './sql-in-list.js';

const RECORD_COLUMNS = 'leaderboard_id, owner_id, username, score, subscore, num_score, max_num_score, metadata, create_time, update_time, expiry_time';
const BOARD_COLUMNS =
  'id, authoritative, sort_order, operator, reset_schedule, metadata, create_time, enable_ranks, category, title, description, ' +
  'duration, start_time, end_time, max_size, max_num_score, join_required, size';
const OPERATORS = ['best', 'set', 'incr', 'decr'] as const;
const IN_CHUNK = 256;

type Row = Record<string, unknown>;

/** Thrown inside a tournament transaction to roll it back with a reason. */
class Refused extends Error {
  constructor(readonly outcome: Exclude<TournamentWriteOutcome['kind'], 'written'>) {
    super(outcome);
  }
}

export class SqlLeaderboardRepository implements LeaderboardRepository {
  private readonly greatest: string;
  private readonly least: string;

  constructor(private readonly db: SqlDatabase) {
    this.greatest = db.dialect === 'postgres' ? 'GREATEST' : 'MAX';
    this.least = db.dialect === 'postgres' ? 'LEAST' : 'MIN';
  }

  async insertLeaderboard(d: LeaderboardDefinition): Promise<boolean> {
    try {
      await this.db.run(
        `INSERT INTO leaderboard (${BOARD_COLUMNS}) VALUES (${placeholders(18)})`,
        [
          d.id, d.authoritative ? 1 : 0, d.sortOrder === 'asc' ? 0 : 1, OPERATORS.indexOf(d.operator), d.resetSchedule, d.metadata,
          d.createTime, d.enableRanks ? 1 : 0, d.category, d.title, d.description, d.durationSec, d.startTime, d.endTime, d.maxSize,
          d.maxNumScore, d.joinRequired ? 1 : 0, 0,
        ],
      );
      return true;
    } catch (err) {
      if (err instanceof UniqueViolation) return false;
      throw err;
    }
  }

  async listLeaderboards(): Promise<LeaderboardDefinition[]> {
    const rows = await this.db.all<Row>(`SELECT ${BOARD_COLUMNS} FROM leaderboard ORDER BY id`);
    return rows.map(toDefinition);
  }

  async deleteLeaderboard(id: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM leaderboard_record WHERE leaderboard_id = ?', [id]);
      return (await tx.run('DELETE FROM leaderboard WHERE id = ?', [id])).changes > 0;
    });
  }

  async writeRecord(w: LeaderboardRecordWrite): Promise<{ record: LeaderboardRecordRow; changed: boolean }> {
    const { set, setParams, filter, filterParams, insertScore, insertSubscore } = this.operatorSql(w, true);
    const write = async (ex: SqlExecutor) => {
      const row = await ex.get<Row>(
        `INSERT INTO leaderboard_record (leaderboard_id, owner_id, username, score, subscore, metadata, expiry_time, create_time, update_time, num_score, max_num_score) ` +
          `VALUES (?, ?, ?, ?, ?, COALESCE(?, '{}'), ?, ?, ?, 1, 0) ` +
          `ON CONFLICT (leaderboard_id, expiry_time, owner_id) DO UPDATE SET ${set}, num_score = leaderboard_record.num_score + 1, ` +
          `metadata = COALESCE(?, leaderboard_record.metadata), username = COALESCE(?, leaderboard_record.username), update_time = ? ` +
          `WHERE ${filter} RETURNING ${RECORD_COLUMNS}`,
        [
          w.leaderboardId, w.ownerId, w.username, insertScore, insertSubscore, w.metadata, w.expiryTime, w.now, w.now,
          ...setParams, w.metadata, w.username, w.now, ...filterParams,
        ],
      );
      if (row) return { record: toRecord(row), changed: true };
      // The write changed nothing (say, a worse score on a "best" board): the record is returned as it is.
      const existing = await ex.get<Row>(`SELECT ${RECORD_COLUMNS} FROM leaderboard_record WHERE leaderboard_id = ? AND expiry_time = ? AND owner_id = ?`, [
        w.leaderboardId, w.expiryTime, w.ownerId,
      ]);
      if (!existing) throw new Error('leaderboard record vanished during an unchanged write');
      return { record: toRecord(existing), changed: false };
    };
    // On SQLite concurrent writes then share one commit (group commit); on PostgreSQL the upsert alone is atomic
    // and a transaction would only add round trips.
    return this.db.dialect === 'sqlite' ? this.db.transaction(write) : write(this.db);
  }

  async writeTournamentRecord(w: TournamentRecordWrite): Promise<TournamentWriteOutcome> {
    const { set, setParams, insertScore, insertSubscore } = this.operatorSql(w, false);
    try {
      const record = await this.db.transaction(async (tx) => {
        if (w.joinRequired) {
          const joined = await tx.get('SELECT 1 AS one FROM leaderboard_record WHERE leaderboard_id = ? AND expiry_time = ? AND owner_id = ?', [
            w.leaderboardId, w.expiryTime, w.ownerId,
          ]);
          if (!joined) throw new Refused('notJoined');
          const row = await tx.get<Row>(
            `UPDATE leaderboard_record SET ${set}, num_score = leaderboard_record.num_score + 1, metadata = COALESCE(?, leaderboard_record.metadata), ` +
              'username = COALESCE(?, leaderboard_record.username), update_time = ? ' +
              'WHERE leaderboard_id = ? AND expiry_time = ? AND owner_id = ? AND (max_num_score = 0 OR num_score < max_num_score) ' +
              `RETURNING ${RECORD_COLUMNS}`,
            [...setParams, w.metadata, w.username, w.now, w.leaderboardId, w.expiryTime, w.ownerId],
          );
          if (!row) throw new Refused('maxNumScore');
          return toRecord(row);
        }
        const row = await tx.get<Row>(
          `INSERT INTO leaderboard_record (leaderboard_id, owner_id, username, score, subscore, metadata, expiry_time, create_time, update_time, num_score, max_num_score) ` +
            `VALUES (?, ?, ?, ?, ?, COALESCE(?, '{}'), ?, ?, ?, 1, ?) ` +
            `ON CONFLICT (leaderboard_id, expiry_time, owner_id) DO UPDATE SET ${set}, num_score = leaderboard_record.num_score + 1, ` +
            `metadata = COALESCE(?, leaderboard_record.metadata), username = COALESCE(?, leaderboard_record.username), update_time = ? ` +
            `RETURNING ${RECORD_COLUMNS}`,
          [
            w.leaderboardId, w.ownerId, w.username, insertScore, insertSubscore, w.metadata, w.expiryTime, w.now, w.now, w.maxNumScore,
            ...setParams, w.metadata, w.username, w.now,
          ],
        );
        const record = toRecord(row!);
        if (record.maxNumScore > 0 && record.numScore > record.maxNumScore) throw new Refused('maxNumScore');
        if (w.limitedSize && record.numScore <= 1) {
          const taken = await tx.run('UPDATE leaderboard SET size = size + 1 WHERE id = ? AND size < max_size', [w.leaderboardId]);
          if (taken.changes === 0) throw new Refused('full');
        }
        return record;
      });
      return { kind: 'written', record };
    } catch (err) {
      if (err instanceof Refused) return { kind: err.outcome };
      throw err;
    }
  }

  async joinTournament(j: { leaderboardId: string; ownerId: string; username: string; expiryTime: number; maxNumScore: number; limitedSize: boolean; now: number }): Promise<'joined' | 'already' | 'full'> {
    try {
      return await this.db.transaction(async (tx) => {
        const inserted = await tx.run(
          'INSERT INTO leaderboard_record (leaderboard_id, owner_id, username, score, subscore, metadata, expiry_time, create_time, update_time, num_score, max_num_score) ' +
            "VALUES (?, ?, ?, 0, 0, '{}', ?, ?, ?, 0, ?) ON CONFLICT (leaderboard_id, expiry_time, owner_id) DO NOTHING",
          [j.leaderboardId, j.ownerId, j.username, j.expiryTime, j.now, j.now, j.maxNumScore],
        );
        if (inserted.changes === 0) return 'already' as const;
        if (j.limitedSize) {
          const taken = await tx.run('UPDATE leaderboard SET size = size + 1 WHERE id = ? AND size < max_size', [j.leaderboardId]);
          if (taken.changes === 0) throw new Refused('full');
        }
        return 'joined' as const;
      });
    } catch (err) {
      if (err instanceof Refused) return 'full';
      throw err;
    }
  }

  async deleteRecord(leaderboardId: string, ownerId: string, expiryTime: number, limitedSize: boolean): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const deleted = await tx.run('DELETE FROM leaderboard_record WHERE leaderboard_id = ? AND expiry_time = ? AND owner_id = ?', [
        leaderboardId, expiryTime, ownerId,
      ]);
      if (deleted.changes > 0 && limitedSize) await tx.run('UPDATE leaderboard SET size = size - 1 WHERE id = ? AND size > 0', [leaderboardId]);
      return deleted.changes > 0;
    });
  }

  async getRecords(leaderboardId: string, expiryTime: number, ownerIds: readonly string[]): Promise<LeaderboardRecordRow[]> {
    const unique = [...new Set(ownerIds)];
    const out: LeaderboardRecordRow[] = [];
    for (let start = 0; start < unique.length; start += IN_CHUNK) {
      const chunk = padToPowerOfTwo(unique.slice(start, start + IN_CHUNK));
      const rows = await this.db.all<Row>(
        `SELECT ${RECORD_COLUMNS} FROM leaderboard_record WHERE leaderboard_id = ? AND expiry_time = ? AND owner_id IN (${placeholders(chunk.length)})`,
        [leaderboardId, expiryTime, ...chunk],
      );
      out.push(...rows.map(toRecord));
    }
    return out;
  }

  async listRecords(leaderboardId: string, expiryTime: number, direction: 'asc' | 'desc', limit: number, after?: LeaderboardRecordKey): Promise<LeaderboardRecordRow[]> {
    const rows = await this.db.all<Row>(...this.orderedQuery(RECORD_COLUMNS, leaderboardId, expiryTime, direction, limit, after));
    return rows.map(toRecord);
  }

  async scanRanks(leaderboardId: string, expiryTime: number, direction: 'asc' | 'desc', limit: number, after?: LeaderboardRecordKey): Promise<(LeaderboardRecordKey & { numScore: number })[]> {
    const rows = await this.db.all<Row>(...this.orderedQuery('owner_id, score, subscore, num_score', leaderboardId, expiryTime, direction, limit, after));
    return rows.map((r) => ({ ownerId: String(r.owner_id), score: Number(r.score), subscore: Number(r.subscore), numScore: Number(r.num_score) }));
  }

  async tournamentSizes(ids: readonly string[]): Promise<Map<string, number>> {
    const sizes = new Map<string, number>();
    const unique = [...new Set(ids)];
    for (let start = 0; start < unique.length; start += IN_CHUNK) {
      const chunk = padToPowerOfTwo(unique.slice(start, start + IN_CHUNK));
      const rows = await this.db.all<Row>(`SELECT id, size FROM leaderboard WHERE id IN (${placeholders(chunk.length)})`, chunk);
      for (const r of rows) sizes.set(String(r.id), Number(r.size));
    }
    return sizes;
  }

  async resetTournamentSize(id: string): Promise<void> {
    await this.db.run('UPDATE leaderboard SET size = 0 WHERE id = ?', [id]);
  }

  async deleteOwnerRecords(ownerId: string): Promise<{ leaderboardId: string; expiryTime: number }[]> {
    const rows = await this.db.all<Row>('DELETE FROM leaderboard_record WHERE owner_id = ? RETURNING leaderboard_id, expiry_time', [ownerId]);
    return rows.map((r) => ({ leaderboardId: String(r.leaderboard_id), expiryTime: Number(r.expiry_time) }));
  }

  private orderedQuery(columns: string, leaderboardId: string, expiryTime: number, direction: 'asc' | 'desc', limit: number, after?: LeaderboardRecordKey): [string, SqlValue[]] {
    const dir = direction === 'asc' ? 'ASC' : 'DESC';
    const params: SqlValue[] = [leaderboardId, expiryTime];
    let sql = `SELECT ${columns} FROM leaderboard_record WHERE leaderboard_id = ? AND expiry_time = ?`;
    if (after) {
      sql += ` AND (score, subscore, owner_id) ${direction === 'asc' ? '>' : '<'} (?, ?, ?)`;
      params.push(after.score, after.subscore, after.ownerId);
    }
    sql += ` ORDER BY score ${dir}, subscore ${dir}, owner_id ${dir} LIMIT ?`;
    params.push(limit);
    return [sql, params];
  }

  /**
   * The SET clause of an operator, the WHERE that skips writes changing nothing (Nakama's filters, used
   * on leaderboards only), and the values a new record starts with.
   */
  private operatorSql(w: LeaderboardRecordWrite, filtered: boolean) {
    const r = 'leaderboard_record';
    const s = w.score;
    const ss = w.subscore;
    switch (w.operator) {
      case 'incr':
        return {
          set: `score = ${r}.score + ?, subscore = ${r}.subscore + ?`, setParams: [s, ss],
          filter: s !== 0 || ss !== 0 || !filtered ? '1 = 1' : '1 = 0', filterParams: [],
          insertScore: s, insertSubscore: ss,
        };
      case 'decr':
        return {
          set: `score = ${this.greatest}(${r}.score - ?, 0), subscore = ${this.greatest}(${r}.subscore - ?, 0)`, setParams: [s, ss],
          filter: s !== 0 || ss !== 0 || !filtered ? '1 = 1' : '1 = 0', filterParams: [],
          insertScore: 0, insertSubscore: 0,
        };
      case 'set':
        return {
          set: 'score = ?, subscore = ?', setParams: [s, ss],
          filter: filtered ? `${r}.score <> ? OR ${r}.subscore <> ?` : '1 = 1', filterParams: filtered ? [s, ss] : [],
          insertScore: s, insertSubscore: ss,
        };
      default: {
        const pick = w.sortOrder === 'asc' ? this.least : this.greatest;
        const worse = w.sortOrder === 'asc' ? '>' : '<';
        return {
          set: `score = ${pick}(${r}.score, ?), subscore = ${pick}(${r}.subscore, ?)`, setParams: [s, ss],
          filter: filtered ? `${r}.score ${worse} ? OR ${r}.subscore ${worse} ?` : '1 = 1', filterParams: filtered ? [s, ss] : [],
          insertScore: s, insertSubscore: ss,
        };
      }
    }
  }
}

function toDefinition(r: Row): LeaderboardDefinition {
  return {
    id: String(r.id),
    authoritative: Number(r.authoritative) === 1,
    sortOrder: Number(r.sort_order) === 0 ? 'asc' : 'desc',
    operator: OPERATORS[Number(r.operator)] ?? 'best',
    resetSchedule: String(r.reset_schedule),
    metadata: String(r.metadata),
    createTime: Number(r.create_time),
    enableRanks: Number(r.enable_ranks) === 1,
    category: Number(r.category),
    title: String(r.title),
    description: String(r.description),
    durationSec: Number(r.duration),
    startTime: Number(r.start_time),
    endTime: Number(r.end_time),
    maxSize: Number(r.max_size),
    maxNumScore: Number(r.max_num_score),
    joinRequired: Number(r.join_required) === 1,
  };
}

function toRecord(r: Row): LeaderboardRecordRow {
  return {
    leaderboardId: String(r.leaderboard_id),
    ownerId: String(r.owner_id),
    username: r.username === null || r.username === undefined ? null : String(r.username),
    score: Number(r.score),
    subscore: Number(r.subscore),
    numScore: Number(r.num_score),
    maxNumScore: Number(r.max_num_score),
    metadata: String(r.metadata),
    createTime: Number(r.create_time),
    updateTime: Number(r.update_time),
    expiryTime: Number(r.expiry_time),
  };
}
