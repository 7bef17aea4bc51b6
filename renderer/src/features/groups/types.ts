/** A group as the console API returns it (times in unix milliseconds). */
export interface GroupRow {
  id: string;
  creatorId: string;
  name: string;
  description: string;
  langTag: string;
  avatarUrl: string;
  open: boolean;
  edgeCount: number;
  maxCount: number;
  createTime: number;
  updateTime: number;
}

/** Nakama's group member states. */
export const GROUP_STATES = ['superadmin', 'admin', 'member', 'join request', 'banned'];
export const GROUP_STATE_TONES: ('ok' | 'info' | 'neutral' | 'warn' | 'bad')[] = ['ok', 'info', 'neutral', 'warn', 'bad'];
