import { Errors, ErrorsWith } from '../../common/errors.js';
import { EmptyMsg } from '../../protocol/api-messages.js';
import {
  AddGroupUsersRequestMsg,
  BanGroupUsersRequestMsg,
  CreateGroupRequestMsg,
  DeleteGroupRequestMsg,
  DemoteGroupUsersRequestMsg,
  GroupListMsg,
  GroupMsg,
  GroupUserListMsg,
  JoinGroupRequestMsg,
  KickGroupUsersRequestMsg,
  LeaveGroupRequestMsg,
  ListGroupsRequestMsg,
  ListGroupUsersRequestMsg,
  ListUserGroupsRequestMsg,
  PromoteGroupUsersRequestMsg,
  UpdateGroupRequestMsg,
  UserGroupListMsg,
  type GroupUsersRequest,
} from '../../protocol/api-group.js';
import type { MessageDef } from '../../protocol/message.js';
import type { GroupService } from '../../core/group/group-service.js';
import { caller, defineOperation, type Operation } from '../operation.js';
import type { ApiServices } from './services.js';

/** Nakama lists one group by default, 100 members or user groups; at most 100 of each. */
const GROUPS_DEFAULT_LIMIT = 1;
const MEMBERS_DEFAULT_LIMIT = 100;
const MAX_LIMIT = 100;

function checkLimit(limit: number | undefined, fallback: number): number {
  const value = limit ?? fallback;
  if (value < 1 || value > MAX_LIMIT) throw ErrorsWith.invalidLimit(MAX_LIMIT);
  return value;
}

function checkState(state: number | undefined): number | undefined {
  if (state !== undefined && (state < 0 || state > 4)) throw Errors.groupStateInvalid();
  return state;
}

type Moderation = 'addUsers' | 'kickUsers' | 'banUsers' | 'promoteUsers' | 'demoteUsers';

/** The five "act on these users of this group" operations share one shape. */
function groupUsersOperation(groups: GroupService, name: string, action: string, request: MessageDef<GroupUsersRequest>, method: Moderation): Operation {
  return defineOperation({
    name,
    routes: [{ method: 'POST', path: `/v2/group/{group_id}/${action}` }],
    auth: 'bearer',
    request,
    response: EmptyMsg,
    body: 'none',
    async handle(req, ctx) {
      await groups[method](caller(ctx).userId, req.groupId ?? '', req.userIds ?? []);
      return {};
    },
  });
}

export function groupOperations({ groups }: ApiServices): Operation[] {
  return [
    defineOperation({
      name: 'CreateGroup',
      routes: [{ method: 'POST', path: '/v2/group' }],
      auth: 'bearer',
      request: CreateGroupRequestMsg,
      response: GroupMsg,
      body: '*',
      handle(req, ctx) {
        return groups.create(caller(ctx).userId, { ...req, name: req.name ?? '' });
      },
    }),
    defineOperation({
      name: 'UpdateGroup',
      routes: [{ method: 'PUT', path: '/v2/group/{group_id}' }],
      auth: 'bearer',
      request: UpdateGroupRequestMsg,
      response: EmptyMsg,
      body: '*',
      async handle(req, ctx) {
        const { groupId, ...patch } = req;
        await groups.update(caller(ctx).userId, groupId ?? '', patch);
        return {};
      },
    }),
    defineOperation({
      name: 'DeleteGroup',
      routes: [{ method: 'DELETE', path: '/v2/group/{group_id}' }],
      auth: 'bearer',
      request: DeleteGroupRequestMsg,
      response: EmptyMsg,
      body: 'none',
      async handle(req, ctx) {
        await groups.delete(caller(ctx).userId, req.groupId ?? '');
        return {};
      },
    }),
    defineOperation({
      name: 'JoinGroup',
      routes: [{ method: 'POST', path: '/v2/group/{group_id}/join' }],
      auth: 'bearer',
      request: JoinGroupRequestMsg,
      response: EmptyMsg,
      body: 'none',
      async handle(req, ctx) {
        await groups.join(caller(ctx), req.groupId ?? '');
        return {};
      },
    }),
    defineOperation({
      name: 'LeaveGroup',
      routes: [{ method: 'POST', path: '/v2/group/{group_id}/leave' }],
      auth: 'bearer',
      request: LeaveGroupRequestMsg,
      response: EmptyMsg,
      body: 'none',
      async handle(req, ctx) {
        await groups.leave(caller(ctx), req.groupId ?? '');
        return {};
      },
    }),
    groupUsersOperation(groups, 'AddGroupUsers', 'add', AddGroupUsersRequestMsg, 'addUsers'),
    groupUsersOperation(groups, 'BanGroupUsers', 'ban', BanGroupUsersRequestMsg, 'banUsers'),
    groupUsersOperation(groups, 'KickGroupUsers', 'kick', KickGroupUsersRequestMsg, 'kickUsers'),
    groupUsersOperation(groups, 'PromoteGroupUsers', 'promote', PromoteGroupUsersRequestMsg, 'promoteUsers'),
    groupUsersOperation(groups, 'DemoteGroupUsers', 'demote', DemoteGroupUsersRequestMsg, 'demoteUsers'),
    defineOperation({
      name: 'ListGroups',
      routes: [{ method: 'GET', path: '/v2/group' }],
      auth: 'bearer',
      request: ListGroupsRequestMsg,
      response: GroupListMsg,
      body: 'none',
      handle(req) {
        const limit = checkLimit(req.limit, GROUPS_DEFAULT_LIMIT);
        return groups.list({ name: req.name, langTag: req.langTag, open: req.open, members: req.members }, limit, req.cursor ?? '');
      },
    }),
    defineOperation({
      name: 'ListGroupUsers',
      routes: [{ method: 'GET', path: '/v2/group/{group_id}/user' }],
      auth: 'bearer',
      request: ListGroupUsersRequestMsg,
      response: GroupUserListMsg,
      body: 'none',
      handle(req) {
        const groupId = req.groupId ?? '';
        if (groupId === '') throw Errors.groupIdRequired();
        const limit = checkLimit(req.limit, MEMBERS_DEFAULT_LIMIT);
        return groups.listGroupUsers(groupId, limit, checkState(req.state), req.cursor ?? '');
      },
    }),
    defineOperation({
      name: 'ListUserGroups',
      routes: [{ method: 'GET', path: '/v2/user/{user_id}/group' }],
      auth: 'bearer',
      request: ListUserGroupsRequestMsg,
      response: UserGroupListMsg,
      body: 'none',
      handle(req) {
        const userId = req.userId ?? '';
        if (userId === '') throw Errors.groupUserIdRequired();
        const limit = checkLimit(req.limit, MEMBERS_DEFAULT_LIMIT);
        return groups.listUserGroups(userId, limit, checkState(req.state), req.cursor ?? '');
      },
    }),
  ];
}
