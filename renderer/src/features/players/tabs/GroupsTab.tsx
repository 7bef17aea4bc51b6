import { api } from '../../../app/api';
import { navigate } from '../../../app/router';
import { Badge, DataTable, ErrorBanner, useAsync } from '../../../shared/ui';
import { GROUP_STATE_TONES, GROUP_STATES, type GroupRow } from '../../groups/types';

/** The groups this player is in (or asked to join, or is banned from), with the player's state in each. */
export function GroupsTab({ userId }: { userId: string }) {
  const groups = useAsync(() => api.get<{ groups: (GroupRow & { state: number })[] }>(`/account/${userId}/group`), [userId]);
  return (
    <>
      <ErrorBanner error={groups.error} />
      <DataTable
        rows={groups.data?.groups ?? []}
        rowKey={(g) => g.id}
        onRowClick={(g) => navigate(`/groups/${g.id}`)}
        empty="Not in any group."
        columns={[
          { key: 'name', title: 'Group', render: (g) => <b>{g.name}</b> },
          { key: 'state', title: 'State', render: (g) => <Badge tone={GROUP_STATE_TONES[g.state]}>{GROUP_STATES[g.state] ?? g.state}</Badge> },
          { key: 'members', title: 'Members', render: (g) => <span className="mono">{g.edgeCount} / {g.maxCount}</span> },
          { key: 'open', title: 'Joining', render: (g) => (g.open ? <Badge tone="ok">open</Badge> : <Badge>closed</Badge>) },
        ]}
      />
    </>
  );
}
