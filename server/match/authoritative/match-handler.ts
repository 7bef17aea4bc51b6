// server/match/authoritative/match-handler.ts
export interface MatchPresence { userId: string; sessionId: string; username: string; node: string; reason?: number }
export interface MatchMessageIn { sender: MatchPresence; opCode: number; data: Uint8Array; reliable: boolean; receiveTimeMs: number }
export type DispatchAction =
  | { kind: 'broadcast'; opCode: number; data: Uint8Array | null; presences: MatchPresence[] | null; sender: MatchPresence | null; reliable: boolean; deferred: boolean }
  | { kind: 'kick'; presences: MatchPresence[] }
  | { kind: 'label'; label: string };
/** The outcome of one handler call: the dispatcher calls it made, and whether the match goes on (Nakama: the handler returned a non-null state). */
export interface MatchStep { continue: boolean; actions: DispatchAction[] }
/** One live match's handler. Its state lives behind this interface (in the runtime's worker), never in the loop. */
export interface MatchHandler {
  init(params: Record<string, unknown>): Promise<{ tickRate: number; label: string; actions: DispatchAction[] }>;
  joinAttempt(tick: number, presence: MatchPresence, metadata: Record<string, string>): Promise<{ accept: boolean; rejectMessage?: string; actions: DispatchAction[] }>;
  join(tick: number, presences: MatchPresence[]): Promise<MatchStep>;
  leave(tick: number, presences: MatchPresence[]): Promise<MatchStep>;
  loop(tick: number, messages: MatchMessageIn[]): Promise<MatchStep>;
  terminate(tick: number, graceSeconds: number): Promise<MatchStep>;
  signal(tick: number, data: string): Promise<{ continue: boolean; result: string; actions: DispatchAction[] }>;
  /** Frees what the runtime holds for this match. */
  dispose(): Promise<void>;
}
/** Named match handlers (the runtime's registerMatch fills it). */
export interface MatchHandlerProvider {
  has(name: string): boolean;
  create(name: string, matchId: string): Promise<MatchHandler>;
}
