import type { Client, Session } from '@heroiclabs/nakama-js';

/**
 * A module in Nakama's style for the storage, wallet, friend, group, leaderboard and tournament nk areas: a few RPCs written as a game
 * would write them, plus `nk`, which calls one nk function with the given arguments and answers its value or
 * the message it threw (the bad-input cases; null stands for undefined, as both cross alike).
 */
export const NK_AREAS_MODULE = String.raw`
function rpcNk(ctx, logger, nk, payload) {
  var p = JSON.parse(payload);
  try {
    var value = nk[p.fn].apply(null, p.args);
    return JSON.stringify({ value: value === undefined ? null : value });
  } catch (e) {
    return JSON.stringify({ error: e.message });
  }
}

function rpcSaveProgress(ctx, logger, nk, payload) {
  var p = JSON.parse(payload);
  var acks = nk.storageWrite([{ collection: 'progress', key: 'level', userId: ctx.userId, value: { level: p.level, zeta: 1, alpha: 2 },
    permissionRead: 1, permissionWrite: 0 }]);
  return JSON.stringify(acks[0]);
}

function rpcGrant(ctx, logger, nk, payload) {
  var p = JSON.parse(payload);
  var result = nk.walletUpdate(ctx.userId, p.changeset, { reason: p.reason }, true);
  return JSON.stringify({ result: result, account: nk.accountGetId(ctx.userId).wallet });
}

function rpcSpend(ctx, logger, nk, payload) {
  var p = JSON.parse(payload);
  var wallet = nk.accountGetId(ctx.userId).wallet;
  try {
    nk.walletUpdate(ctx.userId, { gold: -p.gold }, { reason: 'shop' }, true);
  } catch (e) {
    throw { message: 'not enough gold (' + (wallet.gold || 0) + '): ' + e.message, code: 9 };
  }
  return JSON.stringify(nk.accountGetId(ctx.userId).wallet);
}

function rpcMakeClan(ctx, logger, nk, payload) {
  var p = JSON.parse(payload);
  var group = nk.groupCreate(ctx.userId, p.name, null, 'fr', 'a clan', 'https://a/b.png', true, { tier: 3 }, 25);
  return JSON.stringify(group);
}

function rpcBefriend(ctx, logger, nk, payload) {
  nk.friendsAdd(ctx.userId, ctx.username, [JSON.parse(payload).userId], null, { met: 'in game' });
  return JSON.stringify(nk.friendsList(ctx.userId, 10));
}

function rpcSubmitScore(ctx, logger, nk, payload) {
  var p = JSON.parse(payload);
  return JSON.stringify(nk.leaderboardRecordWrite(p.board, ctx.userId, ctx.username, p.score, 0, { map: p.map }));
}

function InitModule(ctx, logger, nk, initializer) {
  // Every worker runs this; leaderboardCreate returns the existing board unchanged.
  nk.leaderboardCreate('weekly', true, 'desc', 'best', '0 0 * * 1', { season: 1 }, true);
  initializer.registerRpc('nk', rpcNk);
  initializer.registerRpc('save_progress', rpcSaveProgress);
  initializer.registerRpc('grant', rpcGrant);
  initializer.registerRpc('spend', rpcSpend);
  initializer.registerRpc('make_clan', rpcMakeClan);
  initializer.registerRpc('befriend', rpcBefriend);
  initializer.registerRpc('submit_score', rpcSubmitScore);
}
`;

export type NkAnswer = { value?: unknown; error?: string };

/** Calls `nk.<fn>(...args)` inside the module through the `nk` RPC. */
export async function callNk(client: Client, session: Session, fn: string, ...args: unknown[]): Promise<NkAnswer> {
  return (await client.rpc(session, 'nk', { fn, args })).payload as NkAnswer;
}

/** The value of an nk call that must succeed. */
export async function nkValue<T = Record<string, unknown>>(client: Client, session: Session, fn: string, ...args: unknown[]): Promise<T> {
  const answer = await callNk(client, session, fn, ...args);
  if (answer.error !== undefined) throw new Error(`nk.${fn} failed: ${answer.error}`);
  return answer.value as T;
}

/** The message of an nk call that must fail. */
export async function nkError(client: Client, session: Session, fn: string, ...args: unknown[]): Promise<string> {
  const answer = await callNk(client, session, fn, ...args);
  if (answer.error === undefined) throw new Error(`nk.${fn} succeeded with ${JSON.stringify(answer.value)}`);
  return answer.error;
}
