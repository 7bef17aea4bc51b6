import { EmptyMsg } from '../../protocol/api-messages.js';
import { defineOperation, type Operation } from '../operation.js';

export function healthcheckOperations(): Operation[] {
  return [
    defineOperation({
      name: 'Healthcheck',
      routes: [{ method: 'GET', path: '/healthcheck' }],
      auth: 'none',
      request: EmptyMsg,
      response: EmptyMsg,
      body: 'none',
      handle: async () => ({}),
    }),
  ];
}
