import { uuidv7, uuidv7Time } from '../../common/ids.js';
import type { Logger } from '../../common/logger.js';
import type { Service } from '../../common/lifecycle.js';
import { Errors } from '../../common/errors.js';
import type { SessionRepository } from '../../storage/repositories.js';
import { signJwt, signingKey, verifyJwt, type SigningKey } from './jwt.js';

/** Claims of Nakama session and refresh tokens; nakama-js decodes uid, usn, vrs and exp. */
export interface TokenClaims {
  tid: string;
  uid: string;
  usn: string;
  vrs?: Record<string, string>;
  exp: number;
  iat: number;
}

/** The caller of an authenticated request. */
export interface SessionInfo {
  tokenId: string;
  userId: string;
  username: string;
  vars: Record<string, string>;
  /** Token expiry, unix seconds. */
  expiresAt: number;
  issuedAt: number;
}

export interface IssuedSession {
  token: string;
  refreshToken: string;
  claims: TokenClaims;
}

export interface SessionSettings {
  encryptionKey: string;
  refreshEncryptionKey: string;
  tokenExpirySec: number;
  refreshTokenExpirySec: number;
  singleSession: boolean;
}

const PRUNE_INTERVAL_MS = 10 * 60 * 1000;
/** Verified tokens kept so a busy client's repeated token skips the HMAC and JSON work. */
const VERIFIED_CACHE_SIZE = 50_000;

/**
 * Issues and validates session tokens. Validation is in memory: a signature and expiry check, then
 * the revocation sets that logout fills. Revocations are persisted, so a restart forgets none.
 */
export class SessionService implements Service {
  readonly name = 'sessions';
  private sessionKey: SigningKey;
  private refreshKey: SigningKey;
  /** `s|r:<tid>:<exp>` -> expiry (ms) of the revoked token. */
  private revokedTokens = new Map<string, number>();
  /** userId -> ms; tokens whose tid was minted at or before it are revoked. */
  private revokedUsers = new Map<string, number>();
  private pruneTimer: NodeJS.Timeout | undefined;
  private verified = new Map<string, { claims: TokenClaims; info: SessionInfo }>();

  constructor(
    private settings: SessionSettings,
    private repo: SessionRepository,
    private logger: Logger,
  ) {
    this.sessionKey = signingKey(settings.encryptionKey);
    this.refreshKey = signingKey(settings.refreshEncryptionKey);
  }

  /** Token lifetimes may change at runtime; keys may not. */
  updateLifetimes(tokenExpirySec: number, refreshTokenExpirySec: number): void {
    this.settings = { ...this.settings, tokenExpirySec, refreshTokenExpirySec };
  }

