import { api } from '../../app/api';
import { navigate } from '../../app/router';
import { formatTime } from '../../shared/format';
import { Badge, ConfirmButton, Empty, ErrorBanner, PageHeader, useAsync, useToast } from '../../shared/ui';

interface AccountDetail {
  id: string;
  username: string;
  displayName: string;
  avatarUrl: string;
  langTag: string;
  location: string;
  timezone: string;
  metadata: Record<string, unknown>;
  wallet: Record<string, unknown>;
  email: string;
  customId: string;
  devices: string[];
  createTime: number;
  updateTime: number;
  verifyTime: number;
  disableTime: number;
  online: boolean;
  sockets: number;
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="field">
      <div className="field-label">{label}</div>
      <div className="field-value">{children || <span className="muted">—</span>}</div>
    </div>
  );
}

/** One account: profile, ways in (with unlink), wallet and metadata; ban, unban and delete. */
export function PlayerDetail({ id }: { id: string }) {
  const { data: a, error, reload } = useAsync(() => api.get<AccountDetail>(`/account/${encodeURIComponent(id)}`), [id]);
  const [toast, show] = useToast();
  const act = async (what: string, call: () => Promise<unknown>, after?: () => void) => {
    try {
      await call();
      show(what);
      if (after) after();
      else reload();
    } catch (err) {
      show(err instanceof Error ? err.message : String(err), 'bad');
    }
  };
  if (error) return <div className="page"><PageHeader title="Player" /><ErrorBanner error={error} /></div>;
  if (!a) return <div className="page"><PageHeader title="Player" subtitle="Loading…" /></div>;
  const banned = a.disableTime > 0;
  const identities = a.devices.length + (a.customId ? 1 : 0) + (a.email ? 1 : 0);
  return (
    <div className="page">
      <PageHeader
        title={a.username}
        subtitle={
          <span className="badges">
            <a href="/players" onClick={(e) => (e.preventDefault(), navigate('/players'))}>← Players</a>
            {a.online ? <Badge tone="ok">online · {a.sockets} socket{a.sockets === 1 ? '' : 's'}</Badge> : <Badge>offline</Badge>}
            {banned ? <Badge tone="bad">banned {formatTime(a.disableTime)}</Badge> : null}
          </span>
        }
        actions={
          <>
            {banned ? (
              <button className="btn primary" onClick={() => act('Ban lifted', () => api.post(`/account/${a.id}/unban`))}>
                Unban
              </button>
            ) : (
              <ConfirmButton label="Ban" confirm="Confirm ban" onConfirm={() => act('Player banned and disconnected', () => api.post(`/account/${a.id}/ban`))} />
            )}
            <ConfirmButton label="Delete" confirm="Delete for good" onConfirm={() => act('Account deleted', () => api.del(`/account/${a.id}`), () => navigate('/players'))} />
          </>
        }
      />
      <div className="grid-2">
        <section className="card pad">
          <h3>Profile</h3>
          <div className="fields">
            <Field label="User id"><code>{a.id}</code></Field>
            <Field label="Display name">{a.displayName}</Field>
            <Field label="Language">{a.langTag}</Field>
            <Field label="Location">{a.location}</Field>
            <Field label="Timezone">{a.timezone}</Field>
            <Field label="Avatar URL">{a.avatarUrl}</Field>
            <Field label="Created">{formatTime(a.createTime)}</Field>
            <Field label="Updated">{formatTime(a.updateTime)}</Field>
          </div>
        </section>
        <section className="card pad">
          <h3>Ways in</h3>
          <p className="muted small">The last remaining identity cannot be unlinked.</p>
          <table className="table compact">
            <tbody>
              {a.devices.map((d) => (
                <tr key={d}>
                  <td><Badge tone="info">device</Badge></td>
                  <td><code>{d}</code></td>
                  <td className="right">
                    <ConfirmButton small label="Unlink" confirm="Confirm" disabled={identities <= 1} onConfirm={() => act('Device unlinked', () => api.post(`/account/${a.id}/unlink/device`, { deviceId: d }))} />
                  </td>
                </tr>
              ))}
              {a.customId ? (
                <tr>
                  <td><Badge tone="info">custom</Badge></td>
                  <td><code>{a.customId}</code></td>
                  <td className="right"><ConfirmButton small label="Unlink" confirm="Confirm" disabled={identities <= 1} onConfirm={() => act('Custom id unlinked', () => api.post(`/account/${a.id}/unlink/custom`))} /></td>
                </tr>
              ) : null}
              {a.email ? (
                <tr>
                  <td><Badge tone="info">email</Badge></td>
                  <td>{a.email}</td>
                  <td className="right"><ConfirmButton small label="Unlink" confirm="Confirm" disabled={identities <= 1} onConfirm={() => act('Email unlinked', () => api.post(`/account/${a.id}/unlink/email`))} /></td>
                </tr>
              ) : null}
            </tbody>
          </table>
          {identities === 0 ? <Empty>No identities.</Empty> : null}
        </section>
        <section className="card pad">
          <h3>Wallet</h3>
          {Object.keys(a.wallet).length ? <pre className="json">{JSON.stringify(a.wallet, null, 2)}</pre> : <Empty>Empty wallet.</Empty>}
        </section>
        <section className="card pad">
          <h3>Metadata</h3>
          {Object.keys(a.metadata).length ? <pre className="json">{JSON.stringify(a.metadata, null, 2)}</pre> : <Empty>No metadata.</Empty>}
          <div className="right">
            <a href={`/notifications?user=${a.id}`} onClick={(e) => (e.preventDefault(), navigate(`/notifications?user=${a.id}`))}>Notifications of this player →</a>
          </div>
        </section>
      </div>
      {toast}
    </div>
  );
}
