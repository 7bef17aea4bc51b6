import { useCallback, useEffect, useState, type ReactNode } from 'react';

/** Page title with optional actions on the right. */
export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle ? <p className="subtitle">{subtitle}</p> : null}
      </div>
      {actions ? <div className="actions">{actions}</div> : null}
    </header>
  );
}

export function Stat({ label, value, hint, tone }: { label: string; value: ReactNode; hint?: ReactNode; tone?: 'ok' | 'warn' | 'bad' }) {
  return (
    <div className={`stat card ${tone ?? ''}`}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {hint ? <div className="stat-hint">{hint}</div> : null}
    </div>
  );
}

export function Badge({ children, tone = 'neutral' }: { children: ReactNode; tone?: 'neutral' | 'ok' | 'warn' | 'bad' | 'info' }) {
  return <span className={`badge ${tone}`}>{children}</span>;
}

export function ErrorBanner({ error }: { error: unknown }) {
  if (!error) return null;
  return <div className="banner bad">{error instanceof Error ? error.message : String(error)}</div>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

/** A button that asks once more before doing something destructive. */
export function ConfirmButton({ label, confirm, onConfirm, tone = 'danger', disabled, small }: { label: string; confirm: string; onConfirm: () => void; tone?: 'danger' | 'primary'; disabled?: boolean; small?: boolean }) {
  const size = small ? ' small' : '';
  const [asking, setAsking] = useState(false);
  useEffect(() => {
    if (!asking) return;
    const t = setTimeout(() => setAsking(false), 4000);
    return () => clearTimeout(t);
  }, [asking]);
  return asking ? (
    <button className={`btn ${tone}${size}`} onClick={() => (setAsking(false), onConfirm())}>
      {confirm}
    </button>
  ) : (
    <button className={`btn ${tone === 'danger' ? 'ghost-danger' : 'ghost'}${size}`} disabled={disabled} onClick={() => setAsking(true)}>
      {label}
    </button>
  );
}

/** Loads data when its inputs change; `reload` fetches again. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): { data: T | undefined; error: unknown; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, error: undefined, loading: false }),
      (error: unknown) => live && setState((s) => ({ ...s, error, loading: false })),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

export interface Column<T> {
  key: string;
  title: string;
  render: (row: T) => ReactNode;
  width?: string;
  className?: string;
}

/**
 * A table with an optional search box and client-side paging for lists already in memory; pages whose
 * server pages the data pass `footer` instead.
 */
export function DataTable<T>({
  rows,
  columns,
  rowKey,
  pageSize = 15,
  search,
  empty = 'Nothing here yet.',
  onRowClick,
  footer,
}: {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  pageSize?: number;
  search?: { placeholder: string; text: (row: T) => string };
  empty?: ReactNode;
  onRowClick?: (row: T) => void;
  footer?: ReactNode;
}) {
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);
  const filtered = search && query ? rows.filter((r) => search.text(r).toLowerCase().includes(query.toLowerCase())) : rows;
  const pages = Math.max(1, Math.ceil(filtered.length / pageSize));
  const current = Math.min(page, pages - 1);
  const shown = footer ? filtered : filtered.slice(current * pageSize, current * pageSize + pageSize);
  return (
    <div className="table-wrap card">
      {search ? (
        <div className="table-tools">
          <input className="input search" placeholder={search.placeholder} value={query} onChange={(e) => (setQuery(e.target.value), setPage(0))} />
          <span className="muted">{filtered.length} of {rows.length}</span>
        </div>
      ) : null}
      <table className="table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} className={c.className} style={c.width ? { width: c.width } : undefined}>
                {c.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="empty-row">
                {empty}
              </td>
            </tr>
          ) : (
            shown.map((row) => (
              <tr key={rowKey(row)} className={onRowClick ? 'clickable' : undefined} onClick={onRowClick ? () => onRowClick(row) : undefined}>
                {columns.map((c) => (
                  <td key={c.key} className={c.className}>
                    {c.render(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
      {footer ??
        (pages > 1 ? (
          <div className="pager">
            <button className="btn ghost small" disabled={current === 0} onClick={() => setPage(current - 1)}>
              ‹ Prev
            </button>
            <span className="muted">
              Page {current + 1} of {pages}
            </span>
            <button className="btn ghost small" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
              Next ›
            </button>
          </div>
        ) : null)}
    </div>
  );
}

/** A short-lived message at the bottom of the screen. */
export function useToast(): [ReactNode, (text: string, tone?: 'ok' | 'bad') => void] {
  const [toast, setToast] = useState<{ text: string; tone: 'ok' | 'bad'; id: number } | null>(null);
  useEffect(() => {
    if (!toast) return;
    const t = setTimeout(() => setToast(null), 3500);
    return () => clearTimeout(t);
  }, [toast]);
  const show = useCallback((text: string, tone: 'ok' | 'bad' = 'ok') => setToast({ text, tone, id: Date.now() }), []);
  return [toast ? <div key={toast.id} className={`toast ${toast.tone}`} role="status">{toast.text}</div> : null, show];
}
