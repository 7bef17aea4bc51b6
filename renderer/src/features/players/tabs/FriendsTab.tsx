import { api } from '../../../app/api';
import { navigate } from '../../../app/router';
import { formatTime } from '../../../shared/format';
import { Badge, ConfirmButton, DataTable, ErrorBanner, useAsync, useToast } from '../../../shared/ui';

interface FriendRow {
  userId: string;
  username: string;
  displayName: string;
  online: boolean;
  state: number;
  updateTime: number;
}

const STATES: [string, 'ok' | 'info' | 'warn' | 'bad'][] = [
  ['friend', 'ok'],
  ['invite sent', 'info'],
  ['invite received', 'warn'],
  ['blocked', 'bad'],
];

/** The friend graph as this player sees it; removing an edge removes the friendship, invite or block. */
export function FriendsTab({ userId }: { userId: string }) {
  const friends = useAsync(() => api.get<{ friends: FriendRow[] }>(`/account/${userId}/friend`), [userId]);
  const [toast, show] = useToast();
  const remove = async (f: FriendRow) => {
    try {
      await api.del(`/account/${userId}/friend/${f.userId}`);
      show(`${f.username} removed`);
      friends.reload();
    } catch (err) {
      show(err instanceof Error ? err.message : String(err), 'bad');
    }
  };
  return (
    <>
      <ErrorBanner error={friends.error} />
      <DataTable
        rows={friends.data?.friends ?? []}
        rowKey={(f) => f.userId}
        empty="No friends, invites or blocks."
        search={{ placeholder: 'Filter by username', text: (f) => `${f.username} ${f.displayName}` }}
        columns={[
          { key: 'user', title: 'Player', render: (f) => <a href={`/players/${f.userId}`} onClick={(e) => (e.preventDefault(), navigate(`/players/${f.userId}`))}>{f.username}</a> },
          { key: 'state', title: 'State', render: (f) => <Badge tone={STATES[f.state]?.[1] ?? 'neutral'}>{STATES[f.state]?.[0] ?? f.state}</Badge> },
          { key: 'online', title: 'Online', render: (f) => (f.online ? <Badge tone="ok">online</Badge> : <span className="muted">offline</span>) },
          { key: 'since', title: 'Since', render: (f) => formatTime(f.updateTime) },
          { key: 'actions', title: '', className: 'right', render: (f) => <ConfirmButton small label="Remove" confirm="Confirm remove" onConfirm={() => void remove(f)} /> },
        ]}
      />
      {toast}
    </>
  );
}