  async start(): Promise<void> {
    const snapshot = await this.repo.loadRevocations(Date.now());
    for (const t of snapshot.tokens) this.revokedTokens.set(t.tid, t.expiresAt);
    for (const u of snapshot.users) this.revokedUsers.set(u.userId, u.revokedAt);
    this.pruneTimer = setInterval(() => void this.prune(), PRUNE_INTERVAL_MS);
    this.pruneTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.pruneTimer);
  }

  /** A new session for a login: a fresh token id shared by the token and its refresh token. */
  async issue(userId: string, username: string, vars: Record<string, string> | undefined): Promise<IssuedSession> {
    const now = Date.now();
    if (this.settings.singleSession) await this.revokeAll(userId, now - 1);
    return this.mint(uuidv7(now), userId, username, vars, Math.floor(now / 1000));
  }

  /** Checks a bearer token; throws the client-facing error when it is not a live session. */
  authenticate(token: string): SessionInfo {
    const nowSec = Math.floor(Date.now() / 1000);
    const hit = this.verified.get(token);
    // A cached token still gets the expiry and revocation checks; only the signature work is skipped.
    if (hit) {
      if (hit.claims.exp > nowSec && !this.isRevoked('s', hit.claims)) return hit.info;
      this.verified.delete(token);
      throw Errors.authTokenInvalid();
    }
    const claims = verifyJwt<TokenClaims>(token, this.sessionKey, nowSec);
    if (!claims || !isClaims(claims) || this.isRevoked('s', claims)) throw Errors.authTokenInvalid();
    const info: SessionInfo = {
      tokenId: claims.tid,
      userId: claims.uid,
      username: claims.usn,
      vars: claims.vrs ?? {},
      expiresAt: claims.exp,
      issuedAt: claims.iat,
    };
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.clear();
    this.verified.set(token, { claims, info });
    return info;
  }

  /** Validates a refresh token; the caller then checks the account and calls `reissue`. */
  verifyRefresh(refreshToken: string): TokenClaims {
    const claims = verifyJwt<TokenClaims>(refreshToken, this.refreshKey, Math.floor(Date.now() / 1000));
    if (!claims || !isClaims(claims) || this.isRevoked('r', claims)) throw Errors.refreshTokenInvalidOrExpired();
    return claims;
  }

  /** A refreshed pair keeps the token id and issue time, as Nakama's does; new vars replace the old. */
  reissue(previous: TokenClaims, username: string, vars: Record<string, string> | undefined): IssuedSession {
    // An empty map is "not given" on the wire (nakama-js always sends `vars: {}`), so it keeps the old vars.
    const nextVars = vars && Object.keys(vars).length > 0 ? vars : previous.vrs;
    return this.mint(previous.tid, previous.uid, username, nextVars, previous.iat);
  }

  /** Nakama's logout: the given tokens (which must be the caller's), or every session when none is given. */
  async logout(caller: SessionInfo, token: string | undefined, refreshToken: string | undefined): Promise<void> {
    if (!token && !refreshToken) {
      await this.revokeAll(caller.userId, Date.now());
      return;
    }
    const nowSec = Math.floor(Date.now() / 1000);
    if (token) {
      const claims = verifyJwt<TokenClaims>(token, this.sessionKey, nowSec);
      if (!claims || claims.uid !== caller.userId) throw Errors.logoutSessionTokenInvalid();
      await this.revokeToken('s', claims);
    }
    if (refreshToken) {
      const claims = verifyJwt<TokenClaims>(refreshToken, this.refreshKey, nowSec);
      if (!claims || claims.uid !== caller.userId) throw Errors.logoutRefreshTokenInvalid();
      await this.revokeToken('r', claims);
    }
  }

  /** Revokes every session of a user minted at or before `at` (logout everywhere, ban, delete). */
  async revokeAll(userId: string, at: number = Date.now()): Promise<void> {
    await this.repo.revokeAllForUser(userId, at);
    this.revokedUsers.set(userId, Math.max(at, this.revokedUsers.get(userId) ?? 0));
  }

  /** Counts for the console. */
  stats(): { revokedTokens: number; revokedUsers: number } {
    return { revokedTokens: this.revokedTokens.size, revokedUsers: this.revokedUsers.size };
  }

  private mint(tid: string, userId: string, username: string, vars: Record<string, string> | undefined, iat: number): IssuedSession {
    const nowSec = Math.floor(Date.now() / 1000);
    const claims: TokenClaims = { tid, uid: userId, usn: username, exp: nowSec + this.settings.tokenExpirySec, iat };
    if (vars && Object.keys(vars).length > 0) claims.vrs = vars;
    const refreshClaims = { ...claims, exp: nowSec + this.settings.refreshTokenExpirySec };
    return { token: signJwt(claims, this.sessionKey), refreshToken: signJwt(refreshClaims, this.refreshKey), claims };
  }

  private isRevoked(kind: 's' | 'r', claims: TokenClaims): boolean {
    const userCutoff = this.revokedUsers.get(claims.uid);
    if (userCutoff !== undefined && uuidv7Time(claims.tid) <= userCutoff) return true;
    return this.revokedTokens.size > 0 && this.revokedTokens.has(`${kind}:${claims.tid}:${claims.exp}`);
  }

  private async revokeToken(kind: 's' | 'r', claims: TokenClaims): Promise<void> {
    const key = `${kind}:${claims.tid}:${claims.exp}`;
    const expiresAt = claims.exp * 1000;
    await this.repo.revokeToken(key, claims.uid, expiresAt);
    this.revokedTokens.set(key, expiresAt);
  }

  private async prune(): Promise<void> {
    const now = Date.now();
    for (const [key, exp] of this.revokedTokens) if (exp <= now) this.revokedTokens.delete(key);
    try {
      await this.repo.pruneRevocations(now);
    } catch (err) {
      this.logger.warn('could not prune session revocations', { err });
    }
  }
}

function isClaims(c: TokenClaims): boolean {
  return typeof c.tid === 'string' && typeof c.uid === 'string' && typeof c.usn === 'string' && typeof c.iat === 'number';
}
