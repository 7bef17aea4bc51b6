import { Errors, ErrorsWith } from '../../common/errors.js';
import { isUuid } from '../../common/ids.js';
import { isJsonObject } from '../../core/leaderboard/leaderboard-service.js';
import { EmptyMsg } from '../../protocol/api-messages.js';
import {
  DeleteLeaderboardRecordRequestMsg,
  LeaderboardRecordListMsg,
  LeaderboardRecordMsg,
  ListLeaderboardRecordsAroundOwnerRequestMsg,
  ListLeaderboardRecordsRequestMsg,
  WriteLeaderboardRecordRequestMsg,
  type RecordWrite,
} from '../../protocol/api-leaderboard.js';
import { caller, defineOperation, type Operation } from '../operation.js';
import type { ApiServices } from './services.js';

/** ListLeaderboardRecords allows 1-1000 and lists one record when no limit (and no owner ids) is given. */
const LIST_MAX = 1000;
/** Haystacks allow 1-100 and default to one record. */
const AROUND_MAX = 100;

export function leaderboardOperations({ leaderboards }: ApiServices): Operation[] {
  return [
    defineOperation({
      name: 'DeleteLeaderboardRecord',
      routes: [{ method: 'DELETE', path: '/v2/leaderboard/{leaderboard_id}' }],
      auth: 'bearer',
      request: DeleteLeaderboardRecordRequestMsg,
      response: EmptyMsg,
      body: 'none',
      async handle(req, ctx) {
        if (!req.leaderboardId) throw Errors.leaderboardIdInvalid();
        const { userId } = caller(ctx);
        await leaderboards.deleteRecord(userId, req.leaderboardId, userId);
        return {};
      },
    }),
    defineOperation({
      name: 'ListLeaderboardRecords',
      routes: [{ method: 'GET', path: '/v2/leaderboard/{leaderboard_id}' }],
      auth: 'bearer',
      request: ListLeaderboardRecordsRequestMsg,
      response: LeaderboardRecordListMsg,
      body: 'none',
      handle(req) {
        if (!req.leaderboardId) throw Errors.leaderboardIdInvalid();
        const ownerIds = req.ownerIds ?? [];
        let limit: number | undefined;
        if (req.limit !== undefined) {
          if (req.limit < 1 || req.limit > LIST_MAX) throw ErrorsWith.invalidLimit(LIST_MAX);
          limit = req.limit;
        } else if (ownerIds.length === 0 || (req.cursor ?? '') !== '') {
          limit = 1;
        }
        if (!ownerIds.every(isUuid)) throw Errors.leaderboardOwnerIdsInvalid();
        return leaderboards.listRecords(req.leaderboardId, limit, req.cursor ?? '', ownerIds, req.expiry ?? 0);
      },
    }),
    defineOperation({
      name: 'WriteLeaderboardRecord',
      routes: [{ method: 'POST', path: '/v2/leaderboard/{leaderboard_id}' }],
      auth: 'bearer',
      request: WriteLeaderboardRecordRequestMsg,
      response: LeaderboardRecordMsg,
      body: { field: 'record' },
      handle(req, ctx) {
        if (!req.leaderboardId) throw Errors.leaderboardIdInvalid();
        const record = checkRecordWrite(req.record);
        const session = caller(ctx);
        return leaderboards.writeRecord(session.userId, req.leaderboardId, {
          ownerId: session.userId,
          username: session.username,
          score: record.score ?? 0,
          subscore: record.subscore ?? 0,
          metadata: record.metadata,
          operator: record.operator,
        });
      },
    }),
    defineOperation({
      name: 'ListLeaderboardRecordsAroundOwner',
      routes: [{ method: 'GET', path: '/v2/leaderboard/{leaderboard_id}/owner/{owner_id}' }],
      auth: 'bearer',
      request: ListLeaderboardRecordsAroundOwnerRequestMsg,
      response: LeaderboardRecordListMsg,
      body: 'none',
      handle(req) {
        if (!req.leaderboardId) throw Errors.leaderboardIdInvalid();
        const limit = checkAroundLimit(req.limit, 1);
        const ownerId = checkHaystackOwner(req.ownerId);
        return leaderboards.listRecordsAroundOwner(req.leaderboardId, ownerId, limit, req.cursor ?? '', req.expiry ?? 0);
      },
    }),
  ];
}

/** The `record` body both write operations take: required, with JSON-object metadata when given. */
export function checkRecordWrite(record: RecordWrite | undefined): RecordWrite {
  if (!record) throw Errors.leaderboardScoreRequired();
  if (record.metadata && !isJsonObject(record.metadata)) throw Errors.leaderboardMetadataInvalid();
  return record;
}

export function checkAroundLimit(limit: number | undefined, fallback: number): number {
  if (limit === undefined) return fallback;
  if (limit < 1 || limit > AROUND_MAX) throw ErrorsWith.invalidLimit(AROUND_MAX);
  return limit;
}

export function checkHaystackOwner(ownerId: string | undefined): string {
  if (!ownerId) throw Errors.leaderboardHaystackOwnerRequired();
  if (!isUuid(ownerId)) throw Errors.leaderboardHaystackOwnerInvalid();
  return ownerId;
}
