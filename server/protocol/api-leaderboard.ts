import { defineMessage, type FieldSpec } from './message.js';

/**
 * Leaderboard and tournament messages of nakama.api, with the field names and numbers of Nakama's protos.
 * Times are unix milliseconds in values (Nakama sends whole seconds); the uint32 reset fields are unix seconds.
 */

export interface LeaderboardRecord {
  leaderboardId: string;
  ownerId: string;
  username?: string;
  score: number;
  subscore: number;
  numScore: number;
  metadata: string;
  createTime: number;
  updateTime: number;
  expiryTime?: number;
  rank: number;
  maxNumScore: number;
}
export const LeaderboardRecordMsg = defineMessage<LeaderboardRecord>('LeaderboardRecord', [
  ['leaderboard_id', 1, 'string'],
  ['owner_id', 2, 'string'],
  ['username', 3, 'StringValue'],
  ['score', 4, 'int64'],
  ['subscore', 5, 'int64'],
  ['num_score', 6, 'int32'],
  ['metadata', 7, 'string'],
  ['create_time', 8, 'timestamp'],
  ['update_time', 9, 'timestamp'],
  ['expiry_time', 10, 'timestamp'],
  ['rank', 11, 'int64'],
  ['max_num_score', 12, 'uint32'],
]);

export interface LeaderboardRecordList {
  records?: LeaderboardRecord[];
  ownerRecords?: LeaderboardRecord[];
  nextCursor?: string;
  prevCursor?: string;
  rankCount?: number;
}
/** LeaderboardRecordList and TournamentRecordList share their fields. */
function recordListFields(): FieldSpec[] {
  return [
    ['records', 1, 'message', { repeated: true, message: () => LeaderboardRecordMsg }],
    ['owner_records', 2, 'message', { repeated: true, message: () => LeaderboardRecordMsg }],
    ['next_cursor', 3, 'string'],
    ['prev_cursor', 4, 'string'],
    ['rank_count', 5, 'int64'],
  ];
}
export const LeaderboardRecordListMsg = defineMessage<LeaderboardRecordList>('LeaderboardRecordList', recordListFields());
export const TournamentRecordListMsg = defineMessage<LeaderboardRecordList>('TournamentRecordList', recordListFields());

export interface ListLeaderboardRecordsRequest {
  leaderboardId: string;
  ownerIds?: string[];
  limit?: number;
  cursor?: string;
  /** Unix seconds of the period to read; absent or 0 for the current one. */
  expiry?: number;
}
export const ListLeaderboardRecordsRequestMsg = defineMessage<ListLeaderboardRecordsRequest>('ListLeaderboardRecordsRequest', [
  ['leaderboard_id', 1, 'string'],
  ['owner_ids', 2, 'string', { repeated: true }],
  ['limit', 3, 'Int32Value'],
  ['cursor', 4, 'string'],
  ['expiry', 5, 'Int64Value'],
]);

export interface ListLeaderboardRecordsAroundOwnerRequest {
  leaderboardId: string;
  limit?: number;
  ownerId?: string;
  expiry?: number;
  cursor?: string;
}
export const ListLeaderboardRecordsAroundOwnerRequestMsg = defineMessage<ListLeaderboardRecordsAroundOwnerRequest>('ListLeaderboardRecordsAroundOwnerRequest', [
  ['leaderboard_id', 1, 'string'],
  ['limit', 2, 'UInt32Value'],
  ['owner_id', 3, 'string'],
  ['expiry', 4, 'Int64Value'],
  ['cursor', 5, 'string'],
]);

/** The `record` body of WriteLeaderboardRecord and WriteTournamentRecord. */
export interface RecordWrite {
  score?: number;
  subscore?: number;
  metadata?: string;
  /** api.Operator: 0 no override, 1 best, 2 set, 3 increment, 4 decrement. */
  operator?: number;
}
export const LeaderboardRecordWriteMsg = defineMessage<RecordWrite>('LeaderboardRecordWrite', [
  ['score', 1, 'int64'],
  ['subscore', 2, 'int64'],
  ['metadata', 3, 'string'],
  ['operator', 4, 'enum'],
]);

export interface WriteLeaderboardRecordRequest {
  leaderboardId: string;
  record?: RecordWrite;
}
export const WriteLeaderboardRecordRequestMsg = defineMessage<WriteLeaderboardRecordRequest>('WriteLeaderboardRecordRequest', [
  ['leaderboard_id', 1, 'string'],
  ['record', 2, 'message', { message: () => LeaderboardRecordWriteMsg }],
]);

