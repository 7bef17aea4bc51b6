import { createHmac, timingSafeEqual, type KeyObject, createSecretKey } from 'node:crypto';

/** HS256 JSON Web Tokens: the only kind Nakama issues and accepts. */

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

export interface SigningKey {
  readonly key: KeyObject;
}

export function signingKey(secret: string): SigningKey {
  return { key: createSecretKey(Buffer.from(secret, 'utf8')) };
}

export function signJwt(claims: object, key: SigningKey): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = createHmac('sha256', key.key).update(`${HEADER}.${payload}`).digest('base64url');
  return `${HEADER}.${payload}.${signature}`;
}

/**
 * Returns the claims when the token is a well-formed HS256 JWT with a valid signature and an `exp`
 * in the future; otherwise null. Header algorithms other than HS256 are refused.
 */
export function verifyJwt<T extends { exp: number }>(token: string, key: SigningKey, nowSec: number): T | null {
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  if (first <= 0 || second <= first || token.indexOf('.', second + 1) !== -1) return null;
  const headerPart = token.slice(0, first);
  if (headerPart !== HEADER) {
    try {
      const header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8')) as { alg?: unknown };
      if (header.alg !== 'HS256') return null;
    } catch {
      return null;
    }
  }
  const expected = createHmac('sha256', key.key).update(token.slice(0, second)).digest();
  const given = Buffer.from(token.slice(second + 1), 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let claims: T;
  try {
    claims = JSON.parse(Buffer.from(token.slice(first + 1, second), 'base64url').toString('utf8')) as T;
  } catch {
    return null;
  }
  if (typeof claims !== 'object' || claims === null || typeof claims.exp !== 'number' || claims.exp <= nowSec) return null;
  return claims;
}
