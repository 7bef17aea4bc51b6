import { Errors } from '../../common/errors.js';
import { matchStream, parseMatchId } from '../../match/match-id.js';
import type { ConsoleDeps } from '../console-deps.js';
import type { ConsoleRoute } from '../route.js';
import { intQuery } from './input.js';

/** Matches: the running ones with their sizes and members; relayed ones can be ended. */
export function matchRoutes(deps: ConsoleDeps): ConsoleRoute[] {
  const members = (matchId: string) => {
    const id = parseMatchId(matchId);
    if (!id) throw Errors.consoleMatchNotFound();
    return { id, presences: deps.tracker.listByStream(matchStream(id), true) };
  };
  return [
    {
      method: 'GET',
      path: '/match',
      async handle(req) {
        const limit = intQuery(req.query, 'limit', 100, 1, 100);
        const matches = deps.matches.list({ limit }).map((m) => ({
          matchId: m.matchId,
          authoritative: m.authoritative ?? false,
          label: m.label ?? '',
          size: m.size,
          tickRate: m.tickRate ?? 0,
          handlerName: m.handlerName ?? '',
        }));
        return { matches, total: deps.matches.size() };
      },
    },
    {
      method: 'GET',
      path: '/match/{id}',
      async handle(req) {
        const { presences } = members(req.params.id!);
        if (presences.length === 0) throw Errors.consoleMatchNotFound();
        return { matchId: req.params.id, presences: presences.map((p) => ({ userId: p.userId, sessionId: p.id.sessionId, username: p.meta.username, node: p.id.node })) };
      },
    },
    {
      method: 'DELETE',
      path: '/match/{id}',
      async handle(req) {
        const { id, presences } = members(req.params.id!);
        // Only relayed matches end by losing their members; authoritative ones belong to the runtime.
        if (id.node !== '' || presences.length === 0) throw Errors.consoleMatchNotFound();
        // Each member leaves as if it had sent match_leave: the others see the leaves, the empty match ends.
        for (const p of presences) deps.tracker.untrack(p.id.sessionId, matchStream(id));
        deps.logger.info('relayed match ended from the console', { matchId: req.params.id, members: presences.length, admin: req.admin?.usn });
        return { removed: presences.length };
      },
    },
  ];
}
