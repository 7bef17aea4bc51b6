import { Errors } from '../../common/errors.js';
import type { EdgePosition } from '../../storage/repositories.js';
import type { ConsoleDeps } from '../console-deps.js';
import type { ConsoleRoute } from '../route.js';
import { intQuery, uuidParam } from './input.js';

/** A player's friend graph: every edge with its state (0 friend, 1 invite sent, 2 invite received, 3 blocked), and removal. */
export function friendRoutes(deps: ConsoleDeps): ConsoleRoute[] {
  const mustExist = async (id: string) => {
    const user = await deps.storage.accounts.getUser(id);
    if (!user) throw Errors.consoleAccountNotFound();
    return user;
  };
  /** Whether the user has any edge (friend, invite, block) towards `otherId`; walks the edges a page at a time. */
  const hasEdge = async (userId: string, otherId: string): Promise<boolean> => {
    let after: EdgePosition | undefined;
    for (;;) {
      const edges = await deps.storage.friends.list(userId, 1000, undefined, after);
      if (edges.some((e) => e.otherId === otherId)) return true;
      const last = edges.at(-1);
      if (edges.length < 1000 || !last) return false;
      after = { state: last.state, position: last.position, id: last.otherId };
    }
  };
  return [
    {
      method: 'GET',
      path: '/account/{id}/friend',
      async handle(req) {
        const id = uuidParam(req.params.id, 'id');
        await mustExist(id);
        const limit = intQuery(req.query, 'limit', 100, 1, 1000);
        const stateText = req.query.get('state');
        const state = stateText ? intQuery(req.query, 'state', 0, 0, 3) : undefined;
        const list = await deps.friends.list(id, limit, state, req.query.get('cursor') ?? '');
        return {
          friends: (list.friends ?? []).map((f) => ({
            userId: f.user.id,
            username: f.user.username,
            displayName: f.user.displayName ?? '',
            online: f.user.online ?? false,
            state: f.state,
            updateTime: f.updateTime,
          })),
          nextCursor: list.cursor ?? '',
        };
      },
    },
    {
      method: 'DELETE',
      path: '/account/{id}/friend/{friendId}',
      async handle(req) {
        const id = uuidParam(req.params.id, 'id');
        const friendId = uuidParam(req.params.friendId, 'friendId');
        const user = await mustExist(id);
        if (!(await hasEdge(id, friendId))) throw Errors.consoleFriendNotFound();
        // The service removes friendships, invites either way and the user's own blocks, and notifies as Nakama does.
        await deps.friends.delete({ userId: id, username: user.username }, { ids: [friendId] });
        deps.logger.info('friend removed from the console', { userId: id, friendId, admin: req.admin?.usn });
        return {};
      },
    },
  ];
}
