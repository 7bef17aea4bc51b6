import { Errors } from '../../common/errors.js';
import { matchStream, parseMatchId } from '../../match/match-id.js';
import type { ConsoleDeps } from '../console-deps.js';
import type { ConsoleRoute } from '../route.js';
import { intQuery } from './input.js';

/**
 * Matches: the running ones with their sizes and members, authoritative ones first with their tick statistics;
 * a relayed match ends by losing its members, an authoritative one through matchTerminate.
 */
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
        const authoritative = (deps.authoritativeMatches?.matchStats() ?? []).slice(0, limit).map((m) => ({
          matchId: m.matchId,
          authoritative: true,
          label: m.label,
          size: m.size,
          tickRate: m.tickRate,
          handlerName: m.handlerName,
          ticks: m.ticks,
          overruns: m.overruns,
          lastTickMs: m.lastTickMs,
          avgTickMs: m.avgTickMs,
          p99TickMs: m.p99TickMs,
        }));
        const relayed = deps.matches.list({ limit: Math.max(1, limit - authoritative.length) }).map((m) => ({
          matchId: m.matchId,
          authoritative: m.authoritative ?? false,
          label: m.label ?? '',
          size: m.size,
          tickRate: m.tickRate ?? 0,
          handlerName: m.handlerName ?? '',
        }));
        const matches = [...authoritative, ...relayed].slice(0, limit);
        return { matches, total: deps.matches.size() + (deps.authoritativeMatches?.size() ?? 0) };
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
        if (id.node !== '') {
          const registry = deps.authoritativeMatches;
          if (!registry?.get(req.params.id!)) throw Errors.consoleMatchNotFound();
          await registry.terminate(req.params.id!);
          deps.logger.info('authoritative match terminated from the console', { matchId: req.params.id, members: presences.length, admin: req.admin?.usn });
          return { removed: presences.length };
        }
        if (presences.length === 0) throw Errors.consoleMatchNotFound();
        // Each member leaves as if it had sent match_leave: the others see the leaves, the empty match ends.
        for (const p of presences) deps.tracker.untrack(p.id.sessionId, matchStream(id));
        deps.logger.info('relayed match ended from the console', { matchId: req.params.id, members: presences.length, admin: req.admin?.usn });
        return { removed: presences.length };
      },
    },
  ];
}
