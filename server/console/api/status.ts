import type { ConsoleDeps } from '../console-deps.js';
import type { ConsoleRoute } from '../route.js';

/** Live figures: the latest sample plus recent history for the dashboard's charts (the socket pushes the rest). */
export function statusRoutes(deps: ConsoleDeps): ConsoleRoute[] {
  return [
    {
      method: 'GET',
      path: '/status',
      async handle() {
        return { status: deps.metrics.snapshot(), history: deps.metrics.recent() };
      },
    },
  ];
}
