import { api } from '../../app/api';
import { formatClock } from '../../shared/format';
import { Badge, Empty, ErrorBanner, PageHeader, Stat, useAsync } from '../../shared/ui';

interface RuntimeInfo {
  module: { path: string; entrypoint: string; workers: number; maxMemoryMb: number; callTimeoutMs: number; loaded: boolean; loadError: string };
  registered: { rpcs: string[]; before: string[]; after: string[]; rtBefore: string[]; rtAfter: string[]; matches: string[]; callbacks: string[]; other: string[] };
  metrics: { kind: string; name: string; tags: Record<string, string>; value: number; count: number }[];
}

interface LogLine {
  seq: number;
  time: number;
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  fields: Record<string, unknown>;
}

/** One kind of registration as a card of name chips. */
function Names({ title, names, tone = 'info' }: { title: string; names: string[]; tone?: 'info' | 'ok' | 'warn' | 'neutral' }) {
  return (
    <section className="card pad">
      <h3>
        {title} <span className="muted small">{names.length}</span>
      </h3>
      {names.length ? (
        <div className="chips">
          {[...names].sort().map((n) => (
            <Badge key={n} tone={tone}>{n}</Badge>
          ))}
        </div>
      ) : (
        <span className="muted small">None registered.</span>
      )}
    </section>
  );
}

/** Runtime: the game's server module, whether it loaded, what it registered, its metrics and its log lines. */
export function Runtime() {
  const info = useAsync(() => api.get<RuntimeInfo>('/runtime'), []);
  const logs = useAsync(() => api.get<{ entries: LogLine[] }>('/runtime/log?limit=200'), []);
  const m = info.data?.module;
  const r = info.data?.registered;
  const fieldsText = (f: Record<string, unknown>) => {
    const rest = Object.entries(f).filter(([k]) => k !== 'component');
    return rest.length ? rest.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ') : '';
  };
  return (
    <div className="page">
      <PageHeader
        title="Runtime"
        subtitle={m ? (m.entrypoint ? `${m.path}/${m.entrypoint}` : 'No module configured (runtime.js_entrypoint is empty)') : ' '}
        actions={<button className="btn ghost" onClick={() => (info.reload(), logs.reload())}>Refresh</button>}
      />
      <ErrorBanner error={info.error ?? logs.error} />
      {m?.loadError ? <div className="banner bad"><b>The module did not load.</b> {m.loadError}</div> : null}
      {m ? (
        <div className="stats">
          <Stat label="Module" value={m.loaded ? 'Loaded' : m.entrypoint ? 'Not loaded' : 'None'} tone={m.loadError ? 'bad' : undefined} hint={m.entrypoint || 'runtime.js_entrypoint'} />
          <Stat label="RPCs" value={r?.rpcs.length ?? 0} hint="callable at /v2/rpc/{id}" />
          <Stat label="Hooks" value={(r?.before.length ?? 0) + (r?.after.length ?? 0) + (r?.rtBefore.length ?? 0) + (r?.rtAfter.length ?? 0)} hint="API and realtime, before and after" />
          <Stat label="Workers" value={m.workers} hint={`${m.maxMemoryMb} MB heap · ${m.callTimeoutMs} ms per call`} />
        </div>
      ) : null}
      {r ? (
        <div className="grid-2 top" style={{ marginTop: 14 }}>
          <Names title="RPC functions" names={r.rpcs} tone="ok" />
          <Names title="Match handlers" names={r.matches} tone="ok" />
          <Names title="Before hooks" names={[...r.before, ...r.rtBefore.map((n) => `rt:${n}`)]} />
          <Names title="After hooks" names={[...r.after, ...r.rtAfter.map((n) => `rt:${n}`)]} />
          <Names title="Callbacks" names={r.callbacks} tone="warn" />
          <Names title="Accepted, not served yet" names={r.other} tone="neutral" />
        </div>
      ) : null}
      <h2>Custom metrics</h2>
      {info.data && info.data.metrics.length ? (
        <div className="card table-wrap">
          <table className="table">
            <thead><tr><th>Name</th><th>Kind</th><th>Tags</th><th className="num">Value</th><th className="num">Updates</th></tr></thead>
            <tbody>
              {info.data.metrics.map((s) => (
                <tr key={`${s.kind}/${s.name}/${JSON.stringify(s.tags)}`}>
                  <td><b>{s.name}</b></td>
                  <td><Badge>{s.kind}</Badge></td>
                  <td className="mono small">{Object.entries(s.tags).map(([k, v]) => `${k}=${v}`).join(', ') || '—'}</td>
                  <td className="num">{s.value.toLocaleString()}</td>
                  <td className="num">{s.count.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div className="card"><Empty>The module has recorded no metrics.</Empty></div>
      )}
      <h2>Module log</h2>
      <div className="card log-view runtime-log" aria-label="Module log">
        {(logs.data?.entries ?? []).map((e) => (
          <div key={e.seq} className="log-line">
            <span className="log-time">{formatClock(e.time)}</span>
            <span className={`log-level ${e.level}`}>{e.level.toUpperCase()}</span>
            <span className="log-msg">{e.msg}</span>
            <span className="log-fields">{fieldsText(e.fields)}</span>
          </div>
        ))}
        {logs.data && logs.data.entries.length === 0 ? <Empty>No runtime log lines (lines below the logger level are not kept).</Empty> : null}
      </div>
    </div>
  );
}
