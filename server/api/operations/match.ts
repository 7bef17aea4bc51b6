import { ListMatchesRequestMsg, MatchListMsg } from '../../protocol/api-match.js';
import { matchListFilter } from '../../match/match-listing.js';
import { defineOperation, type Operation } from '../operation.js';
import type { ApiServices } from './services.js';

export function matchOperations({ matches, authoritativeMatches }: ApiServices): Operation[] {
  return [
    defineOperation({
      name: 'ListMatches',
      routes: [{ method: 'GET', path: '/v2/match' }],
      auth: 'bearer',
      request: ListMatchesRequestMsg,
      response: MatchListMsg,
      body: 'none',
      handle: async (req) => {
        const filter = matchListFilter(req);
        // Nakama lists eligible authoritative matches first, then fills the rest of the limit with relayed ones.
        const listed = authoritativeMatches?.list(filter) ?? [];
        if (listed.length < filter.limit) listed.push(...matches.list({ ...filter, limit: filter.limit - listed.length }));
        return { matches: listed };
      },
    }),
  ];
}
