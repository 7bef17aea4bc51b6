import { ListPartiesRequestMsg, PartyListMsg } from '../../protocol/api-party.js';
import { partyListFilter } from '../../party/party-listing.js';
import { defineOperation, type Operation } from '../operation.js';
import type { ApiServices } from './services.js';

export function partyOperations({ parties }: ApiServices): Operation[] {
  return [
    defineOperation({
      name: 'ListParties',
      routes: [{ method: 'GET', path: '/v2/party' }],
      auth: 'bearer',
      request: ListPartiesRequestMsg,
      response: PartyListMsg,
      body: 'none',
      handle: async (req) => parties.list(partyListFilter(req)),
    }),
  ];
}
