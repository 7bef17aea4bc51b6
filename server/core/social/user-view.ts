import type { User } from '../../protocol/api-messages.js';
import type { UserRecord } from '../../storage/repositories.js';

/** Whether a user has a live session on this node; the presence tracker answers it. */
export type OnlineCheck = (userId: string) => boolean;

/** Nakama's social listings carry whole seconds. */
export function wholeSeconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** A user as the friend and group listings show one. */
export function userView(u: UserRecord, online: boolean): User {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    avatarUrl: u.avatarUrl,
    langTag: u.langTag,
    location: u.location,
    timezone: u.timezone,
    metadata: u.metadata,
    facebookId: u.facebookId ?? undefined,
    googleId: u.googleId ?? undefined,
    gamecenterId: u.gamecenterId ?? undefined,
    steamId: u.steamId ?? undefined,
    online,
    edgeCount: u.edgeCount,
    createTime: wholeSeconds(u.createTime),
    updateTime: wholeSeconds(u.updateTime),
    facebookInstantGameId: u.facebookInstantGameId ?? undefined,
    appleId: u.appleId ?? undefined,
  };
}
