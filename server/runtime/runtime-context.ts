/**
 * The `ctx` object module functions receive (nakama-common's Context): who calls, from where, and in
 * which execution mode. Absent values are empty, as Nakama fills them.
 */
export interface ModuleContext {
  env: Record<string, string>;
  executionMode: string;
  node: string;
  version: string;
  headers: Record<string, string[]>;
  queryParams: Record<string, string[]>;
  userId: string;
  username: string;
  vars: Record<string, string>;
  userSessionExp: number;
  sessionId: string;
  clientIp: string;
  clientPort: string;
  lang: string;
  matchId: string;
  matchNode: string;
  matchLabel: string;
  matchTickRate: number;
}

/** Who is calling: what transports know about the caller. */
export interface CallerInfo {
  userId?: string;
  username?: string;
  vars?: Record<string, string>;
  expiresAt?: number;
  sessionId?: string;
  clientIp?: string;
  clientPort?: number;
  lang?: string;
  headers?: Record<string, string[]>;
  queryParams?: Record<string, string[]>;
}

export function moduleContext(base: { env: Record<string, string>; node: string; version: string }, mode: string, caller: CallerInfo = {}, match?: { id: string; node: string; label: string; tickRate: number }): ModuleContext {
  return {
    env: base.env,
    executionMode: mode,
    node: base.node,
    version: base.version,
    headers: caller.headers ?? {},
    queryParams: caller.queryParams ?? {},
    userId: caller.userId ?? '',
    username: caller.username ?? '',
    vars: caller.vars ?? {},
    userSessionExp: caller.expiresAt ?? 0,
    sessionId: caller.sessionId ?? '',
    clientIp: caller.clientIp ?? '',
    clientPort: caller.clientPort ? String(caller.clientPort) : '',
    lang: caller.lang ?? '',
    matchId: match?.id ?? '',
    matchNode: match?.node ?? '',
    matchLabel: match?.label ?? '',
    matchTickRate: match?.tickRate ?? 0,
  };
}
