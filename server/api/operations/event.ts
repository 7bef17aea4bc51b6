import { EmptyMsg } from '../../protocol/api-messages.js';
import { EventMsg } from '../../protocol/api-event.js';
import { caller, defineOperation, type Operation } from '../operation.js';
import type { ApiServices } from './services.js';

export function eventOperations({ events }: ApiServices): Operation[] {
  return [
    defineOperation({
      name: 'Event',
      routes: [{ method: 'POST', path: '/v2/event' }],
      auth: 'bearer',
      request: EventMsg,
      response: EmptyMsg,
      body: '*',
      async handle(req, ctx) {
        const session = caller(ctx);
        // Handlers run later, off this request; the client is answered at once, as Nakama does.
        events.publish(
          {
            name: req.name ?? '',
            properties: req.properties ?? {},
            timestamp: req.timestamp ?? Date.now(),
            // Every event a client sends is marked external, whatever it says.
            external: true,
          },
          { userId: session.userId, username: session.username, vars: session.vars, expiry: session.expiresAt, clientIp: ctx.clientIp, clientPort: ctx.clientPort },
        );
        return {};
      },
    }),
  ];
}
