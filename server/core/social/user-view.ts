import type { User } from '../../protocol/api-messages.js';
import type { UserRecord } from '../../storage/repositories.js';
import { toApiUser } from '../account/account-service.js';

/** Whether a user has a live session on this node; the presence tracker answers it. */
export type OnlineCheck = (userId: string) => boolean;

/** Nakama's social listings carry whole seconds. */
export function wholeSeconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** A user as the friend and group listings show one: the client API's shape with whole-second times. */
export function userView(u: UserRecord, online: boolean): User {
  return { ...toApiUser(u, online), createTime: wholeSeconds(u.createTime), updateTime: wholeSeconds(u.updateTime) };
}
