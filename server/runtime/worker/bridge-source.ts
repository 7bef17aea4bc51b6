/**
 * The JavaScript that runs first inside each module's vm context: it builds `nk`, `logger`, `initializer`
 * and the match dispatcher out of the context's own objects, and returns the one `dispatch` function the
 * worker calls. Only strings cross between the worker and the context (JSON, with binary as latin1 text
 * under BIN_TAG), so module code never holds an object of the worker's realm and cannot climb from one to
 * its Function constructor, `process` or `require`. The host function is kept in this closure, never global.
 */
export const BIN_TAG = '$outpostBin';

export const BRIDGE_SOURCE = String.raw`(function (host, setupJson) {
'use strict';
var BIN = '${BIN_TAG}';
var setup = JSON.parse(setupJson);
var slice = Array.prototype.slice;

function toLatin1(u8) {
  var s = '';
  for (var i = 0; i < u8.length; i += 4096) s += String.fromCharCode.apply(null, u8.subarray(i, i + 4096));
  return s;
}
function fromLatin1(s) {
  var buf = new ArrayBuffer(s.length), u = new Uint8Array(buf);
  for (var i = 0; i < s.length; i++) u[i] = s.charCodeAt(i) & 255;
  return buf;
}
function utf8Latin1(s) { return unescape(encodeURIComponent(s)); }
function binTag(latin1) { var o = {}; o[BIN] = latin1; return o; }
function encode(value) {
  return JSON.stringify(value === undefined ? null : value, function (key, v) {
    var raw = this[key];
    if (raw instanceof ArrayBuffer) return binTag(toLatin1(new Uint8Array(raw)));
    if (ArrayBuffer.isView(raw)) return binTag(toLatin1(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength)));
    return v;
  });
}
function decode(text) {
  if (text === undefined || text === null || text === '') return undefined;
  if (text.indexOf(BIN) < 0) return JSON.parse(text);
  return JSON.parse(text, function (key, v) {
    return v !== null && typeof v === 'object' && typeof v[BIN] === 'string' ? fromLatin1(v[BIN]) : v;
  });
}
function call(op, payload) {
  var answer = decode(host(op, encode(payload)));
  if (answer && answer.error) {
    var err = new Error(answer.error.message);
    if (typeof answer.error.code === 'number') err.code = answer.error.code;
    throw err;
  }
  return answer ? answer.value : undefined;
}

// nk: every name Nakama registers; the worker answers each (locally, on the main thread, or "not implemented").
var nk = {};
setup.nkNames.forEach(function (name) {
  nk[name] = function () { return call('nk', { name: name, args: slice.call(arguments) }); };
});
nk.binaryToString = function (data) {
  if (!(data instanceof ArrayBuffer) && !ArrayBuffer.isView(data)) throw new TypeError('expects an ArrayBuffer');
  var u = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return decodeURIComponent(escape(toLatin1(u)));
};
nk.stringToBinary = function (s) {
  if (typeof s !== 'string') throw new TypeError('expects a string');
  return fromLatin1(utf8Latin1(s));
};
nk.getSatori = function () { throw new Error('not implemented: nk.getSatori'); };

// logger: Nakama's format verbs (%s %d %v %f %q) filled in order.
function show(v) {
  if (typeof v === 'string') return v;
  if (v !== null && typeof v === 'object') { try { return JSON.stringify(v); } catch (e) { return String(v); } }
  return String(v);
}
function format(args) {
  var f = args[0], rest = slice.call(args, 1), i = 0;
  if (typeof f !== 'string') return slice.call(args).map(show).join(' ');
  return f.replace(/%[sdvfqjT%]/g, function (m) {
    if (m === '%%') return '%';
    return i < rest.length ? show(rest[i++]) : m;
  });
}
function makeLogger(fields) {
  function log(level) {
    return function () { host('log', encode({ level: level, message: format(arguments), fields: fields })); };
  }
  return {
    debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'),
    withField: function (k, v) { var f = {}; for (var x in fields) f[x] = fields[x]; f[k] = v; return makeLogger(f); },
    withFields: function (more) { var f = {}; for (var x in fields) f[x] = fields[x]; for (var y in more) f[y] = more[y]; return makeLogger(f); },
    getFields: function () { var f = {}; for (var x in fields) f[x] = fields[x]; return f; },
  };
}
var logger = makeLogger({});

// initializer: registrations are kept here, in the module's realm; the worker reports their names.
var reg = { rpc: {}, before: {}, after: {}, rtBefore: {}, rtAfter: {}, match: {}, callbacks: {}, other: {} };
function needFn(fn, what) { if (typeof fn !== 'function') throw new TypeError(what + ': expects a function'); }
function needName(name, what) { if (typeof name !== 'string' || name === '') throw new TypeError(what + ': expects a non-empty string'); }
var initializer = {
  getConfig: function () { return call('config', null); },
  registerRpc: function (id, fn) { needName(id, 'registerRpc'); needFn(fn, 'registerRpc'); reg.rpc[id.toLowerCase()] = fn; },
  registerRtBefore: function (name, fn) {
    needName(name, 'registerRtBefore'); needFn(fn, 'registerRtBefore');
    if (setup.rtNames.indexOf(name) < 0) throw new TypeError('registerRtBefore: unknown realtime message ' + name);
    reg.rtBefore[name] = fn;
  },
  registerRtAfter: function (name, fn) {
    needName(name, 'registerRtAfter'); needFn(fn, 'registerRtAfter');
    if (setup.rtNames.indexOf(name) < 0) throw new TypeError('registerRtAfter: unknown realtime message ' + name);
    reg.rtAfter[name] = fn;
  },
  registerMatch: function (name, handler) {
    needName(name, 'registerMatch');
    if (handler === null || typeof handler !== 'object') throw new TypeError('registerMatch: expects an object of match functions');
    ['matchInit', 'matchJoinAttempt', 'matchJoin', 'matchLeave', 'matchLoop', 'matchTerminate', 'matchSignal'].forEach(function (f) {
      needFn(handler[f], 'registerMatch ' + f);
    });
    reg.match[name] = handler;
  },
};
setup.callbackNames.forEach(function (name) {
  initializer['register' + name] = function (fn) { needFn(fn, 'register' + name); reg.callbacks[name] = fn; };
});
setup.apiNames.forEach(function (op) {
  initializer['registerBefore' + op] = function (fn) { needFn(fn, 'registerBefore' + op); reg.before[op] = fn; };
  initializer['registerAfter' + op] = function (fn) { needFn(fn, 'registerAfter' + op); reg.after[op] = fn; };
});
setup.otherNames.forEach(function (name) {
  initializer[name] = function () { reg.other[name] = true; };
});

function snapshot() {
  return {
    rpcs: Object.keys(reg.rpc), before: Object.keys(reg.before), after: Object.keys(reg.after),
    rtBefore: Object.keys(reg.rtBefore), rtAfter: Object.keys(reg.rtAfter), matches: Object.keys(reg.match),
    callbacks: Object.keys(reg.callbacks), other: Object.keys(reg.other),
  };
}

// Match handlers: each match's state stays here; dispatcher calls are recorded and returned.
var matches = {};
function binOf(data) {
  if (data === undefined || data === null) return null;
  if (typeof data === 'string') return fromLatin1(utf8Latin1(data));
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data;
  throw new TypeError('expects data as a string or ArrayBuffer');
}
function makeDispatcher(actions) {
  function broadcast(deferred) {
    return function (opCode, data, presences, sender, reliable) {
      if (typeof opCode !== 'number') throw new TypeError('expects an op code number');
      actions.push({ kind: 'broadcast', opCode: opCode, data: binOf(data), presences: presences || null, sender: sender || null,
        reliable: reliable === undefined || reliable === null ? true : !!reliable, deferred: deferred });
    };
  }
  return {
    broadcastMessage: broadcast(false),
    broadcastMessageDeferred: broadcast(true),
    matchKick: function (presences) { actions.push({ kind: 'kick', presences: presences || [] }); },
    matchLabelUpdate: function (label) {
      if (typeof label !== 'string') throw new TypeError('expects a label string');
      actions.push({ kind: 'label', label: label });
    },
  };
}
function step(m, result, actions) {
  if (result === null || result === undefined || result.state === null || result.state === undefined) return { continue: false, actions: actions };
  m.state = result.state;
  return { continue: true, actions: actions };
}
function runMatch(c) {
  if (c.op === 'create') {
    if (!reg.match[c.name]) throw new Error('match handler not registered: ' + c.name);
    matches[c.matchId] = { h: reg.match[c.name], state: null, ctx: c.ctx };
    return null;
  }
  var m = matches[c.matchId];
  if (!m) throw new Error('match not found on this worker: ' + c.matchId);
  if (c.op === 'dispose') { delete matches[c.matchId]; return null; }
  var a = c.args || [], actions = [], d = makeDispatcher(actions), r;
  switch (c.op) {
    case 'init':
      r = m.h.matchInit(m.ctx, logger, nk, a[0] || {});
      if (r === null || typeof r !== 'object' || r.state === undefined || r.state === null) throw new Error('matchInit returned an invalid state');
      var rate = r.tickRate;
      if (typeof rate !== 'number' || rate % 1 !== 0 || rate < 1 || rate > 60) throw new Error('matchInit returned an invalid tick rate (1-60)');
      if (r.label !== undefined && r.label !== null && typeof r.label !== 'string') throw new Error('matchInit returned an invalid label');
      m.state = r.state;
      return { tickRate: rate, label: r.label || '', actions: actions };
    case 'joinAttempt':
      r = m.h.matchJoinAttempt(m.ctx, logger, nk, d, a[0], m.state, a[1], a[2] || {});
      if (r === null || typeof r !== 'object') return { accept: false, rejectMessage: '', actions: actions };
      if (r.state !== undefined && r.state !== null) m.state = r.state;
      return { accept: !!r.accept, rejectMessage: typeof r.rejectMessage === 'string' ? r.rejectMessage : undefined, actions: actions };
    case 'join': return step(m, m.h.matchJoin(m.ctx, logger, nk, d, a[0], m.state, a[1]), actions);
    case 'leave': return step(m, m.h.matchLeave(m.ctx, logger, nk, d, a[0], m.state, a[1]), actions);
    case 'loop': return step(m, m.h.matchLoop(m.ctx, logger, nk, d, a[0], m.state, a[1]), actions);
    case 'terminate': return step(m, m.h.matchTerminate(m.ctx, logger, nk, d, a[0], m.state, a[1]), actions);
    case 'signal':
      r = m.h.matchSignal(m.ctx, logger, nk, d, a[0], m.state, a[1]);
      var s = step(m, r, actions);
      s.result = r && typeof r.data === 'string' ? r.data : '';
      return s;
  }
  throw new Error('unknown match operation ' + c.op);
}

function run(c) {
  var fn, r;
  switch (c.kind) {
    case 'init':
      if (typeof InitModule !== 'function') throw new Error('InitModule function not found. Function must be a top-level global function.');
      InitModule(c.ctx, logger, nk, initializer);
      return snapshot();
    case 'rpc':
      fn = reg.rpc[c.id];
      if (!fn) throw { code: 5, message: 'RPC function not found' };
      r = fn(c.ctx, logger, nk, c.payload);
      if (r !== undefined && r !== null && typeof r !== 'string') throw { code: 13, message: 'Runtime function returned invalid data - only allowed one return value of type string.' };
      return r === undefined || r === null ? '' : r;
    case 'before':
    case 'rtBefore':
      r = (c.kind === 'before' ? reg.before : reg.rtBefore)[c.hook](c.ctx, logger, nk, c.input);
      return r === undefined || r === null ? null : r;
    case 'after':
    case 'rtAfter':
      (c.kind === 'after' ? reg.after : reg.rtAfter)[c.hook](c.ctx, logger, nk, c.output, c.input);
      return null;
    case 'callback':
      fn = reg.callbacks[c.name];
      if (!fn) return null;
      r = fn.apply(null, [c.ctx, logger, nk].concat(c.args || []));
      return r === undefined ? null : r;
    case 'match':
      return runMatch(c);
  }
  throw new Error('unknown call kind ' + c.kind);
}

function errorOf(e) {
  var out = { message: '', code: 13, custom: false, stack: '' };
  if (e instanceof Error) {
    out.message = String(e.message);
    out.stack = String(e.stack || '');
    if (typeof e.code === 'number') { out.code = e.code; out.custom = true; }
  } else if (e !== null && typeof e === 'object') {
    if (typeof e.message === 'string') { out.message = e.message; out.custom = true; }
    if (typeof e.code === 'number') { out.code = e.code; out.custom = true; }
    if (!out.message) out.message = show(e);
  } else {
    out.message = String(e);
  }
  if (out.code % 1 !== 0 || out.code < 1 || out.code > 16) out.code = 13;
  return out;
}

return function dispatch(callJson) {
  try {
    return encode({ value: run(decode(callJson)) });
  } catch (e) {
    try { return encode({ error: errorOf(e) }); } catch (e2) { return '{"error":{"message":"unserialisable error","code":13}}'; }
  }
};
})`;
