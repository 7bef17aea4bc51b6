import { useState } from 'react';
import { api } from '../../app/api';
import { Badge, DataTable, ErrorBanner, PageHeader, useAsync, useToast } from '../../shared/ui';

interface ConfigKey {
  key: string;
  value: unknown;
  default: unknown;
  source: string;
  type: 'string' | 'int' | 'bool' | 'enum' | 'list';
  doc: string;
  values?: string[];
  min?: number;
  max?: number;
  live: boolean;
  secret: boolean;
  insecure: boolean;
  env: string;
}

const SOURCE_TONE: Record<string, 'neutral' | 'info' | 'ok' | 'warn'> = { default: 'neutral', file: 'info', env: 'info', flag: 'info', console: 'warn' };

function show(v: unknown): string {
  if (Array.isArray(v)) return v.length ? v.join(', ') : '[]';
  if (v === '') return '""';
  return String(v);
}

/** An inline editor for a live key: a select for enums and booleans, a number box for integers. */
function LiveEditor({ k, onSave }: { k: ConfigKey; onSave: (value: unknown) => void }) {
  const [draft, setDraft] = useState(String(k.value));
  if (k.type === 'enum' || k.type === 'bool') {
    const options = k.type === 'bool' ? ['true', 'false'] : (k.values ?? []);
    return (
      <select className="input small-input" aria-label={k.key} value={String(k.value)} onChange={(e) => onSave(k.type === 'bool' ? e.target.value === 'true' : e.target.value)}>
        {options.map((o) => (
          <option key={o} value={o}>{o}</option>
        ))}
      </select>
    );
  }
  return (
    <form className="inline-form" onSubmit={(e) => (e.preventDefault(), onSave(k.type === 'int' ? Number(draft) : draft))}>
      <input className="input small-input" aria-label={k.key} value={draft} type={k.type === 'int' ? 'number' : 'text'} min={k.min} max={k.max} onChange={(e) => setDraft(e.target.value)} />
      {draft !== String(k.value) ? <button className="btn primary small" type="submit">Apply</button> : null}
    </form>
  );
}

/** Config: every key's effective value and where it came from; live keys edit in place, the rest need a restart. */
export function ConfigPage() {
  const { data, error, reload } = useAsync(() => api.get<{ keys: ConfigKey[]; files: string[]; warnings: string[] }>('/config'), []);
  const [toast, notify] = useToast();
  const save = async (k: ConfigKey, value: unknown) => {
    try {
      await api.put(`/config/${k.key}`, { value });
      notify(`${k.key} is now ${show(value)}`);
      reload();
    } catch (err) {
      notify(err instanceof Error ? err.message : String(err), 'bad');
      reload();
    }
  };
  return (
    <div className="page">
      <PageHeader
        title="Config"
        subtitle={data ? (data.files.length ? `Files: ${data.files.join(', ')}` : 'No config file; values come from defaults, environment and flags.') : ' '}
      />
      {data?.warnings.length ? (
        <div className="banner warn">
          <b>Insecure defaults in use.</b> Anyone who knows Nakama's defaults can use this server until you change:
          <ul>
            {data.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <ErrorBanner error={error} />
      <DataTable
        rows={data?.keys ?? []}
        rowKey={(k) => k.key}
        pageSize={14}
        search={{ placeholder: 'Filter keys', text: (k) => `${k.key} ${k.doc}` }}
        columns={[
          { key: 'key', title: 'Key', width: '22%', render: (k) => <code title={k.env}>{k.key}</code> },
          {
            key: 'value',
            title: 'Value',
            width: '22%',
            render: (k) => (k.live ? <LiveEditor key={`${k.key}=${show(k.value)}`} k={k} onSave={(v) => void save(k, v)} /> : <span className={k.insecure ? 'text-warn' : ''}>{show(k.value)}</span>),
          },
          { key: 'source', title: 'Source', render: (k) => <Badge tone={SOURCE_TONE[k.source] ?? 'neutral'}>{k.source}</Badge> },
          {
            key: 'apply',
            title: 'Applies',
            render: (k) => (
              <span className="badges">
                {k.live ? <Badge tone="ok">live</Badge> : <Badge>restart</Badge>}
                {k.insecure ? <Badge tone="bad">insecure default</Badge> : null}
              </span>
            ),
          },
          { key: 'doc', title: 'Meaning', render: (k) => <span className="muted">{k.doc}</span> },
        ]}
      />
      <p className="muted small">Live changes last until the server restarts; put them in the config file to keep them.</p>
      {toast}
    </div>
  );
}
