// The few nakama-common runtime types this example uses (the full set is heroiclabs/nakama-common's index.d.ts).
declare namespace nkruntime {
  interface Context {
    env: Record<string, string>;
    executionMode: string;
    node: string;
    userId: string;
    username: string;
    matchId: string;
    queryParams: Record<string, string[]>;
  }
  interface Logger {
    debug(format: string, ...params: unknown[]): void;
    info(format: string, ...params: unknown[]): void;
    warn(format: string, ...params: unknown[]): void;
    error(format: string, ...params: unknown[]): void;
  }
  interface Presence {
    userId: string;
    sessionId: string;
    username: string;
    node: string;
  }
  interface MatchMessage {
    sender: Presence;
    opCode: number;
    data: ArrayBuffer;
    reliable: boolean;
    receiveTimeMs: number;
  }
  interface MatchDispatcher {
    broadcastMessage(opCode: number, data?: ArrayBuffer | string | null, presences?: Presence[] | null, sender?: Presence | null, reliable?: boolean): void;
    broadcastMessageDeferred(opCode: number, data?: ArrayBuffer | string | null, presences?: Presence[] | null, sender?: Presence | null, reliable?: boolean): void;
    matchKick(presences: Presence[]): void;
    matchLabelUpdate(label: string): void;
  }
  interface Account {
    user: { userId: string; username: string; displayName: string; createTime: number };
  }
  interface Nakama {
    accountGetId(userId: string): Account;
    notificationSend(userId: string, subject: string, content: Record<string, unknown>, code: number, senderId?: string | null, persistent?: boolean): void;
    binaryToString(data: ArrayBuffer): string;
    sha256Hash(input: string): string;
    uuidv4(): string;
  }
  interface UpdateAccountRequest {
    displayName?: string;
    username?: string;
  }
  interface Session {
    created?: boolean;
    token: string;
  }
  interface AuthenticateDeviceRequest {
    account?: { id?: string };
    create?: boolean;
    username?: string;
  }
  type RpcFunction = (ctx: Context, logger: Logger, nk: Nakama, payload: string) => string | void;
  interface MatchHandler<S> {
    matchInit(ctx: Context, logger: Logger, nk: Nakama, params: Record<string, unknown>): { state: S; tickRate: number; label: string };
    matchJoinAttempt(ctx: Context, logger: Logger, nk: Nakama, d: MatchDispatcher, tick: number, state: S, presence: Presence, metadata: Record<string, unknown>): { state: S; accept: boolean; rejectMessage?: string } | null;
    matchJoin(ctx: Context, logger: Logger, nk: Nakama, d: MatchDispatcher, tick: number, state: S, presences: Presence[]): { state: S } | null;
    matchLeave(ctx: Context, logger: Logger, nk: Nakama, d: MatchDispatcher, tick: number, state: S, presences: Presence[]): { state: S } | null;
    matchLoop(ctx: Context, logger: Logger, nk: Nakama, d: MatchDispatcher, tick: number, state: S, messages: MatchMessage[]): { state: S } | null;
    matchTerminate(ctx: Context, logger: Logger, nk: Nakama, d: MatchDispatcher, tick: number, state: S, graceSeconds: number): { state: S } | null;
    matchSignal(ctx: Context, logger: Logger, nk: Nakama, d: MatchDispatcher, tick: number, state: S, data: string): { state: S; data?: string } | null;
  }
  interface Initializer {
    registerRpc(id: string, fn: RpcFunction): void;
    registerBeforeUpdateAccount(fn: (ctx: Context, logger: Logger, nk: Nakama, req: UpdateAccountRequest) => UpdateAccountRequest | void): void;
    registerAfterAuthenticateDevice(fn: (ctx: Context, logger: Logger, nk: Nakama, res: Session, req: AuthenticateDeviceRequest) => void): void;
    registerMatch<S>(name: string, handler: MatchHandler<S>): void;
  }
  type InitModule = (ctx: Context, logger: Logger, nk: Nakama, initializer: Initializer) => void;
}
