import { defineMessage, type FieldSpec } from './message.js';
import { UserMsg, type User } from './api-messages.js';

/**
 * Group messages of the client API (nakama.api Group, GroupList, GroupUserList, UserGroupList and the
 * requests), with the field names and numbers of Nakama's api.proto.
 */

export interface Group {
  id: string;
  creatorId: string;
  name: string;
  description?: string;
  langTag?: string;
  /** A JSON object as text. */
  metadata: string;
  avatarUrl?: string;
  /** Always sent (a wrapper). */
  open: boolean;
  edgeCount: number;
  maxCount: number;
  /** Unix milliseconds; Nakama sends whole seconds. */
  createTime: number;
  updateTime: number;
}
export const GroupMsg = defineMessage<Group>('Group', [
  ['id', 1, 'string'],
  ['creator_id', 2, 'string'],
  ['name', 3, 'string'],
  ['description', 4, 'string'],
  ['lang_tag', 5, 'string'],
  ['metadata', 6, 'string'],
  ['avatar_url', 7, 'string'],
  ['open', 8, 'BoolValue'],
  ['edge_count', 9, 'int32'],
  ['max_count', 10, 'int32'],
  ['create_time', 11, 'timestamp'],
  ['update_time', 12, 'timestamp'],
]);

export interface GroupList {
  groups?: Group[];
  cursor?: string;
}
export const GroupListMsg = defineMessage<GroupList>('GroupList', [
  ['groups', 1, 'message', { repeated: true, message: () => GroupMsg }],
  ['cursor', 2, 'string'],
]);

export interface GroupUser {
  user: User;
  /** 0 superadmin, 1 admin, 2 member, 3 join request, 4 banned; always sent (a wrapper). */
  state: number;
}
export const GroupUserMsg = defineMessage<GroupUser>('GroupUserList.GroupUser', [
  ['user', 1, 'message', { message: () => UserMsg }],
  ['state', 2, 'Int32Value'],
]);

export interface GroupUserList {
  groupUsers?: GroupUser[];
  cursor?: string;
}
export const GroupUserListMsg = defineMessage<GroupUserList>('GroupUserList', [
  ['group_users', 1, 'message', { repeated: true, message: () => GroupUserMsg }],
  ['cursor', 2, 'string'],
]);

export interface UserGroup {
  group: Group;
  state: number;
}
export const UserGroupMsg = defineMessage<UserGroup>('UserGroupList.UserGroup', [
  ['group', 1, 'message', { message: () => GroupMsg }],
  ['state', 2, 'Int32Value'],
]);

export interface UserGroupList {
  userGroups?: UserGroup[];
  cursor?: string;
}
export const UserGroupListMsg = defineMessage<UserGroupList>('UserGroupList', [
  ['user_groups', 1, 'message', { repeated: true, message: () => UserGroupMsg }],
  ['cursor', 2, 'string'],
]);

export interface CreateGroupRequest {
  name?: string;
  description?: string;
  langTag?: string;
  avatarUrl?: string;
  open?: boolean;
  maxCount?: number;
}
export const CreateGroupRequestMsg = defineMessage<CreateGroupRequest>('CreateGroupRequest', [
  ['name', 1, 'string'],
  ['description', 2, 'string'],
  ['lang_tag', 3, 'string'],
  ['avatar_url', 4, 'string'],
  ['open', 5, 'bool'],
  ['max_count', 6, 'int32'],
]);

export interface UpdateGroupRequest {
  groupId?: string;
  name?: string;
  description?: string;
  langTag?: string;
  avatarUrl?: string;
  open?: boolean;
}
export const UpdateGroupRequestMsg = defineMessage<UpdateGroupRequest>('UpdateGroupRequest', [
  ['group_id', 1, 'string'],
  ['name', 2, 'StringValue'],
  ['description', 3, 'StringValue'],
  ['lang_tag', 4, 'StringValue'],
  ['avatar_url', 5, 'StringValue'],
  ['open', 6, 'BoolValue'],
]);

/** DeleteGroup, JoinGroup and LeaveGroup name only the group. */
export interface GroupIdRequest {
  groupId?: string;
}
export const DeleteGroupRequestMsg = defineMessage<GroupIdRequest>('DeleteGroupRequest', [['group_id', 1, 'string']]);
export const JoinGroupRequestMsg = defineMessage<GroupIdRequest>('JoinGroupRequest', [['group_id', 1, 'string']]);
export const LeaveGroupRequestMsg = defineMessage<GroupIdRequest>('LeaveGroupRequest', [['group_id', 1, 'string']]);

/** Add, Ban, Kick, Promote and Demote name the group and the users. */
export interface GroupUsersRequest {
  groupId?: string;
  userIds?: string[];
}
const groupUsersFields: FieldSpec[] = [
  ['group_id', 1, 'string'],
  ['user_ids', 2, 'string', { repeated: true }],
];
export const AddGroupUsersRequestMsg = defineMessage<GroupUsersRequest>('AddGroupUsersRequest', groupUsersFields);
export const BanGroupUsersRequestMsg = defineMessage<GroupUsersRequest>('BanGroupUsersRequest', groupUsersFields);
export const KickGroupUsersRequestMsg = defineMessage<GroupUsersRequest>('KickGroupUsersRequest', groupUsersFields);
export const PromoteGroupUsersRequestMsg = defineMessage<GroupUsersRequest>('PromoteGroupUsersRequest', groupUsersFields);
export const DemoteGroupUsersRequestMsg = defineMessage<GroupUsersRequest>('DemoteGroupUsersRequest', groupUsersFields);

export interface ListGroupsRequest {
  name?: string;
  cursor?: string;
  limit?: number;
  langTag?: string;
  members?: number;
  open?: boolean;
}
export const ListGroupsRequestMsg = defineMessage<ListGroupsRequest>('ListGroupsRequest', [
  ['name', 1, 'string'],
  ['cursor', 2, 'string'],
  ['limit', 3, 'Int32Value'],
  ['lang_tag', 4, 'string'],
  ['members', 5, 'Int32Value'],
  ['open', 6, 'BoolValue'],
]);

export interface ListGroupUsersRequest {
  groupId?: string;
  limit?: number;
  state?: number;
  cursor?: string;
}
export const ListGroupUsersRequestMsg = defineMessage<ListGroupUsersRequest>('ListGroupUsersRequest', [
  ['group_id', 1, 'string'],
  ['limit', 2, 'Int32Value'],
  ['state', 3, 'Int32Value'],
  ['cursor', 4, 'string'],
]);

export interface ListUserGroupsRequest {
  userId?: string;
  limit?: number;
  state?: number;
  cursor?: string;
}
export const ListUserGroupsRequestMsg = defineMessage<ListUserGroupsRequest>('ListUserGroupsRequest', [
  ['user_id', 1, 'string'],
  ['limit', 2, 'Int32Value'],
  ['state', 3, 'Int32Value'],
  ['cursor', 4, 'string'],
]);
