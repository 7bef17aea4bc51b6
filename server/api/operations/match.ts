import { ListMatchesRequestMsg, MatchListMsg } from '../../protocol/api-match.js';
import { matchListFilter } from '../../match/match-listing.js';
import { defineOperation, type Operation } from '../operation.js';
import type { ApiServices } from './services.js';

export function matchOperations({ matches }: ApiServices): Operation[] {
  return [
    defineOperation({
      name: 'ListMatches',
      routes: [{ method: 'GET', path: '/v2/match' }],
      auth: 'bearer',
      request: ListMatchesRequestMsg,
      response: MatchListMsg,
      body: 'none',
      handle: async (req) => ({ matches: matches.list(matchListFilter(req)) }),
    }),
  ];
}
