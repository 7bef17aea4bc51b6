import type { Clock } from '../../common/clock.js';
import type { Logger } from '../../common/logger.js';
import type { Service } from '../../common/lifecycle.js';
import type { LeaderboardRepository } from '../../storage/repositories.js';
import { hasMaxSize, isTournament, seconds, tournamentWindow, type Board } from './board.js';
import type { BoardRegistry } from './board-registry.js';

/** Runtime callbacks; times are unix seconds, as Nakama passes them. */
export type LeaderboardResetCallback = (leaderboardId: string, resetSec: number) => Promise<void> | void;
export type TournamentCallback = (tournamentId: string, endSec: number, resetSec: number) => Promise<void> | void;

/** A clock jump (or a long stop) fires at most this many periods per board, so nothing spins. */
const MAX_PERIODS_PER_RUN = 16;
/** setTimeout's largest delay; longer waits re-arm on the way. */
const MAX_TIMER_MS = 2_147_000_000;

/**
 * Fires period boundaries: a leaderboard's reset (a new period starts at its cron tick), a tournament's
 * end of active window, and its reset, which also empties its participant count. Ranks of expired periods
 * are dropped from memory. The timer wakes at the next boundary; `runDue()` can be called directly with a
 * clock moved by hand, which is how tests drive it.
 */
export class LeaderboardScheduler implements Service {
  readonly name = 'leaderboard-scheduler';
  private timer: NodeJS.Timeout | undefined;
  private lastRun = 0;
  private running = false;
  private unsubscribe: (() => void) | undefined;
  private leaderboardReset: LeaderboardResetCallback | undefined;
  private tournamentEnd: TournamentCallback | undefined;
  private tournamentReset: TournamentCallback | undefined;
  private chain: Promise<number> = Promise.resolve(0);

  constructor(
    private readonly boards: BoardRegistry,
    private readonly repository: LeaderboardRepository,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** The runtime registers these (registerLeaderboardReset, registerTournamentEnd/Reset); undefined clears. */
  onLeaderboardReset(fn: LeaderboardResetCallback | undefined): void {
    this.leaderboardReset = fn;
  }
  onTournamentEnd(fn: TournamentCallback | undefined): void {
    this.tournamentEnd = fn;
  }
  onTournamentReset(fn: TournamentCallback | undefined): void {
    this.tournamentReset = fn;
  }

  async start(): Promise<void> {
    this.lastRun = this.clock.now();
    this.running = true;
    this.unsubscribe = this.boards.onChange(() => this.arm());
    this.arm();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.chain.catch(() => undefined);
  }

  /** Fires every boundary between the last run and now, in time order; returns how many fired. */
  runDue(): Promise<number> {
    this.chain = this.chain.catch(() => 0).then(() => this.fire());
    return this.chain;
  }

  /** The next boundary after `from` (unix ms), or 0 when no board has one. */
  nextBoundary(from: number): number {
    let next = 0;
    for (const board of this.boards.all()) {
      for (const t of boundariesAfter(board, from)) if (next === 0 || t < next) next = t;
    }
    return next;
  }

  private async fire(): Promise<number> {
    const now = this.clock.now();
    const from = this.lastRun;
    if (now <= from) return 0;
    const events: { at: number; run: () => Promise<void> }[] = [];
    for (const board of this.boards.all()) {
      if (isTournament(board)) this.tournamentEvents(board, from, now, events);
      else if (board.cron) {
        let t = from;
        for (let i = 0; i < MAX_PERIODS_PER_RUN; i++) {
          t = board.cron.next(t);
          if (t > now) break;
          const at = t;
          events.push({ at, run: async () => this.leaderboardReset?.(board.id, seconds(at)) });
        }
      }
    }
    this.lastRun = now;
    events.sort((a, b) => a.at - b.at);
    for (const event of events) {
      try {
        await event.run();
      } catch (err) {
        this.logger.error('leaderboard scheduler callback failed', { err });
      }
    }
    this.boards.ranks.trimExpired(now);
    this.arm();
    return events.length;
  }

  private tournamentEvents(board: Board, from: number, now: number, events: { at: number; run: () => Promise<void> }[]): void {
    let t = from;
    for (let i = 0; i < MAX_PERIODS_PER_RUN; i++) {
      const w = tournamentWindow(board, t);
      if (w.endActive > t && w.endActive <= now) {
        events.push({ at: w.endActive, run: async () => this.tournamentEnd?.(board.id, seconds(w.endActive), seconds(w.expiry)) });
      }
      if (w.expiry === 0 || w.expiry <= t || w.expiry > now) break;
      events.push({
        at: w.expiry,
        run: async () => {
          if (hasMaxSize(board) && this.boards.get(board.id)) await this.repository.resetTournamentSize(board.id);
          await this.tournamentReset?.(board.id, seconds(w.endActive), seconds(w.expiry));
        },
      });
      t = w.expiry;
    }
  }

  private arm(): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const next = this.nextBoundary(this.lastRun);
    if (next === 0) return;
    const delay = Math.min(Math.max(0, next - this.clock.now()), MAX_TIMER_MS);
    this.timer = setTimeout(() => void this.runDue(), delay);
    this.timer.unref();
  }
}

/** A board's next end-of-window and reset times after `from`. */
function boundariesAfter(board: Board, from: number): number[] {
  if (!isTournament(board)) return board.cron ? [board.cron.next(from)] : [];
  const w = tournamentWindow(board, from);
  return [w.endActive, w.expiry].filter((t) => t > from);
}
