import { useEffect, useState } from 'react';
import { api, qs } from '../../app/api';
import { navigate } from '../../app/router';
import { formatTime, shortId } from '../../shared/format';
import { Badge, DataTable, ErrorBanner, PageHeader, useAsync } from '../../shared/ui';

export interface AccountRow {
  id: string;
  username: string;
  displayName: string;
  createTime: number;
  disableTime: number;
  online: boolean;
}

const PAGE = 15;

/** Players: server-side search (id, username prefix, device, custom id, email) with cursor paging. */
export function Players() {
  const [input, setInput] = useState(new URLSearchParams(location.search).get('q') ?? '');
  const [q, setQ] = useState(input);
  const [cursors, setCursors] = useState<string[]>(['']);
  useEffect(() => {
    const t = setTimeout(() => (setQ(input.trim()), setCursors([''])), 250);
    return () => clearTimeout(t);
  }, [input]);
  const cursor = cursors.at(-1)!;
  const { data, error, loading } = useAsync(() => api.get<{ users: AccountRow[]; nextCursor: string; totalCount: number }>(`/account${qs({ q, cursor, limit: PAGE })}`), [q, cursor]);
  return (
    <div className="page">
      <PageHeader title="Players" subtitle={data ? `${data.totalCount.toLocaleString()} accounts` : ' '} />
      <div className="toolbar">
        <input className="input search wide" placeholder="Search by user id, username, device id, custom id or email" value={input} onChange={(e) => setInput(e.target.value)} aria-label="Search players" />
        {loading ? <span className="muted">Searching…</span> : null}
      </div>
      <ErrorBanner error={error} />
      <DataTable
        rows={data?.users ?? []}
        rowKey={(u) => u.id}
        onRowClick={(u) => navigate(`/players/${u.id}`)}
        empty={q ? `No player matches “${q}”.` : 'No players yet.'}
        columns={[
          { key: 'username', title: 'Username', render: (u) => <b>{u.username}</b> },
          { key: 'display', title: 'Display name', render: (u) => u.displayName || <span className="muted">—</span> },
          { key: 'id', title: 'User id', render: (u) => <code title={u.id}>{shortId(u.id)}</code> },
          { key: 'created', title: 'Created', render: (u) => formatTime(u.createTime) },
          {
            key: 'state',
            title: 'State',
            render: (u) => (
              <span className="badges">
                {u.online ? <Badge tone="ok">online</Badge> : <Badge>offline</Badge>}
                {u.disableTime > 0 ? <Badge tone="bad">banned</Badge> : null}
              </span>
            ),
          },
        ]}
        footer={
          <div className="pager">
            <button className="btn ghost small" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
              ‹ Prev
            </button>
            <span className="muted">Page {cursors.length}</span>
            <button className="btn ghost small" disabled={!data?.nextCursor} onClick={() => data && setCursors([...cursors, data.nextCursor])}>
              Next ›
            </button>
          </div>
        }
      />
    </div>
  );
}
