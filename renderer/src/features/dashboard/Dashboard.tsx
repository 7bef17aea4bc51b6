import type { StatusSnapshot } from '../../../../server/protocol/console-status.js';
import type { LiveConnection } from '../../app/live';
import { useStatus } from '../../app/live';
import { LineChart } from '../../shared/chart';
import { formatBytes, formatDuration, formatRate } from '../../shared/format';
import { DataTable, PageHeader, Stat } from '../../shared/ui';

const C = { blue: '#58a6ff', green: '#3fb950', red: '#f85149', amber: '#d29922', purple: '#bc8cff', teal: '#39c5cf' };

/** Live figures: totals on top, charts of the last five minutes, and the busiest operations. */
export function Dashboard({ live }: { live: LiveConnection }) {
  const status = useStatus(live);
  const h: StatusSnapshot[] = live.history;
  const pick = (f: (s: StatusSnapshot) => number) => h.map(f);
  if (!status) return <PageHeader title="Dashboard" subtitle="Waiting for the first sample…" />;
  const sys = status.system;
  const memPct = sys.memoryTotalBytes ? (sys.memoryUsedBytes / sys.memoryTotalBytes) * 100 : 0;
  return (
    <div className="page">
      <PageHeader title="Dashboard" subtitle={<>Node <b>{status.node}</b> · up {formatDuration(status.uptimeSec)} · live, one sample per second</>} />
      <div className="stats">
        <Stat label="Sessions (CCU)" value={<span data-testid="ccu">{status.sessions}</span>} hint={`${status.presences} presences`} />
        <Stat label="Matches" value={status.matches} hint={`${status.parties} parties`} />
        <Stat label="Requests / s" value={formatRate(status.requestsPerSec)} hint={`${status.avgLatencyMs.toFixed(1)} ms avg`} />
        <Stat label="Errors / s" value={formatRate(status.errorsPerSec)} tone={status.errorsPerSec > 0 ? 'warn' : undefined} />
        <Stat label="CPU" value={sys.cpuPercent === null ? '—' : `${sys.cpuPercent.toFixed(0)}%`} hint={`${sys.cpuCores} cores`} />
        <Stat label="Memory" value={`${memPct.toFixed(0)}%`} hint={`${formatBytes(sys.memoryUsedBytes)} of ${formatBytes(sys.memoryTotalBytes)}`} />
        <Stat label="Process RSS" value={formatBytes(status.rssBytes)} hint={`heap ${formatBytes(status.heapUsedBytes)}`} />
        <Stat label="Event-loop lag" value={`${status.eventLoopLagMs.toFixed(1)} ms`} tone={status.eventLoopLagMs > 50 ? 'bad' : status.eventLoopLagMs > 20 ? 'warn' : undefined} />
      </div>
      <div className="charts">
        <LineChart title="Concurrent users" series={[{ name: 'sessions', color: C.blue, values: pick((s) => s.sessions) }, { name: 'presences', color: C.purple, values: pick((s) => s.presences) }]} />
        <LineChart
          title="Requests per second"
          format={formatRate}
          series={[{ name: 'requests', color: C.green, values: pick((s) => s.requestsPerSec) }, { name: 'errors', color: C.red, values: pick((s) => s.errorsPerSec) }]}
        />
        <LineChart title="CPU" max={100} format={(v) => `${Math.round(v)}%`} series={[{ name: 'machine', color: C.amber, values: pick((s) => s.system.cpuPercent ?? 0) }]} />
        <LineChart
          title="Memory"
          format={formatBytes}
          series={[{ name: 'machine', color: C.teal, values: pick((s) => s.system.memoryUsedBytes) }, { name: 'server', color: C.purple, values: pick((s) => s.rssBytes) }]}
        />
        <LineChart
          title="Network"
          format={(v) => `${formatBytes(v)}/s`}
          series={[{ name: 'in', color: C.blue, values: pick((s) => s.system.networkRxBytesPerSec) }, { name: 'out', color: C.green, values: pick((s) => s.system.networkTxBytesPerSec) }]}
        />
        {sys.gpus.length > 0 ? (
          <LineChart
            title={`GPU · ${sys.gpus[0]!.model}`}
            max={100}
            format={(v) => `${Math.round(v)}`}
            series={[
              { name: 'load %', color: C.red, values: pick((s) => s.system.gpus[0]?.loadPercent ?? 0) },
              { name: 'temp °C', color: C.amber, values: pick((s) => s.system.gpus[0]?.temperatureC ?? 0) },
            ]}
          />
        ) : (
          <div className="card chart placeholder-card">
            <div className="chart-title">GPU</div>
            <p className="muted">No GPU reported by the driver on this machine. Load and temperature appear here when one is.</p>
          </div>
        )}
      </div>
      <h2>Operations</h2>
      <DataTable
        rows={status.operations}
        rowKey={(o) => o.name}
        pageSize={8}
        empty="No client API calls yet."
        columns={[
          { key: 'name', title: 'Operation', render: (o) => <code>{o.name}</code> },
          { key: 'rps', title: 'Req/s', render: (o) => formatRate(o.requestsPerSec), className: 'num' },
          { key: 'eps', title: 'Err/s', render: (o) => formatRate(o.errorsPerSec), className: 'num' },
          { key: 'lat', title: 'Avg latency', render: (o) => (o.requestsPerSec > 0 ? `${o.avgLatencyMs.toFixed(2)} ms` : '—'), className: 'num' },
          { key: 'total', title: 'Total', render: (o) => o.total.toLocaleString(), className: 'num' },
          { key: 'errors', title: 'Errors', render: (o) => o.errors.toLocaleString(), className: 'num' },
        ]}
      />
    </div>
  );
}
