import { isUuid } from '../../common/ids.js';
import type { Operator } from '../../core/leaderboard/leaderboard-service.js';
import type { Tournament } from '../../protocol/api-leaderboard.js';
import { given, jsBool, jsInt, jsonObject, jsString, optInt, optString, wrapped } from './js-values.js';
import { idArg, idsArg, jsRecord, jsRecordList, metadataArg, OPERATOR_NAMES, operatorArg, ownerIdsArg, recordArgs, sortOrderArg } from './leaderboards.js';
import type { NkArea } from './table.js';

const OPERATOR_BY_ENUM: Record<number, Operator> = { 1: 'best', 2: 'set', 3: 'incr', 4: 'decr' };

/** Nakama's runtime tournament: times in unix seconds, operator by name, resets only when set. */
function jsTournament(t: Tournament): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: t.id,
    title: t.title,
    description: t.description,
    category: t.category,
    sortOrder: t.sortOrder,
    size: t.size,
    maxSize: t.maxSize,
    maxNumScore: t.maxNumScore,
    duration: t.duration,
    startActive: t.startActive,
    endActive: t.endActive,
    canEnter: t.canEnter,
  };
  if (t.prevReset !== 0) out.prevReset = t.prevReset;
  if (t.nextReset !== 0) out.nextReset = t.nextReset;
  out.metadata = jsonObject(t.metadata);
  out.createTime = Math.floor(t.createTime / 1000);
  out.startTime = Math.floor(t.startTime / 1000);
  out.endTime = t.endTime === undefined ? null : Math.floor(t.endTime / 1000);
  out.operator = OPERATOR_NAMES[OPERATOR_BY_ENUM[t.operator] ?? 'best'];
  out.joinRequired = t.joinRequired;
  return out;
}

/** tournamentRecordWrite's override: api.Operator's enum names, any case (Nakama takes no short forms here). */
function overrideArg(v: unknown): number | undefined {
  if (!given(v)) return undefined;
  const names: Record<string, number> = { NO_OVERRIDE: 0, BEST: 1, SET: 2, INCREMENT: 3, DECREMENT: 4 };
  const n = names[jsString(v).toUpperCase()];
  if (n === undefined) throw new TypeError('invalid operator');
  return n;
}

/** A non-negative whole-number argument with Nakama's text. */
function nonNegative(v: unknown, fallback: number, message: string): number {
  const n = optInt(v, fallback);
  if (n < 0) throw new TypeError(message);
  return n;
}

function ownerArg(v: unknown): string {
  const owner = jsString(v);
  if (!isUuid(owner)) throw new TypeError('expects user ID to be a valid identifier');
  return owner.toLowerCase();
}

