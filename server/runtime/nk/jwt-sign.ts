import { createHmac, createPrivateKey, createSign } from 'node:crypto';

/** nk.jwtGenerate: HS256 with a shared key or RS256 with a PKCS#8 PEM private key, over any claims object. */
export function signJwt(algorithm: string, key: string, claims: unknown): string {
  if (algorithm !== 'HS256' && algorithm !== 'RS256') throw new TypeError("unsupported algo type - only allowed 'HS256', 'RS256'.");
  if (key === '') throw new TypeError('signing key cannot be empty');
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) throw new TypeError('claims must be an object');
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${part({ alg: algorithm, typ: 'JWT' })}.${part(claims)}`;
  if (algorithm === 'HS256') return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
  let pk;
  try {
    pk = createPrivateKey({ key, format: 'pem' });
  } catch (err) {
    throw new Error(`could not parse private key: ${(err as Error).message}`);
  }
  return `${input}.${createSign('RSA-SHA256').update(input).sign(pk).toString('base64url')}`;
}
