import type { MatchHandlerProvider, MatchPresence } from '../match/authoritative/match-handler.js';

/** Callbacks a module registers with register<Name>(fn) besides RPCs, hooks and matches. */
export const CALLBACK_NAMES = ['MatchmakerMatched', 'LeaderboardReset', 'TournamentEnd', 'TournamentReset', 'Shutdown', 'Event'] as const;
export type CallbackName = (typeof CALLBACK_NAMES)[number];

/** Registrations Nakama's initializer accepts that no area serves yet; modules using them still load. */
export const OTHER_REGISTRATIONS = [
  'registerPurchaseNotificationApple', 'registerPurchaseNotificationGoogle', 'registerSubscriptionNotificationApple',
  'registerSubscriptionNotificationGoogle', 'registerStorageIndex', 'registerStorageIndexFilter',
] as const;

/** One matched user as registerMatchmakerMatched receives it. */
export interface MatchmakerEntry {
  presence: MatchPresence;
  properties: Record<string, unknown>;
  partyId?: string;
}

export interface RuntimeEvent {
  name: string;
  properties: Record<string, unknown>;
  timestamp?: number;
  external?: boolean;
}

/**
 * What the module registered for other areas to call: the matchmaker, leaderboards/tournaments and the
 * event sink connect here. Each call runs the module function on a runtime worker; with nothing
 * registered it does nothing (matchmakerMatched answers undefined: a relayed match).
 */
export interface RuntimeRegistrations {
  /** Authoritative match handlers registered with registerMatch, backed by runtime workers. */
  readonly matchHandlers: MatchHandlerProvider;
  has(callback: CallbackName): boolean;
  /** The module's matchmaker hook: an authoritative match id to send the users to, or undefined. */
  matchmakerMatched(entries: MatchmakerEntry[]): Promise<string | undefined>;
  leaderboardReset(leaderboard: Record<string, unknown>, reset: number): Promise<void>;
  tournamentEnd(tournament: Record<string, unknown>, end: number, reset: number): Promise<void>;
  tournamentReset(tournament: Record<string, unknown>, end: number, reset: number): Promise<void>;
  event(event: RuntimeEvent): Promise<void>;
}
