import { useEffect, useState } from 'react';
import { api, qs } from '../../app/api';
import { navigate } from '../../app/router';
import { formatTime, shortId } from '../../shared/format';
import { Badge, DataTable, ErrorBanner, PageHeader, useAsync } from '../../shared/ui';
import type { GroupRow } from './types';

const PAGE = 20;

/** Groups: search by name prefix (case-insensitive) or exact id, with cursor paging. */
export function Groups() {
  const [input, setInput] = useState('');
  const [q, setQ] = useState('');
  const [cursors, setCursors] = useState<string[]>(['']);
  useEffect(() => {
    const t = setTimeout(() => (setQ(input.trim()), setCursors([''])), 250);
    return () => clearTimeout(t);
  }, [input]);
  const { data, error, loading } = useAsync(() => api.get<{ groups: GroupRow[]; nextCursor: string }>(`/group${qs({ q, cursor: cursors.at(-1), limit: PAGE })}`), [q, cursors]);
  return (
    <div className="page">
      <PageHeader title="Groups" subtitle="Clans, guilds and teams" />
      <div className="toolbar">
        <input className="input search wide" placeholder="Search by group name prefix or group id" value={input} onChange={(e) => setInput(e.target.value)} aria-label="Search groups" />
        {loading ? <span className="muted">Searching…</span> : null}
      </div>
      <ErrorBanner error={error} />
      <DataTable
        rows={data?.groups ?? []}
        rowKey={(g) => g.id}
        onRowClick={(g) => navigate(`/groups/${g.id}`)}
        empty={q ? `No group matches “${q}”.` : 'No groups yet.'}
        columns={[
          { key: 'name', title: 'Name', render: (g) => <b>{g.name}</b> },
          { key: 'description', title: 'Description', render: (g) => (g.description ? <span className="clip">{g.description}</span> : <span className="muted">—</span>) },
          { key: 'id', title: 'Group id', render: (g) => <code title={g.id}>{shortId(g.id)}</code> },
          { key: 'members', title: 'Members', render: (g) => <span className="mono">{g.edgeCount} / {g.maxCount}</span>, width: '100px' },
          { key: 'open', title: 'Joining', render: (g) => (g.open ? <Badge tone="ok">open</Badge> : <Badge>closed</Badge>), width: '90px' },
          { key: 'created', title: 'Created', render: (g) => formatTime(g.createTime), className: 'nowrap' },
        ]}
        footer={
          <div className="pager">
            <button className="btn ghost small" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>‹ Prev</button>
            <span className="muted">Page {cursors.length}</span>
            <button className="btn ghost small" disabled={!data?.nextCursor} onClick={() => data && setCursors([...cursors, data.nextCursor])}>Next ›</button>
          </div>
        }
      />
    </div>
  );
}
