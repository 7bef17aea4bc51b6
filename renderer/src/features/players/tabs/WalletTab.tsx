import { useState } from 'react';
import { api, qs } from '../../../app/api';
import { formatTime } from '../../../shared/format';
import { checkJsonObject } from '../../../shared/json';
import { JsonEditor } from '../../../shared/JsonEditor';
import { DataTable, Empty, ErrorBanner, useAsync, useToast } from '../../../shared/ui';

interface LedgerItem {
  id: string;
  changeset: Record<string, number>;
  metadata: Record<string, unknown>;
  createTime: number;
}

/** A changeset must be whole numbers per currency; the server says the same, this says it before sending. */
function changesetProblem(value: Record<string, unknown>): string {
  const entries = Object.entries(value);
  if (entries.length === 0) return 'Give at least one currency and an amount, e.g. { "coins": 100 }.';
  const bad = entries.find(([, v]) => typeof v !== 'number' || !Number.isInteger(v));
  return bad ? `“${bad[0]}” must be a whole number (negative to take away).` : '';
}

/** The wallet: balances, a changeset applied through the wallet service (recorded in the ledger), the ledger. */
export function WalletTab({ userId }: { userId: string }) {
  const wallet = useAsync(() => api.get<{ wallet: Record<string, number> }>(`/account/${userId}/wallet`), [userId]);
  const [cursors, setCursors] = useState<string[]>(['']);
  const ledger = useAsync(() => api.get<{ items: LedgerItem[]; nextCursor: string }>(`/account/${userId}/wallet/ledger${qs({ cursor: cursors.at(-1), limit: 10 })}`), [userId, cursors]);
  const [changeset, setChangeset] = useState('{\n  "coins": 100\n}');
  const [reason, setReason] = useState('');
  const [toast, show] = useToast();
  const check = checkJsonObject(changeset);
  const problem = check.ok ? changesetProblem(check.value) : '';
  const apply = async () => {
    if (!check.ok || problem) return;
    try {
      await api.post(`/account/${userId}/wallet`, { changeset: check.value, metadata: reason ? { reason } : {} });
      show('Changeset applied');
      setReason('');
      wallet.reload();
      setCursors(['']);
      ledger.reload();
    } catch (err) {
      show(err instanceof Error ? err.message : String(err), 'bad');
    }
  };
  const balances = Object.entries(wallet.data?.wallet ?? {});
  return (
    <>
      <ErrorBanner error={wallet.error ?? ledger.error} />
      <div className="grid-2 top">
        <section className="card pad">
          <h3>Balances</h3>
          {balances.length ? (
            <table className="table compact" aria-label="Wallet balances">
              <tbody>
                {balances.map(([name, amount]) => (
                  <tr key={name}>
                    <td><b>{name}</b></td>
                    <td className="num" data-testid={`balance-${name}`}>{amount.toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <Empty>Empty wallet.</Empty>
          )}
          <pre className="json" style={{ marginTop: 12 }}>{JSON.stringify(wallet.data?.wallet ?? {}, null, 2)}</pre>
        </section>
        <section className="card pad">
          <h3>Apply a changeset</h3>
          <p className="muted small">Amounts are added to the balances (negative to take away); no balance may go below zero. The ledger records the change with your name.</p>
          <JsonEditor label="Wallet changeset" value={changeset} onChange={setChangeset} rows={5} />
          {problem ? <div className="banner bad" style={{ marginTop: 8 }}>{problem}</div> : null}
          <div className="button-row">
            <input className="input grow" placeholder="Reason (kept in the ledger)" value={reason} onChange={(e) => setReason(e.target.value)} aria-label="Reason" />
            <button className="btn primary" disabled={!check.ok || !!problem} onClick={() => void apply()}>Apply changeset</button>
          </div>
        </section>
      </div>
      <h2>Ledger</h2>
      <DataTable
        rows={ledger.data?.items ?? []}
        rowKey={(i) => i.id}
        empty="No ledger entries."
        columns={[
          { key: 'time', title: 'Time', render: (i) => formatTime(i.createTime * 1000), className: 'nowrap', width: '220px' },
          {
            key: 'changeset',
            title: 'Changeset',
            render: (i) => (
              <span className="badges">
                {Object.entries(i.changeset).map(([k, v]) => (
                  <span key={k} className={`mono ${v < 0 ? 'text-bad' : 'text-ok'}`}>{k} {v > 0 ? '+' : ''}{v}</span>
                ))}
              </span>
            ),
          },
          { key: 'metadata', title: 'Metadata', render: (i) => <span className="value-preview">{JSON.stringify(i.metadata)}</span> },
        ]}
        footer={
          <div className="pager">
            <button className="btn ghost small" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>‹ Newer</button>
            <span className="muted">Page {cursors.length}</span>
            <button className="btn ghost small" disabled={!ledger.data?.nextCursor} onClick={() => ledger.data && setCursors([...cursors, ledger.data.nextCursor])}>Older ›</button>
          </div>
        }
      />
      {toast}
    </>
  );
}
