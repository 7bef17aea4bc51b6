import { useState, type FormEvent } from 'react';
import { api, setToken } from './api';

/** The administrator's login; credentials are console.username / console.password from the config. */
export function Login({ onLogin }: { onLogin: (username: string) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const r = await api.post<{ token: string; username: string }>('/authenticate', { username, password });
      setToken(r.token);
      onLogin(r.username);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="login-page">
      <form className="login card" onSubmit={submit}>
        <div className="brand big">
          <span className="logo" />
          Outpost
        </div>
        <p className="muted">Sign in to the server console.</p>
        <label>
          Username
          <input className="input" name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
        </label>
        <label>
          Password
          <input className="input" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error ? <div className="banner bad">{error}</div> : null}
        <button className="btn primary wide" type="submit" disabled={busy || !username || !password}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
