import type { GroupMembership } from '../channel/group-membership.js';
import type { GroupService } from './group-service.js';

/**
 * Group chat follows group membership: superadmins, admins and members may join a group's channel and
 * read its history; join requests, banned users and strangers may not (Nakama answers "Group not found").
 */
export class GroupChatMembership implements GroupMembership {
  constructor(private readonly groups: GroupService) {}

  canChat(groupId: string, userId: string): Promise<boolean> {
    return this.groups.isMember(groupId, userId);
  }
}
