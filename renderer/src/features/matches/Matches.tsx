import { useEffect } from 'react';
import { api } from '../../app/api';
import { Badge, ConfirmButton, DataTable, ErrorBanner, PageHeader, useAsync, useToast } from '../../shared/ui';

interface MatchRow {
  matchId: string;
  authoritative: boolean;
  label: string;
  size: number;
  tickRate: number;
  handlerName: string;
  /** Authoritative matches only. */
  ticks?: number;
  overruns?: number;
  avgTickMs?: number;
  p99TickMs?: number;
}

/** Matches running on this node, refreshed every few seconds; any can be ended (authoritative ones through matchTerminate). */
export function Matches() {
  const { data, error, reload } = useAsync(() => api.get<{ matches: MatchRow[]; total: number }>('/match'), []);
  const [toast, show] = useToast();
  useEffect(() => {
    const t = setInterval(reload, 3000);
    return () => clearInterval(t);
  }, [reload]);
  const end = async (m: MatchRow) => {
    try {
      const r = await api.del<{ removed: number }>(`/match/${encodeURIComponent(m.matchId)}`);
      show(m.authoritative ? `Match terminated (${r.removed} player${r.removed === 1 ? '' : 's'} were in it)` : `Match ended; ${r.removed} player${r.removed === 1 ? '' : 's'} removed`);
      reload();
    } catch (err) {
      show(err instanceof Error ? err.message : String(err), 'bad');
    }
  };
  return (
    <div className="page">
      <PageHeader title="Matches" subtitle={data ? `${data.total} running` : ' '} actions={<button className="btn ghost" onClick={reload}>Refresh</button>} />
      <ErrorBanner error={error} />
      <DataTable
        rows={data?.matches ?? []}
        rowKey={(m) => m.matchId}
        search={{ placeholder: 'Filter by id or label', text: (m) => `${m.matchId} ${m.label}` }}
        empty="No matches are running."
        columns={[
          { key: 'id', title: 'Match id', render: (m) => <code>{m.matchId}</code> },
          { key: 'kind', title: 'Kind', render: (m) => (m.authoritative ? <Badge tone="info">authoritative</Badge> : <Badge>relayed</Badge>) },
          { key: 'label', title: 'Label', render: (m) => m.label || <span className="muted">—</span> },
          { key: 'size', title: 'Players', render: (m) => m.size, className: 'num' },
          { key: 'handler', title: 'Handler', render: (m) => m.handlerName || <span className="muted">—</span> },
          {
            key: 'ticks',
            title: 'Ticks',
            className: 'num',
            render: (m) =>
              m.authoritative ? (
                <span title={`${m.overruns ?? 0} overruns · p99 ${(m.p99TickMs ?? 0).toFixed(2)} ms`}>
                  {m.tickRate} Hz · {(m.avgTickMs ?? 0).toFixed(2)} ms{m.overruns ? <Badge tone="warn">{m.overruns} late</Badge> : null}
                </span>
              ) : (
                <span className="muted">—</span>
              ),
          },
          {
            key: 'act',
            title: '',
            className: 'right',
            render: (m) =>
              m.authoritative ? (
                <ConfirmButton small label="Terminate" confirm="Run matchTerminate and end it" onConfirm={() => void end(m)} />
              ) : (
                <ConfirmButton small label="End match" confirm="Remove all players" onConfirm={() => void end(m)} />
              ),
          },
        ]}
      />
      {toast}
    </div>
  );
}
