import { defineMessage } from './message.js';

/** nakama.api messages of GetMatchmakerStats (`GET /v2/matchmaker/stats`), with api.proto's names and numbers. */

export interface MatchmakerCompletionStats {
  /** Epoch milliseconds. */
  createTime: number;
  completeTime: number;
}
export const MatchmakerCompletionStatsMsg = defineMessage<MatchmakerCompletionStats>('MatchmakerCompletionStats', [
  ['create_time', 1, 'timestamp'],
  ['complete_time', 2, 'timestamp'],
]);

export interface MatchmakerStatsMessage {
  ticketCount?: number;
  oldestTicketCreateTime?: number;
  completions?: MatchmakerCompletionStats[];
}
export const MatchmakerStatsMsg = defineMessage<MatchmakerStatsMessage>('MatchmakerStats', [
  ['ticket_count', 1, 'int32'],
  ['oldest_ticket_create_time', 2, 'timestamp'],
  ['completions', 3, 'message', { repeated: true, message: () => MatchmakerCompletionStatsMsg }],
]);
