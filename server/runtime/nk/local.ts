import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { uuidv4 } from '../../common/ids.js';
import { signJwt } from './jwt-sign.js';
import { cronStep } from './cron.js';

/**
 * nk functions that need no server state: they run in the worker itself, with no round trip to the main
 * thread. Semantics and error texts follow Nakama's runtime_javascript_nakama.go.
 */
export type LocalNk = (...args: unknown[]) => unknown;

function str(v: unknown, what = 'a string'): string {
  if (typeof v !== 'string') throw new TypeError(`expects ${what}`);
  return v;
}
function bytesOf(v: unknown): Buffer {
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  if (v instanceof Uint8Array) return Buffer.from(v);
  throw new TypeError('expects a string or ArrayBuffer object');
}
function padded(input: string): string {
  return input.length % 4 === 0 ? input : input + '='.repeat(4 - (input.length % 4));
}
function decodeBase64(input: string, alphabet: RegExp, padding: boolean, encoding: 'base64' | 'base64url'): Uint8Array {
  const text = padding ? padded(input) : input;
  if (!alphabet.test(text)) throw new Error(`Failed to decode string: ${input}`);
  return new Uint8Array(Buffer.from(text, encoding));
}
function aesEncrypt(size: number, input: unknown, key: unknown): string {
  let text = str(input);
  const k = str(key);
  if (Buffer.byteLength(k) !== size) throw new Error(`expects key ${size} bytes long`);
  // Nakama pads the plain text with spaces to a multiple of 4 bytes before encrypting.
  const extra = Buffer.byteLength(text) % 4;
  if (extra !== 0) text += ' '.repeat(4 - extra);
  const iv = randomBytes(16);
  const cipher = createCipheriv(`aes-${size * 8}-cfb`, Buffer.from(k), iv);
  return Buffer.concat([iv, cipher.update(text, 'utf8'), cipher.final()]).toString('base64');
}
function aesDecrypt(size: number, input: unknown, key: unknown): string {
  const k = str(key);
  if (Buffer.byteLength(k) !== size) throw new Error(`expects key ${size} bytes long`);
  const raw = Buffer.from(str(input), 'base64');
  if (raw.length < 16) throw new Error('error decoding cipher text: too short');
  const decipher = createDecipheriv(`aes-${size * 8}-cfb`, Buffer.from(k), raw.subarray(0, 16));
  return Buffer.concat([decipher.update(raw.subarray(16)), decipher.final()]).toString('utf8');
}
const hex = (algo: string) => (input: unknown) => createHash(algo).update(str(input)).digest('hex');

const STD = /^[A-Za-z0-9+/]*={0,2}$/;
const URL = /^[A-Za-z0-9_-]*={0,2}$/;

export const LOCAL_NK = new Map<string, LocalNk>([
  ['uuidv4', () => uuidv4()],
  ['base64Encode', (input, padding) => {
    const out = bytesOf(input).toString('base64');
    return padding === false ? out.replace(/=+$/, '') : out;
  }],
  ['base64Decode', (input, padding) => decodeBase64(str(input), STD, padding !== false, 'base64')],
  ['base64UrlEncode', (input, padding) => {
    const out = bytesOf(input).toString('base64url');
    return padding === false ? out : padded(out);
  }],
  ['base64UrlDecode', (input, padding) => decodeBase64(str(input), URL, padding !== false, 'base64url')],
  ['base16Encode', (input) => bytesOf(input).toString('hex')],
  ['base16Decode', (input) => {
    const text = str(input);
    if (!/^([0-9a-fA-F]{2})*$/.test(text)) throw new Error(`Failed to decode string: ${text}`);
    return new Uint8Array(Buffer.from(text, 'hex'));
  }],
  ['md5Hash', hex('md5')],
  ['sha256Hash', hex('sha256')],
  ['hmacSha256Hash', (input, key) => {
    if (str(key) === '') throw new TypeError('key cannot be empty');
    return new Uint8Array(createHmac('sha256', str(key)).update(str(input)).digest());
  }],
  ['aes128Encrypt', (input, key) => aesEncrypt(16, input, key)],
  ['aes128Decrypt', (input, key) => aesDecrypt(16, input, key)],
  ['aes256Encrypt', (input, key) => aesEncrypt(32, input, key)],
  ['aes256Decrypt', (input, key) => aesDecrypt(32, input, key)],
  ['jwtGenerate', (algorithm, key, claims) => signJwt(str(algorithm), str(key), claims)],
  ['bcryptHash', (input) => bcrypt.hashSync(str(input), 10)],
  ['bcryptCompare', (hash, plain) => {
    if (str(hash) === '') throw new TypeError('expects hash string');
    if (str(plain) === '') throw new TypeError('expects plain string');
    return bcrypt.compareSync(str(plain), str(hash));
  }],
  ['cronNext', (expression, ts) => cronStep(str(expression, 'a valid cron string'), Number(ts), 1)],
  ['cronPrev', (expression, ts) => cronStep(str(expression, 'a valid cron string'), Number(ts), -1)],
  ['secureRandomBytes', (n) => {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 1 << 20) throw new TypeError('expects a byte count');
    return new Uint8Array(randomBytes(n));
  }],
]);
