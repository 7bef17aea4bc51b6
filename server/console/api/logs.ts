import { ErrorsWith } from '../../common/errors.js';
import type { LogLevel } from '../../common/logger.js';
import type { ConsoleDeps } from '../console-deps.js';
import type { ConsoleRoute } from '../route.js';
import { intQuery } from './input.js';

const LEVELS: readonly string[] = ['debug', 'info', 'warn', 'error'];

/** Logs: the recent lines of the server log, filtered by level and text; the socket streams new ones. */
export function logRoutes(deps: ConsoleDeps): ConsoleRoute[] {
  return [
    {
      method: 'GET',
      path: '/logs',
      async handle(req) {
        const level = req.query.get('level') || 'debug';
        if (!LEVELS.includes(level)) throw ErrorsWith.badField('level', 'debug, info, warn or error');
        const limit = intQuery(req.query, 'limit', 500, 1, 5000);
        return { entries: deps.logs.query({ level: level as LogLevel, search: req.query.get('search') ?? '', limit }) };
      },
    },
  ];
}
