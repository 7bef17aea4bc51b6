import { ApiError } from '../../common/errors.js';
import { isUuid, SYSTEM_USER_ID } from '../../common/ids.js';
import type { GroupService } from '../../core/group/group-service.js';
import type { Group } from '../../protocol/api-group.js';
import type { GroupPatch } from '../../storage/repositories.js';
import { jsUser } from './accounts.js';
import { given, goJson, isPlainObject, isString, jsArray, jsBool, jsInt, jsonObject, jsString, optInt, optString, wrapped } from './js-values.js';
import type { NkArea } from './table.js';

/** Nakama's runtime group: metadata as an object, times in unix seconds. */
export function jsGroup(g: Group): Record<string, unknown> {
  return {
    id: g.id,
    creatorId: g.creatorId,
    name: g.name,
    description: g.description ?? '',
    avatarUrl: g.avatarUrl ?? '',
    langTag: g.langTag ?? '',
    metadata: jsonObject(g.metadata),
    open: g.open,
    edgeCount: g.edgeCount,
    maxCount: g.maxCount,
    createTime: Math.floor(g.createTime / 1000),
    updateTime: Math.floor(g.updateTime / 1000),
  };
}

/** A uuid argument; `empty` is the text for '' where Nakama checks it apart. */
function idArg(v: unknown, invalid: string, empty?: string): string {
  const id = jsString(v);
  if (empty !== undefined && id === '') throw new TypeError(empty);
  if (!isUuid(id)) throw new TypeError(invalid);
  return id.toLowerCase();
}

const groupIdArg = (v: unknown, emptyChecked = true) =>
  idArg(v, 'expects group ID to be a valid identifier', emptyChecked ? 'expects a group ID string' : undefined);

function callerArg(v: unknown): string {
  return given(v) ? idArg(v, 'expects caller id to be valid identifier') : SYSTEM_USER_ID;
}

function stateArg(v: unknown): number | undefined {
  if (!given(v)) return undefined;
  const s = jsInt(v);
  if (s === -1) return undefined;
  if (s < 0 || s > 4) throw new TypeError('expects state to be 0-4');
  return s;
}

/** The user ids of groupUsersAdd/Kick/Ban/Promote/Demote; `arrayText` differs between them in Nakama. */
function userIdsArg(v: unknown, verb: string, arrayText: string): string[] {
  if (!given(v)) throw new TypeError('expects an array of user ids');
  return jsArray(v, isString, arrayText).map((id) => {
    if (!isUuid(id)) throw new TypeError('expects user id to be valid identifier');
    if (id === SYSTEM_USER_ID) throw new TypeError(`cannot ${verb} the root user`);
    return id.toLowerCase();
  });
}

type Moderation = 'addUsers' | 'kickUsers' | 'banUsers' | 'promoteUsers' | 'demoteUsers';

const MODERATIONS: [string, Moderation, string, string, string][] = [
  ['groupUsersAdd', 'addUsers', 'add', 'expects an array of strings', 'error while trying to add users into group'],
  ['groupUsersKick', 'kickUsers', 'kick', 'expects an array of strings', 'error while trying to kick users from a group'],
  ['groupUsersBan', 'banUsers', 'ban', 'expects an array of user ids', 'error while trying to ban users from group'],
  ['groupUsersPromote', 'promoteUsers', 'promote', 'expects an array of user ids', 'error while trying to promote users in a group'],
  ['groupUsersDemote', 'demoteUsers', 'demote', 'expects an array of user ids', 'error while trying to demote users in a group'],
];

function metadataArg(v: unknown, message: string): string | undefined {
  if (!given(v)) return undefined;
  if (!isPlainObject(v)) throw new TypeError(message);
  return goJson(v);
}

/** The member a join or leave acts for: group id, user id and username, each checked as Nakama does. */
function memberArgs(groupId: unknown, userId: unknown, username: unknown) {
  const gid = groupIdArg(groupId);
  const uid = idArg(userId, 'expects user ID to be a valid identifier', 'expects a user ID string');
  const name = jsString(username);
  if (name === '') throw new TypeError('expects a username string');
  return { gid, caller: { userId: uid, username: name } };
}

function registerModerations(table: Parameters<NkArea>[0], groups: GroupService): void {
  for (const [name, method, verb, arrayText, what] of MODERATIONS) {
    table.register(name, async ([groupId, userIds, callerId]) => {
      // Nakama's kick alone has no separate check for an empty group id.
      const gid = groupIdArg(groupId, verb !== 'kick');
      const ids = userIdsArg(userIds, verb, arrayText);
      if (ids.length === 0) return null;
      const caller = callerArg(callerId);
      await wrapped(what, () => groups[method](caller, gid, ids));
      return null;
    });
  }
}

