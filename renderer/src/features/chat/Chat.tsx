import { useState } from 'react';
import { api, qs } from '../../app/api';
import { formatTime, shortId } from '../../shared/format';
import { Badge, ConfirmButton, Empty, ErrorBanner, PageHeader, useAsync, useToast } from '../../shared/ui';

interface ChannelRow {
  channelId: string;
  mode: number;
  subject: string;
  subcontext: string;
  label: string;
  messageCount: number;
  lastMessageTime: number;
}

interface MessageRow {
  messageId: string;
  senderId: string;
  username: string;
  code: number;
  content: string;
  createTime: number;
}

/** Chat content is a JSON object; most games send `{text}`, which reads best on its own. */
function messageText(content: string): { text: string; json: boolean } {
  try {
    const v = JSON.parse(content) as Record<string, unknown>;
    const keys = Object.keys(v);
    if (keys.length === 1 && typeof v.text === 'string') return { text: v.text, json: false };
  } catch {
    // Shown as stored.
  }
  return { text: content, json: true };
}

const KIND: Record<number, string> = { 2: 'room', 3: 'group', 4: 'direct' };

function channelName(c: ChannelRow): string {
  if (c.mode === 2) return `#${c.label}`;
  if (c.mode === 3) return `group ${shortId(c.subject)}`;
  return `${shortId(c.subject)} ↔ ${shortId(c.subcontext)}`;
}

/** Chat: channels with stored history on the left, their messages (newest first) on the right. */
export function Chat() {
  const channels = useAsync(() => api.get<{ channels: ChannelRow[] }>('/channel'), []);
  const [selected, setSelected] = useState<string>('');
  const [cursors, setCursors] = useState<string[]>(['']);
  const current = selected || channels.data?.channels[0]?.channelId || '';
  const messages = useAsync(
    () => (current ? api.get<{ messages: MessageRow[]; nextCursor: string }>(`/channel/${encodeURIComponent(current)}/message${qs({ cursor: cursors.at(-1), limit: 25 })}`) : Promise.resolve({ messages: [], nextCursor: '' })),
    [current, cursors],
  );
  const [toast, show] = useToast();
  const remove = async (m: MessageRow) => {
    try {
      await api.del(`/message/${m.messageId}`);
      show('Message deleted');
      messages.reload();
      channels.reload();
    } catch (err) {
      show(err instanceof Error ? err.message : String(err), 'bad');
    }
  };
  return (
    <div className="page">
      <PageHeader title="Chat" subtitle="Channels with stored history" actions={<button className="btn ghost" onClick={() => (channels.reload(), messages.reload())}>Refresh</button>} />
      <ErrorBanner error={channels.error ?? messages.error} />
      <div className="split">
        <div className="card list">
          {(channels.data?.channels ?? []).map((c) => (
            <button key={c.channelId} className={`list-item ${c.channelId === current ? 'active' : ''}`} onClick={() => (setSelected(c.channelId), setCursors(['']))}>
              <span className="grow">
                <b>{channelName(c)}</b>
                <span className="muted small block">{c.messageCount} messages · {formatTime(c.lastMessageTime)}</span>
              </span>
              <Badge>{KIND[c.mode] ?? c.mode}</Badge>
            </button>
          ))}
          {channels.data && channels.data.channels.length === 0 ? <Empty>No chat history yet.</Empty> : null}
        </div>
        <div className="card messages">
          {(messages.data?.messages ?? []).map((m) => (
            <div key={m.messageId} className="message">
              <div className="message-head">
                <b>{m.username}</b>
                <span className="muted small">{formatTime(m.createTime)}</span>
                <span className="grow" />
                <ConfirmButton small label="Delete" confirm="Confirm delete" onConfirm={() => void remove(m)} />
              </div>
              {(() => {
                const body = messageText(m.content);
                return body.json ? <pre className="message-body">{body.text}</pre> : <p className="message-text">{body.text}</p>;
              })()}
            </div>
          ))}
          {current && messages.data?.messages.length === 0 ? <Empty>No messages in this channel.</Empty> : null}
          {current ? (
            <div className="pager">
              <button className="btn ghost small" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>‹ Newer</button>
              <span className="muted">Page {cursors.length}</span>
              <button className="btn ghost small" disabled={!messages.data?.nextCursor} onClick={() => messages.data && setCursors([...cursors, messages.data.nextCursor])}>Older ›</button>
            </div>
          ) : null}
        </div>
      </div>
      {toast}
    </div>
  );
}
