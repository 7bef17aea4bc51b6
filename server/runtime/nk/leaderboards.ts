import { isUuid } from '../../common/ids.js';
import type { LeaderboardInfo, Operator, RecordInput, SortOrder } from '../../core/leaderboard/leaderboard-service.js';
import type { LeaderboardRecord, LeaderboardRecordList } from '../../protocol/api-leaderboard.js';
import { given, goJson, isPlainObject, isString, jsArray, jsBool, jsonObject, jsString, optInt, optString, wrapped } from './js-values.js';
import type { NkArea } from './table.js';

/** api.Operator names as Nakama's JS objects show them (lower-cased enum names). */
export const OPERATOR_NAMES: Record<Operator, string> = { best: 'best', set: 'set', incr: 'increment', decr: 'decrement' };

/** The sort order argument of leaderboardCreate/tournamentCreate; undefined is the default, null is not. */
export function sortOrderArg(v: unknown): SortOrder {
  const order = v === undefined ? 'desc' : jsString(v);
  if (order === 'asc' || order === 'ascending') return 'asc';
  if (order === 'desc' || order === 'descending') return 'desc';
  throw new TypeError("expects sort order to be 'asc' or 'desc'");
}

export function operatorArg(v: unknown): Operator {
  const op = v === undefined ? 'best' : jsString(v);
  if (op === 'best' || op === 'set') return op;
  if (op === 'incr' || op === 'increment') return 'incr';
  if (op === 'decr' || op === 'decrement') return 'decr';
  throw new TypeError("expects operator to be 'best', 'set', 'decr' or 'incr'");
}

export function metadataArg(v: unknown, fallback: string): string {
  if (!given(v)) return fallback;
  if (!isPlainObject(v)) throw new TypeError('expects metadata to be an object');
  return goJson(v);
}

export function ownerIdsArg(v: unknown): string[] {
  if (!given(v)) return [];
  const ids = jsArray(v, isString, 'expects an array of user ids');
  for (const id of ids) if (!isUuid(id)) throw new TypeError('expects a valid owner id');
  return ids.map((id) => id.toLowerCase());
}

export function idArg(v: unknown, what: 'leaderboard' | 'tournament'): string {
  const id = jsString(v);
  if (id === '') throw new TypeError(`expects a ${what} ID string`);
  return id;
}

/** Score, subscore, username and metadata of a record write (arguments 2-5), checked as Nakama does. */
export function recordArgs(ownerId: string, username: unknown, score: unknown, subscore: unknown, metadata: unknown): RecordInput {
  return {
    ownerId,
    username: optString(username),
    score: optInt(score, 0),
    subscore: optInt(subscore, 0),
    metadata: metadataArg(metadata, ''),
  };
}

export function jsRecord(r: LeaderboardRecord): Record<string, unknown> {
  return {
    leaderboardId: r.leaderboardId,
    ownerId: r.ownerId,
    username: r.username ?? null,
    score: r.score,
    subscore: r.subscore,
    numScore: r.numScore,
    maxNumScore: r.maxNumScore,
    metadata: jsonObject(r.metadata),
    createTime: Math.floor(r.createTime / 1000),
    updateTime: Math.floor(r.updateTime / 1000),
    expiryTime: r.expiryTime === undefined ? null : Math.floor(r.expiryTime / 1000),
    rank: r.rank,
  };
}

export function jsRecordList(list: LeaderboardRecordList): Record<string, unknown> {
  return {
    records: (list.records ?? []).map(jsRecord),
    ownerRecords: (list.ownerRecords ?? []).map(jsRecord),
    nextCursor: list.nextCursor || null,
    prevCursor: list.prevCursor || null,
    rankCount: list.rankCount ?? 0,
  };
}

function jsLeaderboard(l: LeaderboardInfo): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: l.id,
    operator: OPERATOR_NAMES[l.operator],
    sortOrder: l.sortOrder === 'asc' ? 0 : 1,
    metadata: jsonObject(l.metadata),
    createTime: Math.floor(l.createTime / 1000),
  };
  if (l.prevReset !== 0) out.prevReset = l.prevReset;
  if (l.nextReset !== 0) out.nextReset = l.nextReset;
  out.authoritative = l.authoritative;
  return out;
}

/** The override operator of leaderboardRecordWrite: case-insensitive, the short forms too. */
function overrideArg(v: unknown): number | undefined {
  if (!given(v)) return undefined;
  const names: Record<string, number> = { best: 1, set: 2, incr: 3, increment: 3, decr: 4, decrement: 4 };
  const n = names[jsString(v).toLowerCase()];
  if (n === undefined) throw new TypeError('invalid operator');
  return n;
}

