import { useState } from 'react';
import { api, qs } from '../../../app/api';
import { navigate } from '../../../app/router';
import { formatTime } from '../../../shared/format';
import { DataTable, ErrorBanner, useAsync } from '../../../shared/ui';
import { objectPath, type StorageObjectRow } from '../../storage/types';

/** The player's storage objects across collections; each opens in the Storage page's editor. */
export function StorageTab({ userId }: { userId: string }) {
  const [cursors, setCursors] = useState<string[]>(['']);
  const objects = useAsync(() => api.get<{ objects: StorageObjectRow[]; nextCursor: string }>(`/account/${userId}/storage${qs({ cursor: cursors.at(-1), limit: 20 })}`), [userId, cursors]);
  return (
    <>
      <ErrorBanner error={objects.error} />
      <DataTable
        rows={objects.data?.objects ?? []}
        rowKey={(o) => `${o.collection}/${o.key}`}
        onRowClick={(o) => navigate(objectPath(o))}
        empty="No storage objects."
        columns={[
          { key: 'collection', title: 'Collection', render: (o) => <a href={`/storage?collection=${encodeURIComponent(o.collection)}&userId=${userId}`} onClick={(e) => (e.preventDefault(), e.stopPropagation(), navigate(`/storage?collection=${encodeURIComponent(o.collection)}&userId=${userId}`))}>{o.collection}</a> },
          { key: 'key', title: 'Key', render: (o) => <b>{o.key}</b> },
          { key: 'value', title: 'Value', render: (o) => <span className="value-preview clip">{o.value}</span> },
          { key: 'perm', title: 'Read / write', render: (o) => <span className="mono">{o.permissionRead} / {o.permissionWrite}</span> },
          { key: 'updated', title: 'Updated', render: (o) => formatTime(o.updateTime) },
        ]}
        footer={
          <div className="pager">
            <button className="btn ghost small" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>‹ Prev</button>
            <span className="muted">Page {cursors.length}</span>
            <button className="btn ghost small" disabled={!objects.data?.nextCursor} onClick={() => objects.data && setCursors([...cursors, objects.data.nextCursor])}>Next ›</button>
          </div>
        }
      />
    </>
  );
}