/** Every group function of Nakama's JS runtime but groupsGetRandom; the nil user id acts as superadmin. */
export const groupsArea: NkArea = (table, { groups }) => {
  table.register('groupsGetId', async ([groupIds]) => {
    if (!given(groupIds)) throw new TypeError('expects an array of group ids');
    const ids = jsArray(groupIds, isString, 'expects array of strings');
    return (await wrapped('failed to get groups', () => groups.getGroups(ids))).map(jsGroup);
  });

  table.register('groupCreate', async ([userId, name, creatorId, langTag, description, avatarUrl, open, metadata, maxCount]) => {
    const uid = idArg(userId, 'expects user ID to be a valid identifier', 'expects a user ID string');
    const groupName = jsString(name);
    if (groupName === '') throw new TypeError('expects group name to not be empty');
    if (given(creatorId)) idArg(creatorId, 'expects owner ID to be a valid identifier');
    const input = {
      name: groupName,
      langTag: optString(langTag),
      description: optString(description),
      avatarUrl: optString(avatarUrl),
      open: given(open) ? jsBool(open) : false,
      metadata: metadataArg(metadata, 'expects metadata to be an object'),
      maxCount: optInt(maxCount, 100),
    };
    try {
      return jsGroup(await groups.create(uid, input));
    } catch (err) {
      if (err instanceof ApiError && err.message === 'Group name is in use.') throw new Error('did not create group as a group already exists with the same name');
      throw new Error(`error while trying to create group: ${(err as Error).message}`);
    }
  });

  table.register('groupUpdate', async ([groupId, userId, name, creatorId, langTag, description, avatarUrl, open, metadata, maxCount]) => {
    const gid = groupIdArg(groupId, false);
    const caller = given(userId) ? idArg(userId, 'expects user ID to be a valid identifier') : SYSTEM_USER_ID;
    if (given(creatorId)) idArg(creatorId, 'expects creator ID to be a valid identifier');
    const max = optInt(maxCount, 0);
    const patch: GroupPatch = {
      name: given(name) ? jsString(name) : undefined,
      langTag: given(langTag) ? jsString(langTag) : undefined,
      description: given(description) ? jsString(description) : undefined,
      avatarUrl: given(avatarUrl) ? jsString(avatarUrl) : undefined,
      open: given(open) ? jsBool(open) : undefined,
      metadata: metadataArg(metadata, 'expects metadata to be a key value object'),
      // 0 leaves the size as it is, as in Nakama.
      maxCount: max === 0 ? undefined : max,
    };
    await wrapped('error while trying to update group', () => groups.update(caller, gid, patch));
    return null;
  });

  table.register('groupDelete', async ([groupId]) => {
    const gid = groupIdArg(groupId, false);
    await wrapped('error while trying to delete group', () => groups.delete(SYSTEM_USER_ID, gid));
    return null;
  });

  table.register('groupUserJoin', async ([groupId, userId, username]) => {
    const { gid, caller } = memberArgs(groupId, userId, username);
    await wrapped('error trying to join group', () => groups.join(caller, gid));
    return null;
  });

  table.register('groupUserLeave', async ([groupId, userId, username]) => {
    const { gid, caller } = memberArgs(groupId, userId, username);
    await wrapped('error while trying to leave group', () => groups.leave(caller, gid));
    return null;
  });

  registerModerations(table, groups);

  table.register('groupUsersList', async ([groupId, limit, state, cursor]) => {
    const gid = groupIdArg(groupId, false);
    const max = optInt(limit, 100);
    if (max < 1 || max > 10000) throw new TypeError('expects limit to be 1-10000');
    const filter = stateArg(state);
    const list = await wrapped('error while trying to list users in a group', () => groups.listGroupUsers(gid, max, filter, optString(cursor)));
    return { groupUsers: (list.groupUsers ?? []).map((gu) => ({ user: jsUser(gu.user), state: gu.state })), cursor: list.cursor || null };
  });

  table.register('userGroupsList', async ([userId, limit, state, cursor]) => {
    const uid = idArg(userId, 'expects user ID to be a valid identifier');
    const max = optInt(limit, 100);
    if (max < 1 || max > 100) throw new TypeError('expects limit to be 1-100');
    const filter = stateArg(state);
    const list = await wrapped('error while trying to list groups for a user', () => groups.listUserGroups(uid, max, filter, optString(cursor)));
    return { userGroups: (list.userGroups ?? []).map((ug) => ({ group: jsGroup(ug.group), state: ug.state })), cursor: list.cursor || null };
  });

  table.register('groupsList', async ([name, langTag, open, members, limit, cursor]) => {
    const query = {
      name: optString(name),
      langTag: optString(langTag),
      open: given(open) ? jsBool(open) : undefined,
      members: given(members) ? jsInt(members) : undefined,
    };
    if (query.members === -1) query.members = undefined;
    const max = optInt(limit, 100);
    if (max < 1 || max > 100) throw new TypeError('expects limit to be 1-100');
    const list = await wrapped('error listing groups', () => groups.list(query, max, optString(cursor)));
    return { groups: (list.groups ?? []).map(jsGroup), cursor: list.cursor || null };
  });
};