export interface DeleteLeaderboardRecordRequest {
  leaderboardId: string;
}
export const DeleteLeaderboardRecordRequestMsg = defineMessage<DeleteLeaderboardRecordRequest>('DeleteLeaderboardRecordRequest', [
  ['leaderboard_id', 1, 'string'],
]);

export interface Tournament {
  id: string;
  title: string;
  description: string;
  category: number;
  sortOrder: number;
  size: number;
  maxSize: number;
  maxNumScore: number;
  canEnter: boolean;
  endActive: number;
  nextReset: number;
  metadata: string;
  createTime: number;
  startTime: number;
  endTime?: number;
  duration: number;
  startActive: number;
  prevReset: number;
  operator: number;
  authoritative: boolean;
  joinRequired: boolean;
}
export const TournamentMsg = defineMessage<Tournament>('Tournament', [
  ['id', 1, 'string'],
  ['title', 2, 'string'],
  ['description', 3, 'string'],
  ['category', 4, 'uint32'],
  ['sort_order', 5, 'uint32'],
  ['size', 6, 'uint32'],
  ['max_size', 7, 'uint32'],
  ['max_num_score', 8, 'uint32'],
  ['can_enter', 9, 'bool'],
  ['end_active', 10, 'uint32'],
  ['next_reset', 11, 'uint32'],
  ['metadata', 12, 'string'],
  ['create_time', 13, 'timestamp'],
  ['start_time', 14, 'timestamp'],
  ['end_time', 15, 'timestamp'],
  ['duration', 16, 'uint32'],
  ['start_active', 17, 'uint32'],
  ['prev_reset', 18, 'uint32'],
  ['operator', 19, 'enum'],
  ['authoritative', 20, 'bool'],
  ['join_required', 21, 'bool'],
]);

export interface TournamentList {
  tournaments?: Tournament[];
  cursor?: string;
}
export const TournamentListMsg = defineMessage<TournamentList>('TournamentList', [
  ['tournaments', 1, 'message', { repeated: true, message: () => TournamentMsg }],
  ['cursor', 2, 'string'],
]);

export interface ListTournamentsRequest {
  categoryStart?: number;
  categoryEnd?: number;
  startTime?: number;
  endTime?: number;
  limit?: number;
  cursor?: string;
}
export const ListTournamentsRequestMsg = defineMessage<ListTournamentsRequest>('ListTournamentsRequest', [
  ['category_start', 1, 'UInt32Value'],
  ['category_end', 2, 'UInt32Value'],
  ['start_time', 3, 'UInt32Value'],
  ['end_time', 4, 'UInt32Value'],
  ['limit', 6, 'Int32Value'],
  ['cursor', 8, 'string'],
]);

export interface ListTournamentRecordsRequest {
  tournamentId: string;
  ownerIds?: string[];
  limit?: number;
  cursor?: string;
  expiry?: number;
}
export const ListTournamentRecordsRequestMsg = defineMessage<ListTournamentRecordsRequest>('ListTournamentRecordsRequest', [
  ['tournament_id', 1, 'string'],
  ['owner_ids', 2, 'string', { repeated: true }],
  ['limit', 3, 'Int32Value'],
  ['cursor', 4, 'string'],
  ['expiry', 5, 'Int64Value'],
]);

export interface ListTournamentRecordsAroundOwnerRequest {
  tournamentId: string;
  limit?: number;
  ownerId?: string;
  expiry?: number;
  cursor?: string;
}
export const ListTournamentRecordsAroundOwnerRequestMsg = defineMessage<ListTournamentRecordsAroundOwnerRequest>('ListTournamentRecordsAroundOwnerRequest', [
  ['tournament_id', 1, 'string'],
  ['limit', 2, 'UInt32Value'],
  ['owner_id', 3, 'string'],
  ['expiry', 4, 'Int64Value'],
  ['cursor', 5, 'string'],
]);

export interface WriteTournamentRecordRequest {
  tournamentId: string;
  record?: RecordWrite;
}
export const WriteTournamentRecordRequestMsg = defineMessage<WriteTournamentRecordRequest>('WriteTournamentRecordRequest', [
  ['tournament_id', 1, 'string'],
  ['record', 2, 'message', { message: () => LeaderboardRecordWriteMsg }],
]);

export interface TournamentIdRequest {
  tournamentId: string;
}
export const DeleteTournamentRecordRequestMsg = defineMessage<TournamentIdRequest>('DeleteTournamentRecordRequest', [['tournament_id', 1, 'string']]);
export const JoinTournamentRequestMsg = defineMessage<TournamentIdRequest>('JoinTournamentRequest', [['tournament_id', 1, 'string']]);
