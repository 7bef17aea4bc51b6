import type { SimStatus, StatusSnapshot } from '../../../../server/protocol/console-status.js';
import { api } from '../../app/api';
import { formatBytes, formatDuration, formatTime } from '../../shared/format';
import { ConfirmButton, ErrorBanner, PageHeader, useAsync, useToast } from '../../shared/ui';

interface ServerInfo {
  name: string;
  version: string;
  nodeVersion: string;
  platform: string;
  pid: number;
  startedAt: number;
  uptimeSec: number;
  dataDir: string;
  addresses: Record<string, string>;
  database: { dialect: string; file: string; address: string; schemaVersion: number; pendingMigrations: number };
  backupSupported: boolean;
}

const ADDRESS_LABELS: Record<string, string> = { api: 'Client API (REST)', realtime: 'Realtime socket', console: 'Console', prometheus: 'Prometheus' };

/** Server: what runs where, versions, the database, and an online SQLite backup. */
export function ServerPage() {
  const { data: s, error, reload } = useAsync(() => api.get<ServerInfo>('/server'), []);
  const { data: status } = useAsync(() => api.get<{ history: StatusSnapshot[] }>('/status'), []);
  const sim: SimStatus | null = status?.history.at(-1)?.sim ?? null;
  const [toast, show] = useToast();
  const backup = async () => {
    try {
      const r = await api.post<{ file: string; bytes: number }>('/server/backup');
      show(`Backup written: ${r.file} (${formatBytes(r.bytes)})`);
    } catch (err) {
      show(err instanceof Error ? err.message : String(err), 'bad');
    }
  };
  return (
    <div className="page">
      <PageHeader title="Server" subtitle={s ? `${s.name} · Outpost ${s.version}` : ' '} actions={<button className="btn ghost" onClick={reload}>Refresh</button>} />
      <ErrorBanner error={error} />
      {s ? (
        <div className="grid-2">
          <section className="card pad">
            <h3>Process</h3>
            <dl className="kv">
              <dt>Node name</dt><dd>{s.name}</dd>
              <dt>Version</dt><dd>{s.version}</dd>
              <dt>Uptime</dt><dd>{formatDuration(s.uptimeSec)} <span className="muted">(since {formatTime(s.startedAt)})</span></dd>
              <dt>Runtime</dt><dd>Node {s.nodeVersion} · {s.platform}</dd>
              <dt>PID</dt><dd>{s.pid}</dd>
              <dt>Data dir</dt><dd><code>{s.dataDir}</code></dd>
            </dl>
          </section>
          <section className="card pad">
            <h3>Listening on</h3>
            <dl className="kv">
              {Object.entries(s.addresses).map(([k, v]) => (
                <div key={k} className="kv-row">
                  <dt>{ADDRESS_LABELS[k] ?? k}</dt>
                  <dd><code>{v}</code></dd>
                </div>
              ))}
            </dl>
          </section>
          <section className="card pad">
            <h3>Database</h3>
            <dl className="kv">
              <dt>Dialect</dt><dd>{s.database.dialect === 'sqlite' ? 'SQLite (embedded)' : 'PostgreSQL'}</dd>
              {s.database.file ? (<><dt>File</dt><dd><code>{s.database.file}</code></dd></>) : null}
              {s.database.address ? (<><dt>Address</dt><dd><code>{s.database.address}</code></dd></>) : null}
              <dt>Schema</dt><dd>version {s.database.schemaVersion}{s.database.pendingMigrations ? `, ${s.database.pendingMigrations} pending` : ', up to date'}</dd>
            </dl>
          </section>
          <section className="card pad">
            <h3>Match physics</h3>
            {sim ? (
              <dl className="kv">
                <dt>Runs on</dt><dd>{sim.backend === 'gpu' ? `GPU · ${sim.adapter ?? 'unknown adapter'}` : 'CPU'}</dd>
                {sim.fallbackReason ? (<><dt>Why not GPU</dt><dd className="muted">{sim.fallbackReason}</dd></>) : null}
                <dt>Worlds</dt><dd>{sim.worlds} · {sim.bodies} bodies</dd>
                <dt>Step</dt><dd>{sim.lastStepMs.toFixed(2)} ms last · {sim.avgStepMs.toFixed(2)} ms average</dd>
              </dl>
            ) : (
              <p className="muted">No authoritative match has opened a physics world yet; the GPU is opened with the first one.</p>
            )}
          </section>
          <section className="card pad">
            <h3>Backup</h3>
            {s.backupSupported ? (
              <>
                <p className="muted">Copies the live SQLite database to <code>{s.dataDir}/backups/</code> without stopping the server; requests keep flowing while it runs.</p>
                <ConfirmButton label="Back up now" confirm="Start backup" tone="primary" onConfirm={() => void backup()} />
              </>
            ) : (
              <p className="muted">PostgreSQL is backed up with its own tools, e.g. <code>pg_dump</code>.</p>
            )}
          </section>
        </div>
      ) : null}
      {toast}
    </div>
  );
}
