/**
 * What chat needs to know about groups: whether a user may chat in one (Nakama: a member, not a join
 * request or banned). `GroupChatMembership` (core/group) answers it over the group service in main.ts;
 * `NoGroups` answers for a server without groups.
 */
export interface GroupMembership {
  canChat(groupId: string, userId: string): Promise<boolean>;
}

/**
 * No group exists, so nobody is a member. Nakama reads only the membership edge for this check, so a
 * missing group and a non-member get the same answer ("Group not found").
 */
export class NoGroups implements GroupMembership {
  async canChat(): Promise<boolean> {
    return false;
  }
}
