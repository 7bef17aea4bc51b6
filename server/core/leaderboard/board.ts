import type { LeaderboardDefinition } from '../../storage/repositories.js';
import { CronExpression } from './cron.js';

/**
 * A board as core uses it: its stored definition plus its parsed reset schedule, and the period rules
 * (Nakama's calculateTournamentDeadlines and friends). Times are unix milliseconds.
 */
export interface Board extends LeaderboardDefinition {
  cron: CronExpression | null;
}

/** Nakama stores "no max size" as the largest int32 and shows it to clients as such. */
export const UNLIMITED_SIZE = 2147483647;

export function toBoard(definition: LeaderboardDefinition): Board {
  return { ...definition, cron: definition.resetSchedule === '' ? null : CronExpression.parse(definition.resetSchedule) };
}

export function isTournament(board: LeaderboardDefinition): boolean {
  return board.durationSec > 0;
}

export function hasMaxSize(board: LeaderboardDefinition): boolean {
  return board.maxSize !== UNLIMITED_SIZE;
}

/** The expiry of a leaderboard's current period: its next reset, or 0 when it never resets. */
export function leaderboardExpiry(board: Board, now: number): number {
  return board.cron ? board.cron.next(now) : 0;
}

export interface TournamentWindow {
  startActive: number;
  endActive: number;
  /** When the current period's records expire; 0 for a tournament that never ends or resets. */
  expiry: number;
}

/**
 * The current (or next) period of a tournament: with a schedule a period opens at a cron tick (or the start
 * time), accepts scores for `duration` (capped at the next tick) and expires at the next tick; without one
 * it runs from start_time for `duration` and expires at end_time.
 */
export function tournamentWindow(board: Board, now: number): TournamentWindow {
  const duration = board.durationSec * 1000;
  const { startTime, endTime, cron } = board;
  if (!cron) {
    let endActive = startTime + duration;
    if (endTime > 0 && endActive > endTime) endActive = endTime;
    return { startActive: startTime, endActive, expiry: endTime };
  }
  let startActive: number;
  if (now < startTime) startActive = cron.next(startTime);
  else if (cron.next(now - 1000) === Math.floor(now / 1000) * 1000) startActive = Math.floor(now / 1000) * 1000;
  else startActive = cron.last(now);
  let endActive = startActive + duration;
  let expiry = cron.next(startActive);
  if (endActive > expiry) endActive = expiry;
  if (startTime > endActive) {
    const [first, second] = cron.nextN(startTime, 2) as [number, number];
    startActive = first;
    endActive = Math.min(startActive + duration, second);
    expiry = second;
  } else if (startTime > startActive) {
    startActive = startTime;
  }
  if (endTime > 0 && expiry > endTime) {
    expiry = endTime;
    if (endActive > expiry) endActive = expiry;
  }
  return { startActive, endActive, expiry };
}

/** The last reset before now, or 0 before the board starts or without a schedule. */
export function previousReset(board: Board, startTime: number, now: number): number {
  if (!board.cron || startTime > now) return 0;
  return board.cron.last(now);
}

/**
 * The period a read addresses: an explicit expiry (unix ms) or the current one. `possible` is false for
 * a tournament whose current period has already expired, where there is nothing to read.
 */
export function readExpiry(board: Board, override: number, now: number): { expiry: number; possible: boolean } {
  if (override !== 0) return { expiry: override, possible: true };
  if (isTournament(board)) {
    const { expiry } = tournamentWindow(board, now);
    return { expiry, possible: !(expiry !== 0 && expiry <= now) };
  }
  return { expiry: leaderboardExpiry(board, now), possible: true };
}

/** Seconds, as Nakama's uint32 time fields carry them. */
export function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}
