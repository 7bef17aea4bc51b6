/**
 * What chat needs to know about groups: whether a user may chat in one (Nakama: a member, not a join
 * request or banned). `GroupChatMembership` (core/group) answers it over the group service in main.ts.
 */
export interface GroupMembership {
  canChat(groupId: string, userId: string): Promise<boolean>;
}

