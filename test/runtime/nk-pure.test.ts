import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { translatePlaceholders } from '../../server/runtime/nk/sql-placeholders.js';
import { cronStep } from '../../server/runtime/nk/cron.js';
import { LOCAL_NK } from '../../server/runtime/nk/local.js';
import { decodeWire, encodeWire } from '../../server/runtime/wire-json.js';

const at = (iso: string) => Date.parse(iso) / 1000;
const nk = (name: string, ...args: unknown[]) => LOCAL_NK.get(name)!(...args);

describe('module SQL placeholders', () => {
  it('turns $n into ? in order of appearance, repeating and reordering values', () => {
    assert.deepEqual(translatePlaceholders('SELECT * FROM t WHERE a = $2 AND b = $1 OR c = $2', ['x', 'y']), {
      sql: 'SELECT * FROM t WHERE a = ? AND b = ? OR c = ?',
      params: ['y', 'x', 'y'],
    });
  });
  it("leaves quoted text and comments alone, and keeps '?' statements as given", () => {
    assert.deepEqual(translatePlaceholders(`SELECT '$1', "$2" -- $3\nFROM t WHERE x = $1 /* $9 */`, [5]), {
      sql: `SELECT '$1', "$2" -- $3\nFROM t WHERE x = ? /* $9 */`,
      params: [5],
    });
    assert.deepEqual(translatePlaceholders('SELECT ? , ?', [1, 2]), { sql: 'SELECT ? , ?', params: [1, 2] });
  });
  it('refuses a placeholder without a value', () => {
    assert.throws(() => translatePlaceholders('SELECT $3', [1]), /sql parameter \$3 has no value/);
  });
});

describe('cron', () => {
  it('finds the next and previous matching minute in UTC', () => {
    assert.equal(cronStep('*/15 * * * *', at('2026-01-01T10:07:30Z'), 1), at('2026-01-01T10:15:00Z'));
    assert.equal(cronStep('0 0 * * 1', at('2026-01-01T00:00:00Z'), 1), at('2026-01-05T00:00:00Z'), 'next Monday');
    assert.equal(cronStep('@daily', at('2026-03-10T12:00:00Z'), -1), at('2026-03-10T00:00:00Z'));
    assert.equal(cronStep('30 9 1 jan-mar *', at('2026-02-02T00:00:00Z'), 1), at('2026-03-01T09:30:00Z'));
  });
  it('refuses bad expressions', () => {
    assert.throws(() => cronStep('61 * * * *', 0, 1), /expects a valid cron string/);
    assert.throws(() => cronStep('* * *', 0, 1), /expects a valid cron string/);
  });
});

describe('worker-side nk functions', () => {
  it('decodes with and without padding, and rejects junk with Nakama\'s text', () => {
    assert.equal(Buffer.from(nk('base64Decode', 'aGk') as Uint8Array).toString(), 'hi');
    assert.equal(nk('base64Encode', 'hi', false), 'aGk');
    assert.throws(() => nk('base64Decode', '***'), /Failed to decode string: \*\*\*/);
    assert.throws(() => nk('base16Decode', 'zz'), /Failed to decode string: zz/);
  });
  it('checks AES key sizes and JWT arguments', () => {
    assert.throws(() => nk('aes128Encrypt', 'x', 'short'), /expects key 16 bytes long/);
    assert.throws(() => nk('jwtGenerate', 'HS512', 'k', {}), /unsupported algo type/);
    assert.throws(() => nk('jwtGenerate', 'HS256', 'k', 'claims'), /claims must be an object/);
  });
});

describe('wire JSON', () => {
  it('round-trips binary values as tagged latin1 text', () => {
    const bytes = new Uint8Array([0, 1, 127, 128, 255]);
    const back = decodeWire<{ a: Uint8Array; b: string }>(encodeWire({ a: bytes, b: 'text' }));
    assert.deepEqual([...back.a], [...bytes]);
    assert.equal(back.b, 'text');
  });
});
