import type { HookRegistry } from '../api/hooks.js';
import type { Operation, OperationContext } from '../api/operation.js';
import { fromModuleValue, toModuleValue } from './hook-payloads.js';
import type { CallerInfo } from './runtime-context.js';
import type { HookInstaller, JsRuntime } from './js-runtime.js';
import type { RegistrationNames } from './protocol.js';

/**
 * Nakama's registerBefore<Op>/registerAfter<Op> names (the 82 client operations with hooks). The names the
 * module may register are these plus every row of our operation table, so a module written for Nakama
 * loads even where an area is not built yet (its hook is kept and never called).
 */
export const NAKAMA_API_HOOK_NAMES = [
  'AddFriends', 'AddGroupUsers', 'AuthenticateApple', 'AuthenticateCustom', 'AuthenticateDevice', 'AuthenticateEmail',
  'AuthenticateFacebook', 'AuthenticateFacebookInstantGame', 'AuthenticateGameCenter', 'AuthenticateGoogle', 'AuthenticateSteam',
  'BanGroupUsers', 'BlockFriends', 'CreateGroup', 'DeleteAccount', 'DeleteFriends', 'DeleteGroup', 'DeleteLeaderboardRecord',
  'DeleteNotifications', 'DeleteStorageObjects', 'DeleteTournamentRecord', 'DemoteGroupUsers', 'Event', 'GetAccount',
  'GetMatchmakerStats', 'GetSubscription', 'GetUsers', 'ImportFacebookFriends', 'ImportSteamFriends', 'JoinGroup', 'JoinTournament',
  'KickGroupUsers', 'LeaveGroup', 'LinkApple', 'LinkCustom', 'LinkDevice', 'LinkEmail', 'LinkFacebook', 'LinkFacebookInstantGame',
  'LinkGameCenter', 'LinkGoogle', 'LinkSteam', 'ListChannelMessages', 'ListFriends', 'ListFriendsOfFriends', 'ListGroupUsers',
  'ListGroups', 'ListLeaderboardRecords', 'ListLeaderboardRecordsAroundOwner', 'ListMatches', 'ListNotifications', 'ListParties',
  'ListStorageObjects', 'ListSubscriptions', 'ListTournamentRecords', 'ListTournamentRecordsAroundOwner', 'ListTournaments',
  'ListUserGroups', 'PromoteGroupUsers', 'ReadStorageObjects', 'SessionRefresh', 'UnlinkApple', 'UnlinkCustom', 'UnlinkDevice',
  'UnlinkEmail', 'UnlinkFacebook', 'UnlinkFacebookInstantGame', 'UnlinkGameCenter', 'UnlinkGoogle', 'UnlinkSteam', 'UpdateAccount',
  'UpdateGroup', 'ValidatePurchaseApple', 'ValidatePurchaseFacebookInstant', 'ValidatePurchaseGoogle', 'ValidatePurchaseHuawei',
  'ValidatePurchaseSamsung', 'ValidateSubscriptionApple', 'ValidateSubscriptionGoogle', 'WriteLeaderboardRecord',
  'WriteStorageObjects', 'WriteTournamentRecord',
];

/** Operations without hooks in Nakama. */
const NO_HOOKS = new Set(['Healthcheck', 'RpcFunc', 'SessionLogout']);

/** Hook names generated from the operation table, united with Nakama's. */
export function apiHookNames(operations: readonly Operation[]): string[] {
  const names = new Set(NAKAMA_API_HOOK_NAMES);
  for (const op of operations) if (!NO_HOOKS.has(op.name)) names.add(op.name);
  return [...names].sort();
}

export function callerOf(ctx: OperationContext): CallerInfo {
  const s = ctx.session;
  return { userId: s?.userId, username: s?.username, vars: s?.vars, expiresAt: s?.expiresAt, clientIp: ctx.clientIp, clientPort: ctx.clientPort };
}

/**
 * After an Authenticate* or SessionRefresh the caller is the user just signed in, as in Nakama: the
 * session token's claims fill ctx (the token is ours and fresh, so its payload is read without a check).
 */
function signedIn(response: unknown): CallerInfo {
  const token = (response as { token?: unknown } | null)?.token;
  if (typeof token !== 'string') return {};
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { uid?: string; usn?: string; exp?: number; vrs?: Record<string, string> };
    return { userId: claims.uid, username: claims.usn, expiresAt: claims.exp, vars: claims.vrs ?? {} };
  } catch {
    return {};
  }
}

/** Puts the module's before/after hooks on the HookRegistry that wraps every client operation. */
export class ApiHookInstaller implements HookInstaller {
  private installed: string[] = [];

  constructor(
    private readonly hooks: HookRegistry,
    private readonly operations: readonly Operation[],
  ) {}

  install(runtime: JsRuntime, names: RegistrationNames): void {
    const byName = new Map(this.operations.map((op) => [op.name, op]));
    for (const name of names.before) {
      const op = byName.get(name);
      if (!op) continue;
      this.hooks.registerBefore(name, async (request, ctx) => {
        const out = await runtime.hook<unknown>({ kind: 'before', hook: name, input: toModuleValue(op.request, request) }, 'before', callerOf(ctx));
        return out === null || out === undefined ? null : fromModuleValue(op.request, out);
      });
      this.installed.push(name);
    }
    for (const name of names.after) {
      const op = byName.get(name);
      if (!op) continue;
      this.hooks.registerAfter(name, async (response, request, ctx) => {
        const caller = { ...callerOf(ctx), ...signedIn(response) };
        await runtime.hook({ kind: 'after', hook: name, output: toModuleValue(op.response, response), input: toModuleValue(op.request, request) }, 'after', caller);
      });
      this.installed.push(name);
    }
  }

  uninstall(): void {
    for (const name of this.installed) this.hooks.unregister(name);
    this.installed = [];
  }
}
