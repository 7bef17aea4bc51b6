import { Errors } from '../../common/errors.js';

/** Nakama's input rules for identities, emails, passwords and usernames (lengths are in bytes). */

// Any control or whitespace character, as Nakama's POSIX class ([[:cntrl:]]|[[:space:]]).
const INVALID_CHARS = /[\u0000-\u0020\u007f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const EMAIL = /^.+@.+\..+$/;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

export function checkDeviceId(id: string | undefined): string {
  if (!id) throw Errors.deviceIdRequired();
  if (INVALID_CHARS.test(id)) throw Errors.deviceIdInvalidChars();
  const n = bytes(id);
  if (n < 10 || n > 128) throw Errors.deviceIdLength();
  return id;
}

export function checkCustomId(id: string | undefined): string {
  if (!id) throw Errors.customIdRequired();
  if (INVALID_CHARS.test(id)) throw Errors.customIdInvalidChars();
  const n = bytes(id);
  if (n < 6 || n > 128) throw Errors.customIdLength();
  return id;
}

/** Returns the email lower-cased, as Nakama stores it. */
export function checkEmail(email: string): string {
  if (INVALID_CHARS.test(email)) throw Errors.emailInvalidChars();
  if (!EMAIL.test(email)) throw Errors.emailFormat();
  const n = bytes(email);
  if (n < 10 || n > 255) throw Errors.emailLength();
  return email.toLowerCase();
}

export function checkPassword(password: string): string {
  if ([...password].length < 8) throw Errors.passwordShort();
  return password;
}

/** An optional username on authenticate: empty means "pick one". */
export function checkUsername(username: string): string {
  if (INVALID_CHARS.test(username)) throw Errors.usernameInvalidChars();
  const n = bytes(username);
  if (n < 1 || n > 128) throw Errors.usernameLength();
  return username;
}
