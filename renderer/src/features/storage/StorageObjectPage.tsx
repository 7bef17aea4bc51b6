import { useEffect, useState } from 'react';
import { api, ApiError } from '../../app/api';
import { navigate } from '../../app/router';
import { formatTime } from '../../shared/format';
import { checkJsonObject, prettyJson } from '../../shared/json';
import { JsonEditor } from '../../shared/JsonEditor';
import { Badge, ConfirmButton, ErrorBanner, PageHeader, useToast } from '../../shared/ui';
import { objectPath, READ_LABELS, SYSTEM_USER_ID, WRITE_LABELS, type StorageObjectRow } from './types';

interface Address {
  collection: string;
  key: string;
  userId: string;
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="field">
      <div className="field-label">{label}</div>
      <div className="field-value">{children}</div>
    </div>
  );
}

/**
 * One storage object: its JSON in an editor that validates as you type, permissions, save and delete.
 * Every save sends the version that was loaded ('*' for a new object), so a concurrent edit by another admin
 * is refused with a conflict instead of being overwritten. A missing object opens as a new one.
 */
export function StorageObjectPage({ address }: { address: Address }) {
  const path = objectPath(address);
  const [loaded, setLoaded] = useState<StorageObjectRow | null | undefined>(undefined);
  const [text, setText] = useState('');
  const [read, setRead] = useState(1);
  const [write, setWrite] = useState(1);
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState('');
  const [saving, setSaving] = useState(false);
  const [toast, show] = useToast();

  const load = async () => {
    setError(null);
    setConflict('');
    try {
      const o = await api.get<StorageObjectRow>(`/storage/${path.slice('/storage/'.length)}`);
      setLoaded(o);
      setText(prettyJson(o.value));
      setRead(o.permissionRead);
      setWrite(o.permissionWrite);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        setLoaded(null);
        setText('{\n  \n}');
      } else setError(err);
    }
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path]);

  const check = checkJsonObject(text);
  const dirty = loaded === null || (loaded !== undefined && (text !== prettyJson(loaded.value) || read !== loaded.permissionRead || write !== loaded.permissionWrite));
  const save = async () => {
    if (!check.ok) return;
    setSaving(true);
    setConflict('');
    try {
      const saved = await api.put<StorageObjectRow>(`/storage/${path.slice('/storage/'.length)}`, {
        value: text,
        version: loaded ? loaded.version : '*',
        permissionRead: read,
        permissionWrite: write,
      });
      setLoaded(saved);
      setText(prettyJson(saved.value));
      show(loaded ? 'Object saved' : 'Object created');
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setConflict(err.message);
      else show(err instanceof Error ? err.message : String(err), 'bad');
    } finally {
      setSaving(false);
    }
  };
  const remove = async () => {
    try {
      await api.del(`/storage/${path.slice('/storage/'.length)}?version=${loaded?.version ?? ''}`);
      navigate(`/storage?collection=${encodeURIComponent(address.collection)}`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setConflict(err.message);
      else show(err instanceof Error ? err.message : String(err), 'bad');
    }
  };

  const back = `/storage?collection=${encodeURIComponent(address.collection)}`;
  return (
    <div className="page">
      <PageHeader
        title={`${address.collection} / ${address.key}`}
        subtitle={
          <span className="badges">
            <a href={back} onClick={(e) => (e.preventDefault(), navigate(back))}>← {address.collection}</a>
            {loaded === null ? <Badge tone="info">new object</Badge> : null}
            {loaded ? <Badge>version {loaded.version.slice(0, 8)}</Badge> : null}
            {dirty && loaded ? <Badge tone="warn">unsaved changes</Badge> : null}
          </span>
        }
        actions={
          <>
            <button className="btn ghost" onClick={() => void load()}>Reload</button>
            {loaded ? <ConfirmButton label="Delete" confirm="Delete object" onConfirm={() => void remove()} /> : null}
            <button className="btn primary" disabled={!check.ok || saving || !dirty} onClick={() => void save()}>
              {loaded === null ? 'Create' : 'Save'}
            </button>
          </>
        }
      />
      <ErrorBanner error={error} />
      {conflict ? (
        <div className="banner warn" role="alert">
          <b>Not saved: conflict.</b> {conflict}{' '}
          <button className="btn ghost small" onClick={() => void load()}>Load the latest version</button>
        </div>
      ) : null}
      <div className="editor-grid">
        <section className="card pad">
          <h3>Value</h3>
          <JsonEditor label="Object value" value={text} onChange={setText} rows={18} />
        </section>
        <aside className="stack">
          <section className="card pad">
            <h3>Permissions</h3>
            <label className="form-row">
              Read
              <select className="input" aria-label="Read permission" value={read} onChange={(e) => setRead(Number(e.target.value))}>
                {READ_LABELS.map((l, i) => <option key={i} value={i}>{l}</option>)}
              </select>
            </label>
            <label className="form-row" style={{ marginTop: 10 }}>
              Write
              <select className="input" aria-label="Write permission" value={write} onChange={(e) => setWrite(Number(e.target.value))}>
                {WRITE_LABELS.map((l, i) => <option key={i} value={i}>{l}</option>)}
              </select>
            </label>
            <p className="muted small">Saved with the value. The console may write any object; these only limit clients.</p>
          </section>
          <section className="card pad">
            <h3>Object</h3>
            <div className="stack">
              <Field label="Owner">
                {address.userId === SYSTEM_USER_ID ? (
                  <Badge>system</Badge>
                ) : (
                  <a href={`/players/${address.userId}`} onClick={(e) => (e.preventDefault(), navigate(`/players/${address.userId}`))}>
                    {loaded?.username || address.userId}
                  </a>
                )}
              </Field>
              <Field label="Version"><code>{loaded?.version ?? '—'}</code></Field>
              <Field label="Created">{loaded ? formatTime(loaded.createTime) : '—'}</Field>
              <Field label="Updated">{loaded ? formatTime(loaded.updateTime) : '—'}</Field>
            </div>
          </section>
        </aside>
      </div>
      {toast}
    </div>
  );
}