/** tournamentCreate, tournamentDelete, tournamentJoin, tournamentList, tournamentsGetId, tournamentRecordWrite/sList/sHaystack. */
export const tournamentsArea: NkArea = (table, { tournaments }) => {
  table.register('tournamentCreate', async ([id, authoritative, sortOrder, operator, duration, resetSchedule, metadata, title, description, category, startTime, endTime, maxSize, maxNumScore, joinRequired, enableRanks]) => {
    const tournamentId = idArg(id, 'tournament');
    const auth = given(authoritative) ? jsBool(authoritative) : true;
    const order = sortOrderArg(sortOrder ?? undefined);
    const op = operatorArg(operator ?? undefined);
    const seconds = optInt(duration, 0);
    if (seconds <= 0) throw new TypeError('duration must be > 0');
    const schedule = optString(resetSchedule);
    const meta = metadataArg(metadata, '{}');
    const cat = optInt(category, 0);
    if (cat < 0 || cat >= 128) throw new TypeError('category must be 0-127');
    const start = nonNegative(startTime, 0, 'startTime must be >= 0.');
    const end = optInt(endTime, 0);
    if (end !== 0 && end <= start) throw new TypeError('endTime must be > startTime. Use 0 to indicate a tournament that never ends.');
    const config = {
      id: tournamentId,
      authoritative: auth,
      sortOrder: order,
      operator: op,
      duration: seconds,
      resetSchedule: schedule,
      metadata: meta,
      title: optString(title),
      description: optString(description),
      category: cat,
      startTime: start,
      endTime: end,
      maxSize: nonNegative(maxSize, 0, 'maxSize must be >= 0'),
      maxNumScore: nonNegative(maxNumScore, 0, 'maxNumScore must be >= 0'),
      joinRequired: given(joinRequired) ? jsBool(joinRequired) : false,
      enableRanks: given(enableRanks) ? jsBool(enableRanks) : false,
    };
    await wrapped('error creating tournament', () => tournaments.create(config));
    return null;
  });

  table.register('tournamentDelete', async ([id]) => {
    const tournamentId = idArg(id, 'tournament');
    await wrapped('error deleting tournament', () => tournaments.delete(tournamentId));
    return null;
  });

  table.register('tournamentJoin', async ([id, userId, username]) => {
    const tournamentId = idArg(id, 'tournament');
    const uid = jsString(userId);
    if (uid === '') throw new TypeError('expects a user ID string');
    if (!isUuid(uid)) throw new TypeError('expects user ID to be a valid identifier');
    const name = jsString(username);
    if (name === '') throw new TypeError('expects a username string');
    await wrapped('error joining tournament', () => tournaments.join(uid.toLowerCase(), name, tournamentId));
    return null;
  });

  table.register('tournamentsGetId', async ([ids]) => {
    const list = idsArg(ids, 'tournament');
    if (list.length === 0) return [];
    return (await wrapped('failed to get tournaments', () => tournaments.get(list))).map(jsTournament);
  });

  table.register('tournamentList', async ([categoryStart, categoryEnd, startTime, endTime, limit, cursor]) => {
    const catStart = optInt(categoryStart, 0);
    if (catStart < 0 || catStart >= 128) throw new TypeError('category start must be 0-127');
    const catEnd = optInt(categoryEnd, 0);
    if (catEnd < 0 || catEnd >= 128) throw new TypeError('category end must be 0-127');
    if (catStart > catEnd) throw new TypeError('category end must be >= category start');
    const start = given(startTime) ? jsInt(startTime) : -1;
    if (given(startTime) && start < 0) throw new TypeError('start time must be >= 0');
    const end = given(endTime) ? jsInt(endTime) : -1;
    if (given(endTime) && end < 0) throw new TypeError('end time must be >= 0');
    if (start > end) throw new TypeError('end time must be >= start time');
    const max = optInt(limit, 10);
    if (max < 1 || max > 100) throw new TypeError('limit must be 1-100');
    const after = optString(cursor);
    if (given(cursor) && !/^[A-Za-z0-9_=-]+$/.test(after)) throw new TypeError('expects cursor to be valid when provided');
    const list = await wrapped('error listing tournaments', () =>
      tournaments.list({ categoryStart: catStart, categoryEnd: catEnd, startTime: start, endTime: end, limit: max, cursor: after }),
    );
    return { tournaments: (list.tournaments ?? []).map(jsTournament), cursor: list.cursor || null };
  });

  table.register('tournamentRecordWrite', async ([id, ownerId, username, score, subscore, metadata, overrideOperator]) => {
    const tournamentId = idArg(id, 'tournament');
    const owner = ownerArg(ownerId);
    const input = { ...recordArgs(owner, username, score, subscore, metadata), operator: overrideArg(overrideOperator) };
    return jsRecord(await wrapped('error writing tournament record', () => tournaments.writeRecord(null, tournamentId, input)));
  });

  table.register('tournamentRecordsList', async ([id, ownerIds, limit, cursor, expiry]) => {
    const tournamentId = idArg(id, 'tournament');
    const owners = ownerIdsArg(ownerIds);
    const max = optInt(limit, 0);
    const list = await wrapped('error listing tournament records', () =>
      tournaments.listRecords(tournamentId, max === 0 ? undefined : max, optString(cursor), owners, optInt(expiry, 0)),
    );
    return jsRecordList(list);
  });

  table.register('tournamentRecordsHaystack', async ([id, ownerId, limit, cursor, expiry]) => {
    const tournamentId = idArg(id, 'tournament');
    const owner = ownerArg(ownerId);
    const max = optInt(limit, 10);
    if (max < 1 || max > 100) throw new TypeError('limit must be 1-100');
    const exp = optInt(expiry, 0);
    if (exp < 0) throw new TypeError('expiry should be time since epoch in seconds and has to be a positive integer');
    const list = await wrapped('error listing tournament records haystack', () => tournaments.listRecordsAroundOwner(tournamentId, owner, max, optString(cursor), exp));
    return jsRecordList(list);
  });
};
