import { useState, type FormEvent } from 'react';
import { api, qs } from '../../app/api';
import { formatTime } from '../../shared/format';
import { ConfirmButton, DataTable, ErrorBanner, PageHeader, useAsync, useToast } from '../../shared/ui';

interface NotificationRow {
  id: string;
  subject: string;
  content: string;
  code: number;
  senderId: string;
  createTime: number;
}

/** Notifications: send one to players (live, and stored when persistent), list and delete a player's. */
export function Notifications() {
  const [userId, setUserId] = useState(new URLSearchParams(location.search).get('user') ?? '');
  const [subject, setSubject] = useState('');
  const [content, setContent] = useState('{}');
  const [code, setCode] = useState('1');
  const [persistent, setPersistent] = useState(true);
  const [toast, show] = useToast();
  const valid = /^[0-9a-f-]{36}$/i.test(userId.trim());
  const list = useAsync(() => (valid ? api.get<{ notifications: NotificationRow[] }>(`/notification${qs({ userId: userId.trim() })}`) : Promise.resolve({ notifications: [] })), [userId]);
  const send = async (e: FormEvent) => {
    e.preventDefault();
    let parsed: unknown;
    try {
      parsed = JSON.parse(content || '{}');
    } catch {
      show('Content must be a JSON object', 'bad');
      return;
    }
    try {
      const ids = userId.split(/[\s,]+/).filter(Boolean);
      await api.post('/notification', { userIds: ids, subject, content: parsed, code: Number(code), persistent });
      show(`Sent to ${ids.length} player${ids.length === 1 ? '' : 's'}`);
      list.reload();
    } catch (err) {
      show(err instanceof Error ? err.message : String(err), 'bad');
    }
  };
  return (
    <div className="page">
      <PageHeader title="Notifications" subtitle="Send in-app notifications and inspect a player's inbox" />
      <div className="grid-2 top">
        <form className="card pad form" onSubmit={send}>
          <h3>Send</h3>
          <label>
            User ids <span className="muted small">(one or more, separated by spaces or commas)</span>
            <input className="input" value={userId} onChange={(e) => setUserId(e.target.value)} placeholder="00000000-0000-0000-0000-000000000000" />
          </label>
          <label>
            Subject
            <input className="input" value={subject} onChange={(e) => setSubject(e.target.value)} placeholder="Server maintenance at 22:00" />
          </label>
          <label>
            Content (JSON object)
            <textarea className="input mono" rows={4} value={content} onChange={(e) => setContent(e.target.value)} />
          </label>
          <div className="row">
            <label className="grow">
              Code
              <input className="input" type="number" min={1} value={code} onChange={(e) => setCode(e.target.value)} />
            </label>
            <label className="check">
              <input type="checkbox" checked={persistent} onChange={(e) => setPersistent(e.target.checked)} /> Persistent (stored)
            </label>
          </div>
          <button className="btn primary" type="submit" disabled={!subject || !userId.trim()}>
            Send notification
          </button>
        </form>
        <div>
          <h3 className="section-title">Inbox {valid ? <code className="small">{userId.trim()}</code> : <span className="muted small">— enter one user id to list</span>}</h3>
          <ErrorBanner error={list.error} />
          <DataTable
            rows={list.data?.notifications ?? []}
            rowKey={(n) => n.id}
            pageSize={8}
            empty={valid ? 'No stored notifications.' : 'Enter a user id above.'}
            columns={[
              { key: 'subject', title: 'Subject', render: (n) => <b>{n.subject}</b> },
              { key: 'code', title: 'Code', render: (n) => n.code, className: 'num' },
              { key: 'content', title: 'Content', render: (n) => <code className="clip">{n.content}</code> },
              { key: 'time', title: 'Sent', render: (n) => formatTime(n.createTime) },
              {
                key: 'del',
                title: '',
                className: 'right',
                render: (n) => (
                  <ConfirmButton
                    small
                    label="Delete"
                    confirm="Confirm"
                    onConfirm={() => void api.del(`/notification/${userId.trim()}/${n.id}`).then(list.reload, (err: Error) => show(err.message, 'bad'))}
                  />
                ),
              },
            ]}
          />
        </div>
      </div>
      {toast}
    </div>
  );
}
