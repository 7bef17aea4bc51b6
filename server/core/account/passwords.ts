import bcrypt from 'bcryptjs';

/**
 * Passwords are bcrypt hashes at Nakama's cost (10), so accounts imported from Nakama log in unchanged.
 * bcryptjs's async form yields to the event loop while it works, so a login never stalls other requests.
 */
const COST = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}
