import { useEffect, useState } from 'react';
import { api, qs } from '../../app/api';
import { navigate } from '../../app/router';
import { formatTime, shortId } from '../../shared/format';
import { Badge, DataTable, Empty, ErrorBanner, PageHeader, useAsync } from '../../shared/ui';
import { objectPath, SYSTEM_USER_ID, type StorageObjectRow } from './types';

const PAGE = 20;

/** A short one-line preview of a stored value. */
function preview(value: string): string {
  return value.length > 80 ? `${value.slice(0, 80)}…` : value;
}

/** The "new object" form: where the object goes; the editor opens with an empty object to fill in. */
function NewObject({ collection, onCancel }: { collection: string; onCancel: () => void }) {
  const [c, setC] = useState(collection);
  const [key, setKey] = useState('');
  const [owner, setOwner] = useState('');
  const ownerId = owner.trim() || SYSTEM_USER_ID;
  return (
    <form
      className="card pad inline-create"
      onSubmit={(e) => {
        e.preventDefault();
        navigate(objectPath({ collection: c.trim(), key: key.trim(), userId: ownerId }));
      }}
    >
      <h3>New object</h3>
      <div className="row">
        <label className="form-row grow">Collection<input className="input" value={c} onChange={(e) => setC(e.target.value)} required aria-label="New collection" /></label>
        <label className="form-row grow">Key<input className="input" value={key} onChange={(e) => setKey(e.target.value)} required aria-label="New key" /></label>
        <label className="form-row grow">Owner user id (empty: system)<input className="input" value={owner} onChange={(e) => setOwner(e.target.value)} placeholder={SYSTEM_USER_ID} aria-label="New owner" /></label>
        <button className="btn primary" type="submit" disabled={!c.trim() || !key.trim()}>Open editor</button>
        <button className="btn ghost" type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

/** Storage: collections with counts on the left; the chosen collection's objects, filtered and paged, on the right. */
export function Storage() {
  const params = new URLSearchParams(location.search);
  const collections = useAsync(() => api.get<{ collections: { collection: string; count: number }[]; totalCount: number }>('/storage'), []);
  const [selected, setSelected] = useState(params.get('collection') ?? '');
  const [userInput, setUserInput] = useState(params.get('userId') ?? '');
  const [prefixInput, setPrefixInput] = useState('');
  const [filter, setFilter] = useState({ userId: userInput, keyPrefix: '' });
  const [cursors, setCursors] = useState<string[]>(['']);
  const [creating, setCreating] = useState(false);
  const current = selected || collections.data?.collections[0]?.collection || '';
  useEffect(() => {
    const t = setTimeout(() => (setFilter({ userId: userInput.trim(), keyPrefix: prefixInput }), setCursors([''])), 250);
    return () => clearTimeout(t);
  }, [userInput, prefixInput]);
  const objects = useAsync(
    () =>
      current
        ? api.get<{ objects: StorageObjectRow[]; nextCursor: string }>(`/storage/${encodeURIComponent(current)}${qs({ ...filter, cursor: cursors.at(-1), limit: PAGE })}`)
        : Promise.resolve({ objects: [], nextCursor: '' }),
    [current, filter, cursors],
  );
  const total = collections.data?.totalCount ?? 0;
  return (
    <div className="page">
      <PageHeader
        title="Storage"
        subtitle={collections.data ? `${total.toLocaleString()} objects in ${collections.data.collections.length} collections` : ' '}
        actions={
          <>
            <button className="btn ghost" onClick={() => (collections.reload(), objects.reload())}>Refresh</button>
            <button className="btn primary" onClick={() => setCreating(true)}>New object</button>
          </>
        }
      />
      <ErrorBanner error={collections.error ?? objects.error} />
      {creating ? <NewObject collection={current} onCancel={() => setCreating(false)} /> : null}
      <div className="split storage-split">
        <div className="card list" aria-label="Collections">
          {(collections.data?.collections ?? []).map((c) => (
            <button key={c.collection} className={`list-item ${c.collection === current ? 'active' : ''}`} onClick={() => (setSelected(c.collection), setCursors(['']))}>
              <span className="grow"><b>{c.collection}</b></span>
              <span className="muted collection-count">{c.count.toLocaleString()}</span>
            </button>
          ))}
          {collections.data && collections.data.collections.length === 0 ? <Empty>No storage objects yet.</Empty> : null}
        </div>
        <div>
          <div className="toolbar">
            <input className="input grow" placeholder="Filter by owner user id" value={userInput} onChange={(e) => setUserInput(e.target.value)} aria-label="Filter by user id" />
            <input className="input grow" placeholder="Filter by key prefix" value={prefixInput} onChange={(e) => setPrefixInput(e.target.value)} aria-label="Filter by key prefix" />
          </div>
          <DataTable
            rows={objects.data?.objects ?? []}
            rowKey={(o) => `${o.key}/${o.userId}`}
            onRowClick={(o) => navigate(objectPath(o))}
            empty={current ? 'No object matches these filters.' : 'Choose a collection.'}
            columns={[
              { key: 'key', title: 'Key', render: (o) => <b>{o.key}</b>, className: 'nowrap' },
              {
                key: 'owner',
                title: 'Owner',
                className: 'nowrap',
                render: (o) => (o.userId === SYSTEM_USER_ID ? <Badge>system</Badge> : <span title={o.userId}>{o.username || <code>{shortId(o.userId)}</code>}</span>),
              },
              { key: 'value', title: 'Value', render: (o) => <span className="value-preview clip">{preview(o.value)}</span> },
              { key: 'perm', title: 'R / W', render: (o) => <span className="mono">{o.permissionRead} / {o.permissionWrite}</span>, className: 'nowrap' },
              { key: 'updated', title: 'Updated', render: (o) => formatTime(o.updateTime), className: 'nowrap' },
            ]}
            footer={
              <div className="pager">
                <button className="btn ghost small" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>‹ Prev</button>
                <span className="muted">Page {cursors.length}</span>
                <button className="btn ghost small" disabled={!objects.data?.nextCursor} onClick={() => objects.data && setCursors([...cursors, objects.data.nextCursor])}>Next ›</button>
              </div>
            }
          />
        </div>
      </div>
    </div>
  );
}
