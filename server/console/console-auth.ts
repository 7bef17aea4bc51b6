import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { Errors } from '../common/errors.js';
import { signingKey, signJwt, verifyJwt, type SigningKey } from '../core/session/jwt.js';
import { LoginAttempts, type LockoutSettings } from './login-attempts.js';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

export interface ConsoleAuthSettings {
  username: string;
  password: string;
  signingKey: string;
  tokenExpirySec: number;
  lockout: LockoutSettings;
}

/** Claims of a console token: the admin's name, issue and expiry times (unix seconds). */
export interface ConsoleClaims {
  usn: string;
  iat: number;
  exp: number;
}

/**
 * The console administrator's login. The configured password is kept only as a salted scrypt hash, so
 * comparisons take the same time whatever the guess; repeated failures lock the username and the address.
 */
export class ConsoleAuth {
  private readonly key: SigningKey;
  private readonly salt = randomBytes(16);
  private hash: Promise<Buffer>;
  private readonly attempts: LoginAttempts;

  constructor(private readonly settings: ConsoleAuthSettings) {
    this.key = signingKey(settings.signingKey);
    this.hash = scryptAsync(settings.password, this.salt, 32);
    this.attempts = new LoginAttempts(settings.lockout);
  }

  /** Checks the credentials and returns a signed token; throws the catalogue's console errors. */
  async login(username: string, password: string, address: string): Promise<{ token: string; claims: ConsoleClaims }> {
    if (!this.attempts.allowed(username, address)) throw Errors.consoleLockedOut();
    const [expected, given] = await Promise.all([this.hash, scryptAsync(password, this.salt, 32)]);
    // Digests have equal lengths, so the name comparison takes the same time however long the guess is.
    const nameOk = timingSafeEqual(digest(username), digest(this.settings.username));
    const passwordOk = timingSafeEqual(expected, given);
    if (!nameOk || !passwordOk) {
      this.attempts.failed(username, address);
      throw Errors.consoleCredentialsInvalid();
    }
    this.attempts.succeeded(username, address);
    const now = Math.floor(Date.now() / 1000);
    const claims: ConsoleClaims = { usn: username, iat: now, exp: now + this.settings.tokenExpirySec };
    return { token: signJwt(claims, this.key), claims };
  }

  /** The claims of a valid, unexpired console token, or null. */
  verify(token: string): ConsoleClaims | null {
    const claims = verifyJwt<ConsoleClaims>(token, this.key, Math.floor(Date.now() / 1000));
    return claims && claims.usn === this.settings.username ? claims : null;
  }

  /**
   * Resolves an Authorization header: `Bearer <console token>`, or `Basic user:pass` (as Nakama's console
   * accepts for scripts), which goes through the same lockout as the login form.
   */
  async authorize(header: string | undefined, address: string): Promise<ConsoleClaims> {
    if (!header) throw Errors.consoleTokenRequired();
    const space = header.indexOf(' ');
    const scheme = header.slice(0, space).toLowerCase();
    const value = header.slice(space + 1).trim();
    if (scheme === 'bearer') {
      const claims = this.verify(value);
      if (!claims) throw Errors.consoleTokenInvalid();
      return claims;
    }
    if (scheme === 'basic') {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) throw Errors.consoleCredentialsInvalid();
      return (await this.login(decoded.slice(0, colon), decoded.slice(colon + 1), address)).claims;
    }
    throw Errors.consoleTokenRequired();
  }
}
