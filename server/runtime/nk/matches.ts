import { ApiError } from '../../common/errors.js';
import type { AuthoritativeMatchRegistry } from '../../match/authoritative/authoritative-registry.js';
import { matchListFilter } from '../../match/match-listing.js';
import type { MatchRegistry } from '../../match/match-registry.js';
import type { ApiMatch } from '../../protocol/api-match.js';
import { obj, str } from './args.js';
import type { NkArea } from './table.js';

/** A listed match as modules see it (Nakama's JS runtime: camelCase, every field present). */
function toModule(m: ApiMatch) {
  return { matchId: m.matchId, authoritative: m.authoritative ?? false, label: m.label ?? '', size: m.size, tickRate: m.tickRate ?? 0, handlerName: m.handlerName ?? '' };
}

const optNumber = (v: unknown, what: string): number | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`expects ${what}`);
  return v;
};

/** Our text (Nakama has no such case: its matches do not share a goroutine with the caller). */
export const SIGNAL_OWN_WORKER = 'matchSignal cannot wait for a match held by the calling runtime worker; signal it from another worker or raise runtime.js_worker_count';

/** A catalogue error reaches the module as a plain Error with its text. */
async function plain<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ApiError) throw new Error(err.message);
    throw err;
  }
}

/**
 * matchCreate, matchGet, matchList, matchSignal over the authoritative registry (and the relayed one for reads).
 * `workersBlocked` says whether every runtime worker waits in an nk call (JsRuntime.allWorkersBlocked): then
 * matchCreate answers the new id without waiting for matchInit, which can only run on such a worker once its
 * call returns (with js_worker_count 1, the caller's own). The match appears when matchInit has run; if it
 * fails, the match never starts and the failure is logged. `heldByCaller` says whether a match lives on the
 * calling worker (JsRuntime.matchHeldByCaller): matchSignal cannot wait for that worker, so it refuses at once.
 */
export function matchesArea(
  authoritative: AuthoritativeMatchRegistry,
  relayed: MatchRegistry,
  workersBlocked: () => boolean = () => false,
  heldByCaller: (matchId: string) => boolean = () => false,
): NkArea {
  return (table) => {
    table.register('matchCreate', ([module, params]) =>
      plain(() => {
        const name = str(module, 'module name');
        const input = params === undefined || params === null ? {} : obj(params, 'params object');
        // Checked before startMatch picks the worker: a blocked pick would be the only kind available.
        const wait = !workersBlocked();
        const { matchId, ready } = authoritative.startMatch(name, input);
        return wait ? ready : matchId;
      }),
    );
    table.register('matchGet', ([id]) => {
      const matchId = str(id, 'match id');
      const found = authoritative.get(matchId) ?? relayed.list({ limit: 100 }).find((m) => m.matchId === matchId);
      return found ? toModule(found) : null;
    });
    table.register('matchList', ([limit, isAuthoritative, label, minSize, maxSize, query]) =>
      plain(() => {
        const filter = matchListFilter({
          limit: optNumber(limit, 'limit number') ?? 1,
          authoritative: isAuthoritative === undefined || isAuthoritative === null ? undefined : Boolean(isAuthoritative),
          label: label === undefined || label === null ? undefined : str(label, 'label string'),
          minSize: optNumber(minSize, 'min size number'),
          maxSize: optNumber(maxSize, 'max size number'),
          query: query === undefined || query === null ? undefined : str(query, 'query string'),
        });
        const listed = authoritative.list(filter);
        if (listed.length < filter.limit) listed.push(...relayed.list({ ...filter, limit: filter.limit - listed.length }));
        return listed.map(toModule);
      }),
    );
    table.register('matchSignal', ([id, data]) =>
      plain(() => {
        const matchId = str(id, 'match id');
        const text = data === undefined || data === null ? '' : str(data, 'data string');
        if (heldByCaller(matchId)) throw new Error(SIGNAL_OWN_WORKER);
        return authoritative.signal(matchId, text);
      }),
    );
  };
}
