import { useState } from 'react';
import { api, qs } from '../../app/api';
import { navigate } from '../../app/router';
import { formatTime } from '../../shared/format';
import { Badge, ConfirmButton, DataTable, Empty, ErrorBanner, PageHeader, useAsync, useToast } from '../../shared/ui';

interface Board {
  id: string;
  tournament: boolean;
  title: string;
  sortOrder: 'asc' | 'desc';
  operator: string;
  resetSchedule: string;
  authoritative: boolean;
  size: number;
  maxSize: number;
  startTime: number;
  endTime: number;
  nextReset: number;
}

interface RecordRow {
  ownerId: string;
  username: string;
  score: number;
  subscore: number;
  numScore: number;
  rank: number;
  updateTime: number;
}

/** Leaderboards and tournaments on the left; the chosen board's records by rank, paged, on the right. */
export function Leaderboards() {
  const boards = useAsync(() => api.get<{ leaderboards: Board[] }>('/leaderboard'), []);
  const [selected, setSelected] = useState('');
  const [cursors, setCursors] = useState<string[]>(['']);
  const current = selected || boards.data?.leaderboards[0]?.id || '';
  const board = boards.data?.leaderboards.find((b) => b.id === current);
  const records = useAsync(
    () => (current ? api.get<{ records: RecordRow[]; nextCursor: string; rankCount: number }>(`/leaderboard/${encodeURIComponent(current)}/record${qs({ cursor: cursors.at(-1), limit: 20 })}`) : Promise.resolve({ records: [], nextCursor: '', rankCount: 0 })),
    [current, cursors],
  );
  const [toast, show] = useToast();
  const remove = async (r: RecordRow) => {
    try {
      await api.del(`/leaderboard/${encodeURIComponent(current)}/record/${r.ownerId}`);
      show(`Record of ${r.username || r.ownerId} deleted`);
      records.reload();
    } catch (err) {
      show(err instanceof Error ? err.message : String(err), 'bad');
    }
  };
  return (
    <div className="page">
      <PageHeader title="Leaderboards" subtitle="Leaderboards and running tournaments" actions={<button className="btn ghost" onClick={() => (boards.reload(), records.reload())}>Refresh</button>} />
      <ErrorBanner error={boards.error ?? records.error} />
      <div className="split storage-split">
        <div className="card list" aria-label="Boards">
          {(boards.data?.leaderboards ?? []).map((b) => (
            <button key={b.id} className={`list-item ${b.id === current ? 'active' : ''}`} onClick={() => (setSelected(b.id), setCursors(['']))}>
              <span className="grow">
                <b>{b.id}</b>
                <span className="muted small block">{b.tournament ? b.title || 'tournament' : `${b.operator} · ${b.sortOrder}`}</span>
              </span>
              {b.tournament ? <Badge tone="warn">T</Badge> : null}
            </button>
          ))}
          {boards.data && boards.data.leaderboards.length === 0 ? <Empty>No leaderboards yet.</Empty> : null}
        </div>
        <div>
          {board ? (
            <div className="toolbar badges">
              <Badge tone={board.tournament ? 'warn' : 'info'}>{board.tournament ? 'tournament' : 'leaderboard'}</Badge>
              <Badge>{board.sortOrder === 'desc' ? 'higher is better' : 'lower is better'}</Badge>
              <Badge>operator: {board.operator}</Badge>
              {board.authoritative ? <Badge tone="bad">authoritative</Badge> : null}
              {board.resetSchedule ? <Badge>resets {board.resetSchedule}</Badge> : null}
              {board.nextReset ? <span className="muted small">next reset {formatTime(board.nextReset)}</span> : null}
              {board.tournament && board.maxSize ? <span className="muted small">{board.size} / {board.maxSize} players</span> : null}
              <span className="muted small">{records.data?.rankCount ?? 0} ranked</span>
            </div>
          ) : null}
          <DataTable
            rows={records.data?.records ?? []}
            rowKey={(r) => r.ownerId}
            empty={current ? 'No records in this period.' : 'Choose a board.'}
            columns={[
              { key: 'rank', title: 'Rank', render: (r) => <b className="mono">{r.rank || '—'}</b>, width: '70px' },
              { key: 'owner', title: 'Player', render: (r) => <a href={`/players/${r.ownerId}`} onClick={(e) => (e.preventDefault(), navigate(`/players/${r.ownerId}`))}>{r.username || r.ownerId}</a> },
              { key: 'score', title: 'Score', render: (r) => r.score.toLocaleString(), className: 'num' },
              { key: 'subscore', title: 'Subscore', render: (r) => r.subscore.toLocaleString(), className: 'num' },
              { key: 'num', title: 'Submissions', render: (r) => r.numScore, className: 'num' },
              { key: 'updated', title: 'Updated', render: (r) => formatTime(r.updateTime), className: 'nowrap' },
              { key: 'actions', title: '', className: 'right', render: (r) => <ConfirmButton small label="Delete" confirm="Delete record" onConfirm={() => void remove(r)} /> },
            ]}
            footer={
              <div className="pager">
                <button className="btn ghost small" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>‹ Prev</button>
                <span className="muted">Page {cursors.length}</span>
                <button className="btn ghost small" disabled={!records.data?.nextCursor} onClick={() => records.data && setCursors([...cursors, records.data.nextCursor])}>Next ›</button>
              </div>
            }
          />
        </div>
      </div>
      {toast}
    </div>
  );
}