/** leaderboardList's cursor: the last id of the page, base64url (ours; Nakama's is a gob). */
function listCursor(v: unknown): string | undefined {
  if (!given(v)) return undefined;
  const text = jsString(v);
  const id = /^[A-Za-z0-9_=-]+$/.test(text) ? Buffer.from(text, 'base64url').toString('utf8') : '';
  if (id === '') throw new TypeError('expects cursor to be valid when provided');
  return id;
}

/** The ids of leaderboardsGetId / tournamentsGetId. */
export function idsArg(v: unknown, what: string): string[] {
  if (!given(v)) throw new TypeError(`expects an array of ${what} ids`);
  return jsArray(v, isString, 'expects an array of strings');
}

/** leaderboardCreate, leaderboardDelete, leaderboardList, leaderboardsGetId, leaderboardRecordWrite/Delete/sList/sHaystack. */
export const leaderboardsArea: NkArea = (table, { leaderboards }) => {
  table.register('leaderboardCreate', async ([id, authoritative, sortOrder, operator, resetSchedule, metadata, enableRanks]) => {
    const boardId = idArg(id, 'leaderboard');
    const config = {
      id: boardId,
      authoritative: authoritative === undefined || authoritative === null ? false : jsBool(authoritative),
      sortOrder: sortOrderArg(sortOrder ?? undefined),
      operator: operatorArg(operator ?? undefined),
      resetSchedule: optString(resetSchedule),
      metadata: metadataArg(metadata, '{}'),
      enableRanks: given(enableRanks) ? jsBool(enableRanks) : false,
    };
    await wrapped('error creating leaderboard', () => leaderboards.create(config));
    return null;
  });

  table.register('leaderboardDelete', async ([id]) => {
    const boardId = idArg(id, 'leaderboard');
    await wrapped('error deleting leaderboard', () => leaderboards.delete(boardId));
    return null;
  });

  table.register('leaderboardList', ([limit, cursor]) => {
    const max = optInt(limit, 10);
    if (max < 1 || max > 100) throw new TypeError('limit must be 1-100');
    const after = listCursor(cursor);
    const all = leaderboards.list();
    const start = after === undefined ? 0 : all.findIndex((l) => l.id > after);
    const page = start < 0 ? [] : all.slice(start, start + max);
    const more = start >= 0 && start + max < all.length;
    return { leaderboards: page.map(jsLeaderboard), cursor: more ? Buffer.from(page.at(-1)!.id, 'utf8').toString('base64url') : null };
  });

  table.register('leaderboardsGetId', ([ids]) =>
    idsArg(ids, 'leaderboard')
      .map((id) => leaderboards.get(id))
      .filter((l): l is LeaderboardInfo => l !== undefined)
      .map(jsLeaderboard),
  );

  table.register('leaderboardRecordWrite', async ([id, ownerId, username, score, subscore, metadata, overrideOperator]) => {
    const boardId = idArg(id, 'leaderboard');
    const owner = jsString(ownerId);
    if (!isUuid(owner)) throw new TypeError('expects owner ID to be a valid identifier');
    const input = { ...recordArgs(owner.toLowerCase(), username, score, subscore, metadata), operator: overrideArg(overrideOperator) };
    return jsRecord(await wrapped('error writing leaderboard record', () => leaderboards.writeRecord(null, boardId, input)));
  });

  table.register('leaderboardRecordDelete', async ([id, ownerId]) => {
    const boardId = idArg(id, 'leaderboard');
    const owner = jsString(ownerId);
    if (!isUuid(owner)) throw new TypeError('expects owner ID to be a valid identifier');
    await wrapped('error deleting leaderboard record', () => leaderboards.deleteRecord(null, boardId, owner.toLowerCase()));
    return null;
  });

  table.register('leaderboardRecordsList', async ([id, ownerIds, limit, cursor, expiry]) => {
    const boardId = idArg(id, 'leaderboard');
    const owners = ownerIdsArg(ownerIds);
    // 0 or absent: no page, only the owners' records, as in Nakama.
    const max = optInt(limit, 0);
    const list = await wrapped('error listing leaderboard records', () =>
      leaderboards.listRecords(boardId, max === 0 ? undefined : max, optString(cursor), owners, optInt(expiry, 0)),
    );
    return jsRecordList(list);
  });

  table.register('leaderboardRecordsHaystack', async ([id, ownerId, limit, cursor, expiry]) => {
    const boardId = idArg(id, 'leaderboard');
    const owner = jsString(ownerId);
    if (!isUuid(owner)) throw new TypeError('expects user ID to be a valid identifier');
    const max = optInt(limit, 10);
    if (max < 1 || max > 100) throw new TypeError('limit must be 1-100');
    const list = await wrapped('error listing leaderboard records around owner', () =>
      leaderboards.listRecordsAroundOwner(boardId, owner.toLowerCase(), max, optString(cursor), optInt(expiry, 0)),
    );
    return jsRecordList(list);
  });
};

