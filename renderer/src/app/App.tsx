import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, getToken, onUnauthorized, setToken } from './api';
import { LiveConnection, useStatus } from './live';
import { Login } from './Login';
import { navigate, usePath } from './router';
import { Dashboard } from '../features/dashboard/Dashboard';
import { Players } from '../features/players/Players';
import { PlayerDetail } from '../features/players/PlayerDetail';
import { Matches } from '../features/matches/Matches';
import { Chat } from '../features/chat/Chat';
import { Notifications } from '../features/notifications/Notifications';
import { ConfigPage } from '../features/config/Config';
import { Logs } from '../features/logs/Logs';
import { ServerPage } from '../features/server/Server';
import { Storage } from '../features/storage/Storage';
import { StorageObjectPage } from '../features/storage/StorageObjectPage';
import { Groups } from '../features/groups/Groups';
import { GroupDetail } from '../features/groups/GroupDetail';
import { Runtime } from '../features/runtime/Runtime';
import { Leaderboards } from '../features/leaderboards/Leaderboards';

interface NavItem {
  path: string;
  label: string;
  icon: string;
  section: 'Monitor' | 'Game' | 'Server';
}

/** The sidebar; a page added later (storage, leaderboards, groups, runtime) is one row here and its feature folder. */
const NAV: NavItem[] = [
  { path: '/', label: 'Dashboard', icon: '◉', section: 'Monitor' },
  { path: '/logs', label: 'Logs', icon: '≡', section: 'Monitor' },
  { path: '/players', label: 'Players', icon: '☺', section: 'Game' },
  { path: '/matches', label: 'Matches', icon: '⚔', section: 'Game' },
  { path: '/chat', label: 'Chat', icon: '✉', section: 'Game' },
  { path: '/notifications', label: 'Notifications', icon: '✦', section: 'Game' },
  { path: '/storage', label: 'Storage', icon: '▤', section: 'Game' },
  { path: '/groups', label: 'Groups', icon: '⚑', section: 'Game' },
  { path: '/leaderboards', label: 'Leaderboards', icon: '♛', section: 'Game' },
  { path: '/runtime', label: 'Runtime', icon: 'ƒ', section: 'Server' },
  { path: '/config', label: 'Config', icon: '⚙', section: 'Server' },
  { path: '/server', label: 'Server', icon: '▣', section: 'Server' },
];

function page(path: string, live: LiveConnection): ReactNode {
  if (path === '/' || path === '/dashboard') return <Dashboard live={live} />;
  if (path === '/players') return <Players />;
  if (path.startsWith('/players/')) return <PlayerDetail id={decodeURIComponent(path.slice('/players/'.length))} />;
  if (path === '/matches') return <Matches />;
  if (path === '/chat') return <Chat />;
  if (path === '/notifications') return <Notifications />;
  if (path === '/config') return <ConfigPage />;
  if (path === '/logs') return <Logs live={live} />;
  if (path === '/server') return <ServerPage />;
  if (path === '/storage') return <Storage />;
  if (path.startsWith('/storage/')) {
    const [collection = '', key = '', userId = ''] = path.slice('/storage/'.length).split('/').map(decodeURIComponent);
    return <StorageObjectPage key={path} address={{ collection, key, userId }} />;
  }
  if (path === '/runtime') return <Runtime />;
  if (path === '/leaderboards') return <Leaderboards />;
  if (path === '/groups') return <Groups />;
  if (path.startsWith('/groups/')) return <GroupDetail id={decodeURIComponent(path.slice('/groups/'.length))} />;
  return <div className="empty">No such page.</div>;
}

function Shell({ username, onLogout }: { username: string; onLogout: () => void }) {
  const path = usePath();
  const live = useMemo(() => new LiveConnection(), []);
  useEffect(() => {
    live.start();
    return () => live.stop();
  }, [live]);
  const status = useStatus(live);
  const active = (item: NavItem) => (item.path === '/' ? path === '/' || path === '/dashboard' : path.startsWith(item.path));
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">
          <span className="logo" />
          Outpost
        </div>
        <div className="node-pill" title="Node name and live connection">
          <span className={`dot ${status ? 'ok' : ''}`} />
          {status?.node ?? 'connecting…'}
        </div>
        <nav>
          {(['Monitor', 'Game', 'Server'] as const).map((section) => (
            <div key={section} className="nav-section">
              <div className="nav-title">{section}</div>
              {NAV.filter((n) => n.section === section).map((item) => (
                <a
                  key={item.path}
                  href={item.path}
                  className={`nav-link ${active(item) ? 'active' : ''}`}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(item.path);
                  }}
                >
                  <span className="nav-icon" aria-hidden="true">{item.icon}</span>
                  {item.label}
                </a>
              ))}
            </div>
          ))}
        </nav>
        <div className="sidebar-foot">
          <div className="muted small">
            {status ? `${status.sessions} online · ${status.matches} matches` : '—'}
          </div>
          <div className="user-row">
            <span className="avatar">{username.slice(0, 1).toUpperCase()}</span>
            <span className="grow">{username}</span>
            <button className="btn ghost small" onClick={onLogout}>
              Sign out
            </button>
          </div>
        </div>
      </aside>
      <main className="content">{page(path, live)}</main>
    </div>
  );
}

export function App() {
  const [username, setUsername] = useState<string | null>(null);
  const [checking, setChecking] = useState(getToken() !== null);
  useEffect(() => {
    onUnauthorized(() => {
      setToken(null);
      setUsername(null);
    });
    if (!getToken()) return;
    api.get<{ username: string }>('/authenticate/check').then(
      (r) => (setUsername(r.username), setChecking(false)),
      () => (setToken(null), setChecking(false)),
    );
  }, []);
  if (checking) return <div className="login-page muted">Loading…</div>;
  if (!username) return <Login onLogin={setUsername} />;
  return (
    <Shell
      username={username}
      onLogout={() => {
        setToken(null);
        setUsername(null);
      }}
    />
  );
}
