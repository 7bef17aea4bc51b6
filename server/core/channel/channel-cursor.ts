import { isUuid } from '../../common/ids.js';
import type { PresenceStream } from '../../presence/stream.js';

/**
 * The cursors of ListChannelMessages: an opaque, URL-safe string holding the channel, the (create time, id)
 * of a message, the listing direction and whether it leads to the next or the previous page.
 */
export interface ChannelCursor {
  stream: PresenceStream;
  createTime: number;
  id: string;
  forward: boolean;
  isNext: boolean;
}

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

export function encodeChannelCursor(c: ChannelCursor): string {
  const { mode, subject, subcontext, label } = c.stream;
  return Buffer.from(JSON.stringify([mode, subject, subcontext, label, c.createTime, c.id, c.forward, c.isNext]), 'utf8').toString('base64url');
}

/** The cursor a string holds, or null when it is not one this server made. */
export function decodeChannelCursor(text: string): ChannelCursor | null {
  if (!BASE64URL.test(text)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 8) return null;
  const [mode, subject, subcontext, label, createTime, id, forward, isNext] = value as unknown[];
  if (typeof mode !== 'number' || typeof subject !== 'string' || typeof subcontext !== 'string' || typeof label !== 'string') return null;
  if (typeof createTime !== 'number' || !Number.isSafeInteger(createTime) || createTime < 0) return null;
  if (typeof id !== 'string' || !isUuid(id) || typeof forward !== 'boolean' || typeof isNext !== 'boolean') return null;
  return { stream: { mode, subject, subcontext, label }, createTime, id, forward, isNext };
}
