import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { ConfigError, envNameFor, loadConfig } from '../../server/config/load.js';
import { schemaEntries } from '../../server/config/schema.js';

const files = (map: Record<string, string>) => (path: string) => {
  if (!(path in map)) throw new Error(`ENOENT: ${path}`);
  return map[path]!;
};

describe('configuration', () => {
  it('uses the defaults, with Nakama names and values', () => {
    const { config, sources } = loadConfig({ argv: [], env: {} });
    assert.equal(config.socket.port, 7350);
    assert.equal(config.socket.server_key, 'defaultkey');
    assert.equal(config.session.token_expiry_sec, 60);
    assert.equal(config.session.refresh_token_expiry_sec, 3600);
    assert.equal(config.socket.max_message_size_bytes, 4096);
    assert.equal(config.matchmaker.max_tickets, 3);
    assert.equal(config.database.address, '');
    assert.equal(sources['socket.port'], 'default');
  });

  it('applies flags over environment over file over defaults', () => {
    const readFile = files({ 'a.yml': 'session:\n  token_expiry_sec: 100\n  refresh_token_expiry_sec: 5000\nsocket:\n  port: 7000\n  server_key: fromfile\n' });
    const { config, sources } = loadConfig({
      argv: ['--config', 'a.yml', '--session.token_expiry_sec', '7200'],
      env: { OUTPOST_SESSION_TOKEN_EXPIRY_SEC: '300', OUTPOST_SOCKET_PORT: '7100' },
      readFile,
    });
    assert.equal(config.session.token_expiry_sec, 7200);
    assert.equal(sources['session.token_expiry_sec'], 'flag');
    assert.equal(config.socket.port, 7100);
    assert.equal(sources['socket.port'], 'env');
    assert.equal(config.session.refresh_token_expiry_sec, 5000);
    assert.equal(sources['session.refresh_token_expiry_sec'], 'file');
    assert.equal(config.socket.server_key, 'fromfile');
  });

  it('accepts --key=value, bare boolean flags and repeated list flags', () => {
    const { config } = loadConfig({ argv: ['--socket.port=7360', '--session.single_socket', '--runtime.env', 'A=1', '--runtime.env', 'B=2'], env: {} });
    assert.equal(config.socket.port, 7360);
    assert.equal(config.session.single_socket, true);
    assert.deepEqual(config.runtime.env, ['A=1', 'B=2']);
  });

  it('names the key, the value and what is allowed when a value is invalid', () => {
    assert.throws(() => loadConfig({ argv: ['--socket.port', 'abc'], env: {} }), (err: Error) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /socket\.port/);
      assert.match(err.message, /"abc"/);
      assert.match(err.message, /integer from 0 to 65535/);
      return true;
    });
    assert.throws(() => loadConfig({ argv: [], env: { OUTPOST_LOGGER_LEVEL: 'loud' } }), /"loud" for logger\.level \(from environment OUTPOST_LOGGER_LEVEL\): expected one of debug, info, warn, error/);
    assert.throws(() => loadConfig({ argv: ['--database.address', 'mysql://x'], env: {} }), /database\.address.*postgres:\/\//);
    assert.throws(() => loadConfig({ argv: ['--socket.ping_period_ms', '30000'], env: {} }), /ping_period_ms.*pong_wait_ms/);
    assert.throws(() => loadConfig({ argv: ['--no.such_key', '1'], env: {} }), /unknown flag --no\.such_key/);
    assert.throws(() => loadConfig({ argv: ['--config', 'bad.yml'], env: {}, readFile: files({ 'bad.yml': 'socket: [1, 2' }) }), /bad\.yml/);
  });

  it('warns loudly about insecure defaults and unknown file keys', () => {
    const { warnings } = loadConfig({ argv: ['--config', 'n.yml'], env: {}, readFile: files({ 'n.yml': 'runtime:\n  lua_min_count: 4\n' }) });
    for (const key of ['socket.server_key', 'session.encryption_key', 'session.refresh_encryption_key', 'console.password', 'runtime.http_key']) {
      assert.ok(warnings.some((w) => w.startsWith('INSECURE') && w.includes(key)), `warning for ${key}`);
    }
    assert.ok(warnings.some((w) => w.includes("'runtime.lua_min_count'")));
    const secured = loadConfig({
      argv: ['--socket.server_key', 'k1', '--session.encryption_key', 'k2', '--session.refresh_encryption_key', 'k3', '--console.password', 'k4', '--console.signing_key', 'k5', '--runtime.http_key', 'k6'],
      env: {},
    });
    assert.deepEqual(secured.warnings, []);
  });

  it('derives one environment name per key', () => {
    assert.equal(envNameFor('session.token_expiry_sec'), 'OUTPOST_SESSION_TOKEN_EXPIRY_SEC');
    const names = schemaEntries().map(([path]) => envNameFor(path));
    assert.equal(new Set(names).size, names.length);
  });

  it('stops the CLI with a clear message on an invalid value', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'start', '--session.token_expiry_sec', '-5'], { encoding: 'utf8' });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /configuration error: invalid value "-5" for session\.token_expiry_sec/);
  });
});
