import { useEffect, useState } from 'react';
import { api, qs } from '../../app/api';
import { navigate } from '../../app/router';
import { formatTime } from '../../shared/format';
import { Badge, ConfirmButton, DataTable, ErrorBanner, PageHeader, useAsync, useToast } from '../../shared/ui';
import { GROUP_STATE_TONES, GROUP_STATES, type GroupRow } from './types';

interface Member {
  userId: string;
  username: string;
  displayName: string;
  online: boolean;
  state: number;
}

/** One group: settings (name, description, open, max count), members with their states, removal and deletion. */
export function GroupDetail({ id }: { id: string }) {
  const group = useAsync(() => api.get<GroupRow & { creatorUsername: string }>(`/group/${encodeURIComponent(id)}`), [id]);
  const [cursors, setCursors] = useState<string[]>(['']);
  const members = useAsync(() => api.get<{ members: Member[]; nextCursor: string }>(`/group/${encodeURIComponent(id)}/member${qs({ cursor: cursors.at(-1), limit: 50 })}`), [id, cursors]);
  const [form, setForm] = useState({ name: '', description: '', open: false, maxCount: 100 });
  const [toast, show] = useToast();
  const g = group.data;
  useEffect(() => {
    if (g) setForm({ name: g.name, description: g.description, open: g.open, maxCount: g.maxCount });
  }, [g]);
  const act = async (what: string, call: () => Promise<unknown>, after?: () => void) => {
    try {
      await call();
      show(what);
      if (after) after();
      else (group.reload(), members.reload());
    } catch (err) {
      show(err instanceof Error ? err.message : String(err), 'bad');
    }
  };
  if (group.error) return <div className="page"><PageHeader title="Group" /><ErrorBanner error={group.error} /></div>;
  if (!g) return <div className="page"><PageHeader title="Group" subtitle="Loading…" /></div>;
  const changed = form.name !== g.name || form.description !== g.description || form.open !== g.open || form.maxCount !== g.maxCount;
  return (
    <div className="page">
      <PageHeader
        title={g.name}
        subtitle={
          <span className="badges">
            <a href="/groups" onClick={(e) => (e.preventDefault(), navigate('/groups'))}>← Groups</a>
            {g.open ? <Badge tone="ok">open</Badge> : <Badge>closed</Badge>}
            <Badge tone="info">{g.edgeCount} / {g.maxCount} members</Badge>
          </span>
        }
        actions={<ConfirmButton label="Delete group" confirm="Delete for good" onConfirm={() => act('Group deleted', () => api.del(`/group/${g.id}`), () => navigate('/groups'))} />}
      />
      <div className="grid-2 top">
        <section className="card pad">
          <h3>Settings</h3>
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              void act('Group saved', () => api.put(`/group/${g.id}`, form));
            }}
          >
            <label>Name<input className="input" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} aria-label="Group name" /></label>
            <label>Description<textarea className="input" rows={3} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} aria-label="Group description" /></label>
            <div className="row">
              <label className="grow">Max members<input className="input" type="number" min={1} value={form.maxCount} onChange={(e) => setForm({ ...form, maxCount: Number(e.target.value) })} aria-label="Max members" /></label>
              <label className="check grow"><input type="checkbox" checked={form.open} onChange={(e) => setForm({ ...form, open: e.target.checked })} /> Open (anyone may join)</label>
            </div>
            <div className="button-row">
              <button className="btn primary" type="submit" disabled={!changed}>Save changes</button>
              {changed ? <button className="btn ghost" type="button" onClick={() => setForm({ name: g.name, description: g.description, open: g.open, maxCount: g.maxCount })}>Discard</button> : null}
            </div>
          </form>
        </section>
        <section className="card pad">
          <h3>About</h3>
          <dl className="kv">
            <div className="kv-row"><dt>Group id</dt><dd><code>{g.id}</code></dd></div>
            <div className="kv-row"><dt>Creator</dt><dd>{g.creatorUsername ? <a href={`/players/${g.creatorId}`} onClick={(e) => (e.preventDefault(), navigate(`/players/${g.creatorId}`))}>{g.creatorUsername}</a> : <span className="muted">—</span>}</dd></div>
            <div className="kv-row"><dt>Language</dt><dd>{g.langTag}</dd></div>
            <div className="kv-row"><dt>Created</dt><dd>{formatTime(g.createTime)}</dd></div>
            <div className="kv-row"><dt>Updated</dt><dd>{formatTime(g.updateTime)}</dd></div>
          </dl>
        </section>
      </div>
      <h2>Members</h2>
      <ErrorBanner error={members.error} />
      <DataTable
        rows={members.data?.members ?? []}
        rowKey={(m) => m.userId}
        empty="No members."
        columns={[
          { key: 'user', title: 'Player', render: (m) => <a href={`/players/${m.userId}`} onClick={(e) => (e.preventDefault(), navigate(`/players/${m.userId}`))}>{m.username}</a> },
          { key: 'display', title: 'Display name', render: (m) => m.displayName || <span className="muted">—</span> },
          { key: 'state', title: 'State', render: (m) => <Badge tone={GROUP_STATE_TONES[m.state]}>{GROUP_STATES[m.state] ?? m.state}</Badge> },
          { key: 'online', title: 'Online', render: (m) => (m.online ? <Badge tone="ok">online</Badge> : <span className="muted">offline</span>) },
          {
            key: 'actions',
            title: '',
            className: 'right',
            render: (m) => <ConfirmButton small label="Remove" confirm={`Remove ${m.username}`} onConfirm={() => act(`${m.username} removed`, () => api.del(`/group/${g.id}/member/${m.userId}`))} />,
          },
        ]}
        footer={
          cursors.length > 1 || members.data?.nextCursor ? (
            <div className="pager">
              <button className="btn ghost small" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>‹ Prev</button>
              <span className="muted">Page {cursors.length}</span>
              <button className="btn ghost small" disabled={!members.data?.nextCursor} onClick={() => members.data && setCursors([...cursors, members.data.nextCursor])}>Next ›</button>
            </div>
          ) : (
            <span />
          )
        }
      />
      {toast}
    </div>
  );
}
