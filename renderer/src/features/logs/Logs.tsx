import { useEffect, useRef, useState } from 'react';
import { api, qs } from '../../app/api';
import type { LiveConnection, LogLine } from '../../app/live';
import { formatClock } from '../../shared/format';
import { PageHeader } from '../../shared/ui';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
const ORDER = { debug: 0, info: 1, warn: 2, error: 3 };
const KEEP = 2000;

function matches(l: LogLine, needle: string): boolean {
  if (!needle) return true;
  const n = needle.toLowerCase();
  return l.msg.toLowerCase().includes(n) || JSON.stringify(l.fields).toLowerCase().includes(n);
}

/** Logs: the server's recent lines, then a live tail over the console socket; filter by level and text. */
export function Logs({ live }: { live: LiveConnection }) {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [level, setLevel] = useState<(typeof LEVELS)[number]>('debug');
  const [search, setSearch] = useState('');
  const [paused, setPaused] = useState(false);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  const bottom = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let cancelled = false;
    void api.get<{ entries: LogLine[] }>(`/logs${qs({ limit: 1000 })}`).then((r) => !cancelled && setLines((cur) => mergeLines(r.entries, cur)));
    const off = live.onLog((line) => {
      if (!pausedRef.current) setLines((cur) => mergeLines(cur, [line]));
    });
    return () => {
      cancelled = true;
      off();
    };
  }, [live]);

  const shown = lines.filter((l) => ORDER[l.level] >= ORDER[level] && matches(l, search));
  useEffect(() => {
    if (!paused) bottom.current?.scrollIntoView({ block: 'end' });
  }, [shown.length, paused]);

  return (
    <div className="page fill">
      <PageHeader
        title="Logs"
        subtitle="Live tail of the server log"
        actions={
          <>
            <select className="input" aria-label="Level" value={level} onChange={(e) => setLevel(e.target.value as (typeof LEVELS)[number])}>
              {LEVELS.map((l) => (
                <option key={l} value={l}>{l} and above</option>
              ))}
            </select>
            <input className="input search" aria-label="Search logs" placeholder="Search messages and fields" value={search} onChange={(e) => setSearch(e.target.value)} />
            <button className="btn ghost" onClick={() => setPaused(!paused)}>{paused ? 'Resume' : 'Pause'}</button>
            <button className="btn ghost" onClick={() => setLines([])}>Clear</button>
          </>
        }
      />
      <div className="log-view card" role="log">
        {shown.map((l) => (
          <div key={l.seq} className={`log-line ${l.level}`}>
            <span className="log-time">{formatClock(l.time)}</span>
            <span className={`log-level ${l.level}`}>{l.level.toUpperCase()}</span>
            <span className="log-msg">{l.msg}</span>
            {Object.keys(l.fields).length ? <span className="log-fields">{JSON.stringify(l.fields)}</span> : null}
          </div>
        ))}
        {shown.length === 0 ? <div className="empty">No log lines match.</div> : null}
        <div ref={bottom} />
      </div>
      <p className="muted small">{shown.length} of {lines.length} lines shown · the server writes lines at or above the configured logger.level (change it on the Config page).</p>
    </div>
  );
}

function mergeLines(a: LogLine[], b: LogLine[]): LogLine[] {
  const seen = new Set(a.map((l) => l.seq));
  const out = [...a, ...b.filter((l) => !seen.has(l.seq))].sort((x, y) => x.seq - y.seq);
  return out.length > KEEP ? out.slice(-KEEP) : out;
}
