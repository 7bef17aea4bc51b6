import { uuidv4 } from '../common/ids.js';
import { signingKey, signJwt, verifyJwt, type SigningKey } from '../core/session/jwt.js';
import { formatMatchId, parseMatchId } from './match-id.js';

/** How long a matchmaker token lets its holders join, as in Nakama. */
export const MATCH_TOKEN_TTL_SEC = 30;

/**
 * Tokens the matchmaker hands to the players of a relayed match: an HS256 JWT `{mid: "<uuid>.", exp}`
 * signed with session.encryption_key, as Nakama issues them. `match_join {token}` turns one back into the
 * match id; the match comes into being with its first joiner.
 */
export class MatchTokens {
  private readonly key: SigningKey;

  constructor(
    encryptionKey: string,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.key = signingKey(encryptionKey);
  }

  /** A token for a new relayed match. */
  issue(): string {
    const exp = Math.floor(this.nowMs() / 1000) + MATCH_TOKEN_TTL_SEC;
    return signJwt({ mid: formatMatchId({ uuid: uuidv4(), node: '' }), exp }, this.key);
  }

  /** The match id inside a valid, unexpired token; undefined otherwise. */
  verify(token: string): string | undefined {
    const claims = verifyJwt<{ exp: number; mid?: unknown }>(token, this.key, Math.floor(this.nowMs() / 1000));
    if (!claims || typeof claims.mid !== 'string' || !parseMatchId(claims.mid)) return undefined;
    return claims.mid;
  }
}
