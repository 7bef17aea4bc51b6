import { Errors, ErrorsWith } from '../../common/errors.js';
import { isUuid, randomUsername, uuidv4 } from '../../common/ids.js';
import {
  AccountConflictError,
  type AccountConflict,
  type AccountPatch,
  type AccountRepository,
  type IdentityKind,
  type LoginRecord,
  type UserRecord,
} from '../../storage/repositories.js';
import type { Account, User } from '../../protocol/api-messages.js';
import type { PasswordHasher } from './passwords.js';

/** The outcome of an authentication: who, and whether the account was just created. */
export interface AuthResult {
  userId: string;
  username: string;
  created: boolean;
}

const CONFLICT_ERRORS: Record<AccountConflict, () => Error> = {
  username: Errors.usernameTaken,
  device: Errors.deviceIdTaken,
  custom: Errors.customIdTaken,
  email: Errors.emailTaken,
};

function conflictError(err: unknown): unknown {
  return err instanceof AccountConflictError ? CONFLICT_ERRORS[err.conflict]() : err;
}

/** Online state comes from the presence tracker once realtime lands; until then nobody is online. */
export type OnlineCheck = (userId: string) => boolean;

/** Accounts: sign-in by identity, profile reads and updates, links and unlinks. No SQL, no HTTP. */
export class AccountService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly passwords: PasswordHasher,
    private readonly isOnline: OnlineCheck = () => false,
  ) {}

  /** Device and custom ids share one flow: look up, else create unless `create` is false. */
  async authenticateByIdentity(kind: 'device' | 'custom', id: string, username: string | undefined, create: boolean): Promise<AuthResult> {
    const find = (v: string) => (kind === 'device' ? this.accounts.findLoginByDevice(v) : this.accounts.findLoginByCustomId(v));
    const existing = await find(id);
    if (existing) return loginOf(existing);
    if (!create) throw Errors.userNotFound();
    const user = { id: uuidv4(), username: username || randomUsername(), createTime: Date.now() };
    try {
      await this.accounts.createUser(kind === 'device' ? { ...user, deviceId: id } : { ...user, customId: id });
    } catch (err) {
      // Another request created the same identity first: that account is the answer.
      if (err instanceof AccountConflictError && err.conflict === kind) {
        const winner = await find(id);
        if (winner) return loginOf(winner);
      }
      throw conflictError(err);
    }
    return { userId: user.id, username: user.username, created: true };
  }

  async authenticateEmail(email: string, password: string, username: string | undefined, create: boolean): Promise<AuthResult> {
    const existing = await this.accounts.findLoginByEmail(email);
    if (existing) {
      if (existing.disableTime > 0) throw Errors.userBanned();
      if (!existing.passwordHash || !(await this.passwords.verify(password, existing.passwordHash))) throw Errors.invalidCredentials();
      return { userId: existing.id, username: existing.username, created: false };
    }
    if (!create) throw Errors.userNotFound();
    const user = { id: uuidv4(), username: username || randomUsername(), createTime: Date.now() };
    try {
      await this.accounts.createUser({ ...user, email, passwordHash: await this.passwords.hash(password) });
    } catch (err) {
      throw conflictError(err);
    }
    return { userId: user.id, username: user.username, created: true };
  }

  /** Nakama lets an email-less AuthenticateEmail log in by username and password; it never creates. */
  async authenticateUsername(username: string, password: string): Promise<AuthResult> {
    const existing = await this.accounts.findLoginByUsername(username);
    if (!existing) throw Errors.userNotFound();
    if (existing.disableTime > 0) throw Errors.userBanned();
    if (!existing.passwordHash || !(await this.passwords.verify(password, existing.passwordHash))) throw Errors.invalidCredentials();
    return { userId: existing.id, username: existing.username, created: false };
  }

  /** The login record behind a session refresh: the account must still exist and not be banned. */
  async loginForRefresh(userId: string): Promise<LoginRecord> {
    const login = await this.accounts.findLoginById(userId);
    if (!login) throw Errors.userNotFound();
    if (login.disableTime > 0) throw Errors.userBanned();
    return login;
  }

  async getAccount(userId: string): Promise<Account> {
    const found = await this.accounts.getUserWithDevices(userId);
    if (!found) throw Errors.accountNotFound();
    const { user, deviceIds: devices } = found;
    return {
      user: toApiUser(user, this.isOnline(user.id)),
      wallet: user.wallet,
      email: user.email ?? undefined,
      devices: devices.map((id) => ({ id })),
      customId: user.customId ?? undefined,
      verifyTime: user.verifyTime || undefined,
      // Nakama does not show a player their own disable time.
    };
  }

  async getUsers(ids: readonly string[], usernames: readonly string[], facebookIds: readonly string[]): Promise<User[]> {
    if (ids.length + usernames.length + facebookIds.length === 0) return [];
    for (const id of ids) if (!isUuid(id)) throw ErrorsWith.invalidSystemId(id);
    const users = await this.accounts.getUsers({ ids, usernames, facebookIds });
    return users.map((u) => toApiUser(u, this.isOnline(u.id)));
  }

  async updateAccount(userId: string, patch: AccountPatch): Promise<void> {
    if (patch.username !== undefined) {
      const n = Buffer.byteLength(patch.username, 'utf8');
      if (n < 1 || n > 128) throw Errors.usernameLength();
      if (/[\s\u0000-\u001f\u007f]/.test(patch.username)) throw Errors.usernameInvalidChars();
    }
    let found: boolean;
    try {
      found = await this.accounts.updateAccount(userId, patch, Date.now());
    } catch (err) {
      throw conflictError(err);
    }
    if (!found) throw Errors.accountNotFound();
  }

  async deleteAccount(userId: string): Promise<void> {
    if (!(await this.accounts.deleteUser(userId))) throw Errors.accountNotFound();
  }

  async link(userId: string, kind: IdentityKind, value: string, password?: string): Promise<void> {
    const now = Date.now();
    try {
      if (kind === 'device') await this.accounts.linkDevice(userId, value, now);
      else if (kind === 'custom') await this.accounts.linkCustom(userId, value, now);
      else await this.accounts.linkEmail(userId, value, await this.passwords.hash(password ?? ''), now);
    } catch (err) {
      throw conflictError(err);
    }
  }

  async unlink(userId: string, kind: IdentityKind, value: string): Promise<void> {
    if (!(await this.accounts.unlink(userId, kind, value, Date.now()))) throw Errors.unlinkLast();
  }

}

function loginOf(login: LoginRecord): AuthResult {
  if (login.disableTime > 0) throw Errors.userBanned();
  return { userId: login.id, username: login.username, created: false };
}

/** A stored user as the client API shows it (exact times); social listings round the times (core/social). */
export function toApiUser(u: UserRecord, online: boolean): User {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    avatarUrl: u.avatarUrl,
    langTag: u.langTag,
    location: u.location,
    timezone: u.timezone,
    metadata: u.metadata,
    facebookId: u.facebookId ?? undefined,
    googleId: u.googleId ?? undefined,
    gamecenterId: u.gamecenterId ?? undefined,
    steamId: u.steamId ?? undefined,
    online,
    edgeCount: u.edgeCount,
    createTime: u.createTime,
    updateTime: u.updateTime,
    facebookInstantGameId: u.facebookInstantGameId ?? undefined,
    appleId: u.appleId ?? undefined,
  };
}
