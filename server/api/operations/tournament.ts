import { Errors, ErrorsWith } from '../../common/errors.js';
import { isUuid } from '../../common/ids.js';
import { EmptyMsg } from '../../protocol/api-messages.js';
import {
  DeleteTournamentRecordRequestMsg,
  JoinTournamentRequestMsg,
  LeaderboardRecordMsg,
  ListTournamentRecordsAroundOwnerRequestMsg,
  ListTournamentRecordsRequestMsg,
  ListTournamentsRequestMsg,
  TournamentListMsg,
  TournamentRecordListMsg,
  WriteTournamentRecordRequestMsg,
} from '../../protocol/api-leaderboard.js';
import { caller, defineOperation, type Operation } from '../operation.js';
import { checkAroundLimit, checkHaystackOwner, checkRecordWrite } from './leaderboard.js';
import type { ApiServices } from './services.js';

/** ListTournamentRecords allows 1-100 and defaults to 10; ListTournaments allows 1-100 and defaults to 100. */
const RECORDS_MAX = 100;
const RECORDS_DEFAULT = 10;
const TOURNAMENTS_DEFAULT = 100;

export function tournamentOperations({ tournaments }: ApiServices): Operation[] {
  return [
    defineOperation({
      name: 'DeleteTournamentRecord',
      routes: [{ method: 'DELETE', path: '/v2/tournament/{tournament_id}' }],
      auth: 'bearer',
      request: DeleteTournamentRecordRequestMsg,
      response: EmptyMsg,
      body: 'none',
      async handle(req, ctx) {
        if (!req.tournamentId) throw Errors.tournamentIdInvalid();
        const { userId } = caller(ctx);
        await tournaments.deleteRecord(userId, req.tournamentId, userId);
        return {};
      },
    }),
    defineOperation({
      name: 'JoinTournament',
      routes: [{ method: 'POST', path: '/v2/tournament/{tournament_id}/join' }],
      auth: 'bearer',
      request: JoinTournamentRequestMsg,
      response: EmptyMsg,
      body: '*',
      async handle(req, ctx) {
        if (!req.tournamentId) throw Errors.tournamentIdInvalid();
        const session = caller(ctx);
        await tournaments.join(session.userId, session.username, req.tournamentId);
        return {};
      },
    }),
    defineOperation({
      name: 'ListTournaments',
      routes: [{ method: 'GET', path: '/v2/tournament' }],
      auth: 'bearer',
      request: ListTournamentsRequestMsg,
      response: TournamentListMsg,
      body: 'none',
      handle(req) {
        const categoryStart = req.categoryStart ?? 0;
        let categoryEnd = 127;
        if (req.categoryEnd !== undefined) {
          categoryEnd = req.categoryEnd;
          if (categoryEnd >= 128) throw Errors.tournamentCategoryEndRange();
          if (categoryEnd < categoryStart) throw Errors.tournamentCategoryOrder();
        }
        const startTime = req.startTime ?? -1;
        let endTime = -1;
        if (req.endTime !== undefined) {
          endTime = req.endTime;
          if (endTime !== 0 && endTime < startTime) throw Errors.tournamentTimeOrder();
        }
        const limit = req.limit ?? TOURNAMENTS_DEFAULT;
        if (limit < 1 || limit > 100) throw Errors.tournamentListLimit();
        return tournaments.list({ categoryStart, categoryEnd, startTime, endTime, limit, cursor: req.cursor ?? '' });
      },
    }),
    defineOperation({
      name: 'ListTournamentRecords',
      routes: [{ method: 'GET', path: '/v2/tournament/{tournament_id}' }],
      auth: 'bearer',
      request: ListTournamentRecordsRequestMsg,
      response: TournamentRecordListMsg,
      body: 'none',
      handle(req) {
        if (!req.tournamentId) throw Errors.tournamentIdRequired();
        const ownerIds = req.ownerIds ?? [];
        if (!ownerIds.every(isUuid)) throw Errors.leaderboardOwnerIdsInvalid();
        const limit = req.limit ?? RECORDS_DEFAULT;
        if (limit < 1 || limit > RECORDS_MAX) throw ErrorsWith.invalidLimit(RECORDS_MAX);
        return tournaments.listRecords(req.tournamentId, limit, req.cursor ?? '', ownerIds, req.expiry ?? 0);
      },
    }),
    defineOperation({
      name: 'WriteTournamentRecord',
      routes: [
        { method: 'PUT', path: '/v2/tournament/{tournament_id}' },
        { method: 'POST', path: '/v2/tournament/{tournament_id}' },
      ],
      auth: 'bearer',
      request: WriteTournamentRecordRequestMsg,
      response: LeaderboardRecordMsg,
      body: { field: 'record' },
      handle(req, ctx) {
        if (!req.tournamentId) throw Errors.tournamentIdRequired();
        const record = checkRecordWrite(req.record);
        const session = caller(ctx);
        return tournaments.writeRecord(session.userId, req.tournamentId, {
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
      name: 'ListTournamentRecordsAroundOwner',
      routes: [{ method: 'GET', path: '/v2/tournament/{tournament_id}/owner/{owner_id}' }],
      auth: 'bearer',
      request: ListTournamentRecordsAroundOwnerRequestMsg,
      response: TournamentRecordListMsg,
      body: 'none',
      handle(req) {
        if (!req.tournamentId) throw Errors.tournamentIdInvalid();
        const limit = checkAroundLimit(req.limit, 100);
        const ownerId = checkHaystackOwner(req.ownerId);
        return tournaments.listRecordsAroundOwner(req.tournamentId, ownerId, limit, req.cursor ?? '', req.expiry ?? 0);
      },
    }),
  ];
}
