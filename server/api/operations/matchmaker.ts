import { EmptyMsg } from '../../protocol/api-messages.js';
import { MatchmakerStatsMsg } from '../../protocol/api-matchmaker.js';
import { defineOperation, type Operation } from '../operation.js';
import type { ApiServices } from './services.js';

export function matchmakerOperations({ matchmaker }: ApiServices): Operation[] {
  return [
    defineOperation({
      name: 'GetMatchmakerStats',
      routes: [{ method: 'GET', path: '/v2/matchmaker/stats' }],
      auth: 'bearer',
      request: EmptyMsg,
      response: MatchmakerStatsMsg,
      body: 'none',
      handle: async () => matchmaker.stats(),
    }),
  ];
}
