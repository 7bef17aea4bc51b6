import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A modules folder holding one bundled module file, as a game developer's build would leave it. */
export interface ModuleDir {
  dir: string;
  file: string;
  /** Server flags that load it. */
  flags: string[];
  remove(): Promise<void>;
}

export async function writeModule(source: string, extraFlags: string[] = []): Promise<ModuleDir> {
  const dir = await mkdtemp(join(tmpdir(), 'outpost-modules-'));
  const file = join(dir, 'index.js');
  await writeFile(file, source);
  return {
    dir,
    file,
    flags: ['--runtime.path', dir, '--runtime.js_entrypoint', 'index.js', ...extraFlags],
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * A module in Nakama's style (plain ES5 functions, a top-level InitModule) exercising what the runtime
 * tests check: RPCs, hooks, nk areas, errors, a runaway loop and the absence of Node APIs.
 */
export const TEST_MODULE = String.raw`
var SEEN_KEY = 'after-get-account:';

function rpcEcho(ctx, logger, nk, payload) {
  return payload;
}

function rpcWhoAmI(ctx, logger, nk, payload) {
  return JSON.stringify({ userId: ctx.userId, username: ctx.username, mode: ctx.executionMode, env: ctx.env.GAME_MODE,
    query: ctx.queryParams, payload: payload, node: ctx.node, hasExp: ctx.userSessionExp > 0 });
}

function rpcFail(ctx, logger, nk, payload) {
  throw { message: 'not enough gold', code: 9 };
}

function rpcPlainThrow(ctx, logger, nk, payload) {
  throw new Error('kaboom');
}

function rpcSpin(ctx, logger, nk, payload) {
  while (true) {}
}

function rpcSandbox(ctx, logger, nk, payload) {
  var escape;
  try { escape = nk.accountGetId.constructor.constructor('return typeof process')(); } catch (e) { escape = 'threw'; }
  var viaLogger;
  try { viaLogger = typeof logger.info.constructor.constructor('return this')().process; } catch (e) { viaLogger = 'threw'; }
  return JSON.stringify({ require: typeof require, process: typeof process, Buffer: typeof Buffer, setTimeout: typeof setTimeout,
    setInterval: typeof setInterval, fetch: typeof fetch, queueMicrotask: typeof queueMicrotask, globalProcess: typeof globalThis.process,
    module: typeof module, escape: escape, viaLogger: viaLogger });
}

function rpcAccount(ctx, logger, nk, payload) {
  var account = nk.accountGetId(ctx.userId);
  nk.accountUpdateId(ctx.userId, null, 'Module Named');
  var users = nk.usersGetId([ctx.userId]);
  return JSON.stringify({ username: account.user.username, devices: account.devices.map(function (d) { return d.id; }),
    createTime: account.user.createTime, displayName: users[0].displayName, byName: nk.usersGetUsername([account.user.username]).length });
}

function rpcNotify(ctx, logger, nk, payload) {
  nk.notificationSend(ctx.userId, 'reward', { gold: 10 }, 101, null, true);
  nk.notificationsSend([{ userId: ctx.userId, subject: 'second', content: { n: 2 }, code: 102, persistent: true }]);
  return '{}';
}

function rpcSql(ctx, logger, nk, payload) {
  var p = JSON.parse(payload);
  nk.sqlExec('CREATE TABLE IF NOT EXISTS module_scores (owner TEXT NOT NULL, score INTEGER NOT NULL)', []);
  var inserted = nk.sqlExec('INSERT INTO module_scores (owner, score) VALUES ($1, $2)', [ctx.userId, p.score]);
  var rows = nk.sqlQuery('SELECT owner, score FROM module_scores WHERE owner = $1 AND score >= $2 ORDER BY score', [ctx.userId, 0]);
  return JSON.stringify({ affected: inserted.rowsAffected, rows: rows });
}

function rpcCrypto(ctx, logger, nk, payload) {
  var key16 = '0123456789abcdef';
  var key32 = '0123456789abcdef0123456789abcdef';
  var sealed = nk.aes256Encrypt('secret message', key32);
  return JSON.stringify({
    b64: nk.base64Encode('hello?'),
    b64back: nk.binaryToString(nk.base64Decode('aGVsbG8/')),
    b64url: nk.base64UrlEncode('hello?', false),
    b16: nk.base16Encode('hi'),
    b16back: nk.binaryToString(nk.base16Decode('6869')),
    md5: nk.md5Hash('abc'),
    sha256: nk.sha256Hash('abc'),
    hmac: nk.base16Encode(nk.hmacSha256Hash('data', 'key')),
    aes128: nk.aes128Decrypt(nk.aes128Encrypt('abc', key16), key16),
    aes256: nk.aes256Decrypt(sealed, key32),
    aesDiffers: sealed !== nk.aes256Encrypt('secret message', key32),
    jwt: nk.jwtGenerate('HS256', 'signing-key', { sub: 'player', n: 1 }),
    bcrypt: nk.bcryptCompare(nk.bcryptHash('pw-123456'), 'pw-123456'),
    bcryptWrong: nk.bcryptCompare(nk.bcryptHash('pw-123456'), 'nope'),
    cron: nk.cronNext('0 12 * * *', 1700000000),
    uuid: nk.uuidv4(),
    time: typeof Date.now(),
    notImplemented: (function () { try { nk.purchaseGetByTransactionId('tx'); return 'no error'; } catch (e) { return e.message; } })(),
  });
}

function rpcCacheRead(ctx, logger, nk, payload) {
  return JSON.stringify({ seen: nk.localcacheGet(SEEN_KEY + ctx.userId, 'none') });
}

function rpcHttp(ctx, logger, nk, payload) {
  var r = nk.httpRequest(JSON.parse(payload).url, 'get', { 'x-test': 'yes' }, null, 2000);
  return JSON.stringify({ code: r.code, body: r.body });
}

function rpcMetrics(ctx, logger, nk, payload) {
  nk.metricsCounterAdd('module_rpc_calls', { area: 'test' }, 2);
  nk.metricsGaugeSet('module_players', {}, 7);
  return '{}';
}

function rpcStream(ctx, logger, nk, payload) {
  var stream = { mode: 123, label: 'lobby' };
  var joined = nk.streamUserJoin(ctx.userId, ctx.sessionId, stream, false, false, 'here');
  var count = nk.streamCount(stream);
  var me = nk.streamUserGet(ctx.userId, ctx.sessionId, stream);
  nk.streamSend(stream, JSON.stringify({ hi: ctx.username }));
  var listed = nk.streamUserList(stream);
  nk.streamUserLeave(ctx.userId, ctx.sessionId, stream);
  return JSON.stringify({ joined: joined, count: count, status: me.status, listed: listed.map(function (p) { return p.sessionId; }), after: nk.streamCount(stream) });
}

function rpcChat(ctx, logger, nk, payload) {
  var channelId = nk.channelIdBuild(null, JSON.parse(payload).room, 1);
  var ack = nk.channelMessageSend(channelId, { text: 'from the server' }, null, 'game-master', true);
  return JSON.stringify({ channelId: channelId, messageId: ack.messageId });
}

function rpcLinks(ctx, logger, nk, payload) {
  var custom = 'custom-' + nk.uuidv4();
  nk.linkCustom(ctx.userId, custom);
  var linked = nk.accountGetId(ctx.userId).customId;
  nk.unlinkCustom(ctx.userId, custom);
  nk.notificationSend(ctx.userId, 'to-delete', {}, 5, null, true);
  var list = nk.notificationsList(ctx.userId, 10);
  nk.notificationsDelete(list.notifications.map(function (n) { return { userId: ctx.userId, notificationId: n.id }; }));
  return JSON.stringify({ linked: linked === custom, after: nk.accountGetId(ctx.userId).customId, listed: list.notifications.length,
    left: nk.notificationsList(ctx.userId, 10).notifications.length });
}

function rpcFollow(ctx, logger, nk, payload) {
  nk.statusFollow(ctx.sessionId, [payload]);
  return '{}';
}

function rpcEvent(ctx, logger, nk, payload) {
  nk.event('level_up', { level: payload });
  return '{}';
}

function rpcCacheGet(ctx, logger, nk, payload) {
  return JSON.stringify({ value: nk.localcacheGet(JSON.parse(payload).key, null) });
}

function onEvent(ctx, logger, nk, evt) {
  nk.localcachePut('event:' + evt.name, evt.properties.level);
}

function beforeUpdateAccount(ctx, logger, nk, req) {
  req.displayName = 'hooked ' + (req.displayName || '');
  return req;
}

function beforeGetUsers(ctx, logger, nk, req) {
  var names = req.usernames || [];
  if (names.indexOf('forbidden') >= 0) throw { message: 'that name is off limits', code: 7 };
  if (names.indexOf('blocked') >= 0) return null;
  return req;
}

function afterGetAccount(ctx, logger, nk, res, req) {
  nk.localcachePut(SEEN_KEY + ctx.userId, res.user.username);
}

function rtBeforeStatusUpdate(ctx, logger, nk, envelope) {
  envelope.statusUpdate.status = 'hooked:' + envelope.statusUpdate.status;
  return envelope;
}

function rtAfterChannelJoin(ctx, logger, nk, output, input) {
  nk.localcachePut('rt-after:' + ctx.userId, output.channel.id + '|' + input.channelJoin.target + '|' + ctx.sessionId);
}

function InitModule(ctx, logger, nk, initializer) {
  logger.info('test module loading in mode %s', ctx.executionMode);
  initializer.registerRpc('Echo', rpcEcho);
  initializer.registerRpc('whoami', rpcWhoAmI);
  initializer.registerRpc('fail', rpcFail);
  initializer.registerRpc('plain_throw', rpcPlainThrow);
  initializer.registerRpc('spin', rpcSpin);
  initializer.registerRpc('sandbox', rpcSandbox);
  initializer.registerRpc('account', rpcAccount);
  initializer.registerRpc('notify', rpcNotify);
  initializer.registerRpc('sql', rpcSql);
  initializer.registerRpc('crypto', rpcCrypto);
  initializer.registerRpc('cache_read', rpcCacheRead);
  initializer.registerRpc('http', rpcHttp);
  initializer.registerRpc('metrics', rpcMetrics);
  initializer.registerRpc('stream', rpcStream);
  initializer.registerRpc('chat', rpcChat);
  initializer.registerRpc('links', rpcLinks);
  initializer.registerRpc('event', rpcEvent);
  initializer.registerRpc('follow', rpcFollow);
  initializer.registerRpc('cache_get', rpcCacheGet);
  initializer.registerEvent(onEvent);
  initializer.registerBeforeUpdateAccount(beforeUpdateAccount);
  initializer.registerBeforeGetUsers(beforeGetUsers);
  initializer.registerAfterGetAccount(afterGetAccount);
  initializer.registerRtBefore('StatusUpdate', rtBeforeStatusUpdate);
  initializer.registerRtAfter('ChannelJoin', rtAfterChannelJoin);
}
`;
