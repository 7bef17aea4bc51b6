import { Errors, ErrorsWith } from '../../common/errors.js';
import { isUuid, SYSTEM_USER_ID } from '../../common/ids.js';
import { groupView } from '../../core/group/group-service.js';
import type { GroupPatch } from '../../storage/repositories.js';
import type { ConsoleDeps } from '../console-deps.js';
import type { ConsoleRoute } from '../route.js';
import { intQuery, uuidParam } from './input.js';

const MAX_MEMBERS = 100_000;

/**
 * Groups: search by name prefix or id, detail with members and their states, edit name, description, open
 * and max count, remove a member, delete. Changes go through GroupService as the system user, which ranks as
 * superadmin everywhere (the group chat follows, notifications as in Nakama).
 */
export function groupRoutes(deps: ConsoleDeps): ConsoleRoute[] {
  const mustExist = async (id: string) => {
    const [group] = await deps.storage.groups.get([id]);
    if (!group) throw Errors.consoleGroupNotFound();
    return group;
  };
  const cursorOf = (query: URLSearchParams) => query.get('cursor') ?? '';

  return [
    {
      method: 'GET',
      path: '/group',
      async handle(req) {
        const q = (req.query.get('q') ?? '').trim();
        const limit = intQuery(req.query, 'limit', 25, 1, 100);
        if (isUuid(q)) {
          const found = await deps.storage.groups.get([q.toLowerCase()]);
          return { groups: found.map(groupView), nextCursor: '' };
        }
        // A name prefix (case-insensitive); the repository's LIKE has no escape clause, so % and _ act as wildcards.
        const name = q === '' ? undefined : q + '%';
        const list = await deps.groups.list({ name }, limit, cursorOf(req.query));
        return { groups: list.groups ?? [], nextCursor: list.cursor ?? '' };
      },
    },
    {
      method: 'GET',
      path: '/group/{id}',
      async handle(req) {
        const group = await mustExist(uuidParam(req.params.id, 'id'));
        const creator = group.creatorId ? await deps.storage.accounts.getUser(group.creatorId) : null;
        return { ...groupView(group), creatorUsername: creator?.username ?? '' };
      },
    },
    {
      method: 'GET',
      path: '/group/{id}/member',
      async handle(req) {
        const id = uuidParam(req.params.id, 'id');
        await mustExist(id);
        const limit = intQuery(req.query, 'limit', 100, 1, 1000);
        const members: { userId: string; username: string; displayName: string; online: boolean; state: number }[] = [];
        // Banned users are listed only when state 4 is asked for, so the console asks for them separately.
        const active = await deps.groups.listGroupUsers(id, limit, undefined, cursorOf(req.query));
        const banned = cursorOf(req.query) === '' ? await deps.groups.listGroupUsers(id, limit, 4, '') : { groupUsers: [] };
        for (const m of [...(active.groupUsers ?? []), ...(banned.groupUsers ?? [])]) {
          members.push({ userId: m.user.id, username: m.user.username, displayName: m.user.displayName ?? '', online: m.user.online ?? false, state: m.state });
        }
        return { members, nextCursor: active.cursor ?? '' };
      },
    },
    {
      method: 'PUT',
      path: '/group/{id}',
      async handle(req) {
        const id = uuidParam(req.params.id, 'id');
        const group = await mustExist(id);
        const patch: GroupPatch = {};
        const { name, description, open, maxCount } = req.body;
        if (name !== undefined) {
          if (typeof name !== 'string' || name.trim() === '' || name.length > 255) throw ErrorsWith.badField('name', 'a name of 1 to 255 characters');
          if (name !== group.name) patch.name = name;
        }
        if (description !== undefined) {
          if (typeof description !== 'string' || description.length > 255) throw ErrorsWith.badField('description', 'text of at most 255 characters');
          patch.description = description;
        }
        if (open !== undefined) {
          if (typeof open !== 'boolean') throw ErrorsWith.badField('open', 'true or false');
          patch.open = open;
        }
        if (maxCount !== undefined && (typeof maxCount !== 'number' || !Number.isInteger(maxCount) || maxCount < 1 || maxCount > MAX_MEMBERS)) {
          throw ErrorsWith.badField('maxCount', `an integer from 1 to ${MAX_MEMBERS}`);
        }
        if (Object.keys(patch).length === 0 && maxCount === undefined) throw ErrorsWith.badRequestBody('Nothing to change: give name, description, open or maxCount.');
        // The max count first: if it is refused, nothing else has changed.
        if (typeof maxCount === 'number' && maxCount !== group.maxCount) {
          const outcome = await deps.storage.console.setGroupMaxCount(id, maxCount, Date.now());
          if (outcome === 'not_found') throw Errors.consoleGroupNotFound();
          if (outcome === 'below_members') throw Errors.consoleGroupMaxCountBelowMembers();
        }
        if (Object.keys(patch).length > 0) await deps.groups.update(SYSTEM_USER_ID, id, patch);
        deps.logger.info('group edited from the console', { groupId: id, admin: req.admin?.usn });
        return groupView(await mustExist(id));
      },
    },
    {
      method: 'DELETE',
      path: '/group/{id}/member/{userId}',
      async handle(req) {
        const id = uuidParam(req.params.id, 'id');
        const userId = uuidParam(req.params.userId, 'userId');
        await mustExist(id);
        if ((await deps.storage.groups.stateOf(id, userId)) === null) throw Errors.consoleGroupMemberNotFound();
        await deps.groups.kickUsers(SYSTEM_USER_ID, id, [userId]);
        if ((await deps.storage.groups.stateOf(id, userId)) !== null) {
          throw ErrorsWith.badRequestBody('The last superadmin of a group cannot be removed while others remain; promote another member first.');
        }
        deps.logger.info('group member removed from the console', { groupId: id, userId, admin: req.admin?.usn });
        return {};
      },
    },
    {
      method: 'DELETE',
      path: '/group/{id}',
      async handle(req) {
        const id = uuidParam(req.params.id, 'id');
        await mustExist(id);
        await deps.groups.delete(SYSTEM_USER_ID, id);
        deps.logger.info('group deleted from the console', { groupId: id, admin: req.admin?.usn });
        return {};
      },
    },
    {
      method: 'GET',
      path: '/account/{id}/group',
      async handle(req) {
        const id = uuidParam(req.params.id, 'id');
        if (!(await deps.storage.accounts.getUser(id))) throw Errors.consoleAccountNotFound();
        const limit = intQuery(req.query, 'limit', 100, 1, 1000);
        const list = await deps.groups.listUserGroups(id, limit, undefined, cursorOf(req.query));
        return { groups: (list.userGroups ?? []).map((g) => ({ ...g.group, state: g.state })), nextCursor: list.cursor ?? '' };
      },
    },
  ];
}
