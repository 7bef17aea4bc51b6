import { randomUUID } from 'node:crypto';
import type { MatchData, MatchPresenceEvent, Session, Socket } from '@heroiclabs/nakama-js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { nakamaSocket } from '../../support/sockets.js';
import { ArenaProvider } from './arena-game.js';

/** One user with an official nakama-js socket and everything match-related it has received. */
export interface Player {
  session: Session;
  socket: Socket;
  data: MatchData[];
  presence: MatchPresenceEvent[];
  closed: boolean;
  /** Resolves with the first recorded item (past or future) that satisfies the predicate. */
  waitFor<T>(list: T[], predicate: (item: T) => boolean, ms?: number): Promise<T>;
  /** Resolves once the server has closed this socket. */
  waitClosed(ms?: number): Promise<void>;
}

export async function player(server: TestServer): Promise<Player> {
  const session = await server.client().authenticateDevice(`device-${randomUUID()}`);
  const socket = await nakamaSocket(server, session);
  const waiters: Array<() => void> = [];
  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };
  const p: Player = {
    session,
    socket,
    data: [],
    presence: [],
    closed: false,
    waitFor<T>(list: T[], predicate: (item: T) => boolean, ms = 3000) {
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for a match message')), ms);
        const check = () => {
          const hit = list.find(predicate);
          if (hit) {
            clearTimeout(timer);
            resolve(hit);
          } else waiters.push(check);
        };
        check();
      });
    },
    waitClosed(ms = 3000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('socket was not closed')), ms);
        const check = () => {
          if (p.closed) {
            clearTimeout(timer);
            resolve();
          } else waiters.push(check);
        };
        check();
      });
    },
  };
  socket.onmatchdata = (d) => {
    p.data.push(d);
    wake();
  };
  socket.onmatchpresence = (e) => {
    p.presence.push(e);
    wake();
  };
  socket.ondisconnect = () => {
    p.closed = true;
    wake();
  };
  return p;
}

export const text = (d: MatchData) => new TextDecoder().decode(d.data);
export const joined = (p: Player) => (e: MatchPresenceEvent) => (e.joins ?? []).some((j) => j.user_id === p.session.user_id);
export const left = (p: Player) => (e: MatchPresenceEvent) => (e.leaves ?? []).some((j) => j.user_id === p.session.user_id);

/** A test server of either database with the arena game plugged in as the match handler provider. */
export async function startMatchServer(dialect: 'sqlite' | 'postgres', flags: string[] = []): Promise<{ server: TestServer; game: ArenaProvider }> {
  const server = await startTestServer(dialect, flags);
  const game = new ArenaProvider();
  server.outpost.authoritativeMatches.setHandlerProvider(game);
  return { server, game };
}

/** Waits until a condition holds, polling; for server-side state with no event to wait on. */
export async function until(condition: () => boolean, ms = 3000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
