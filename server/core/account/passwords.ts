/**
 * Passwords are bcrypt hashes at Nakama's cost (10), so accounts imported from Nakama log in unchanged.
 * One bcrypt at cost 10 is about 150 ms of CPU in JavaScript, so it never runs on the event loop that
 * serves requests: main.ts hands AccountService a BcryptWorkers pool.
 */
export const BCRYPT_COST = 10;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
}
