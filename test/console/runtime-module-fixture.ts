/** A small module with one of each registration, for the console's Runtime page tests. */
export const CONSOLE_TEST_MODULE = String.raw`
function noop() {}
function rpcGreet(ctx, logger, nk, payload) {
  logger.warn('greeted %s', ctx.userId);
  nk.metricsCounterAdd('greetings', { kind: 'rpc' }, 1);
  return '{"hello":"world"}';
}
function InitModule(ctx, logger, nk, initializer) {
  logger.info('console test module ready');
  initializer.registerRpc('Greet', rpcGreet);
  initializer.registerRpc('daily_reward', noop);
  initializer.registerBeforeGetAccount(function (ctx, logger, nk, req) { return req; });
  initializer.registerAfterUpdateAccount(noop);
  initializer.registerRtBefore('ChannelJoin', function (ctx, logger, nk, e) { return e; });
  initializer.registerMatch('arena', { matchInit: function () { return { state: {}, tickRate: 1, label: '' }; }, matchJoinAttempt: noop, matchJoin: noop,
    matchLeave: noop, matchLoop: function (c, l, n, d, t, state) { return { state: state }; }, matchTerminate: noop, matchSignal: noop });
  initializer.registerMatchmakerMatched(noop);
}
`;
