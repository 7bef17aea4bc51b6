import { Errors, ErrorsWith } from '../../common/errors.js';
import { statusStream } from '../../core/status/status-service.js';
import type { IdentityKind, UserRecord } from '../../storage/repositories.js';
import type { ConsoleDeps } from '../console-deps.js';
import type { ConsoleRoute } from '../route.js';
import { intQuery, stringField, uuidParam } from './input.js';

/** A row of the Players table. */
export interface AccountRow {
  id: string;
  username: string;
  displayName: string;
  createTime: number;
  disableTime: number;
  online: boolean;
}

function parseJsonObject(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Players: search, detail, ban/unban, unlink and delete. Only what the backend has is shown: friends,
 * groups, storage and wallet ledger join the detail when those areas exist.
 */
export function accountRoutes(deps: ConsoleDeps): ConsoleRoute[] {
  const online = (userId: string) => deps.tracker.listByStream(statusStream(userId), true).length > 0 || deps.realtimeSessions.forUser(userId).length > 0;
  const row = (u: UserRecord): AccountRow => ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    createTime: u.createTime,
    disableTime: u.disableTime,
    online: online(u.id),
  });
  const mustExist = async (id: string): Promise<UserRecord> => {
    const user = await deps.storage.accounts.getUser(id);
    if (!user) throw Errors.consoleAccountNotFound();
    return user;
  };
  /** Revokes every session and closes the user's sockets, so a ban or deletion takes effect at once. */
  const disconnect = async (userId: string) => {
    await deps.sessions.revokeAll(userId);
    for (const session of deps.realtimeSessions.forUser(userId)) session.close(4001, 'account disabled by an administrator');
  };

  return [
    {
      method: 'GET',
      path: '/account',
      async handle(req) {
        const limit = intQuery(req.query, 'limit', 25, 1, 100);
        const cursor = req.query.get('cursor') ?? undefined;
        // One extra row tells whether another page exists without a second query.
        const rows = await deps.storage.console.searchAccounts(req.query.get('q') ?? '', limit + 1, cursor || undefined);
        const page = rows.slice(0, limit);
        return {
          users: page.map(row),
          nextCursor: rows.length > limit ? page.at(-1)!.username : '',
          totalCount: await deps.storage.console.countAccounts(),
        };
      },
    },
    {
      method: 'GET',
      path: '/account/{id}',
      async handle(req) {
        const id = uuidParam(req.params.id, 'id');
        const user = await mustExist(id);
        return {
          ...row(user),
          avatarUrl: user.avatarUrl,
          langTag: user.langTag,
          location: user.location,
          timezone: user.timezone,
          metadata: parseJsonObject(user.metadata),
          wallet: parseJsonObject(user.wallet),
          email: user.email ?? '',
          customId: user.customId ?? '',
          devices: await deps.storage.accounts.listDeviceIds(id),
          updateTime: user.updateTime,
          verifyTime: user.verifyTime,
          sockets: deps.realtimeSessions.forUser(id).length,
        };
      },
    },
    {
      method: 'POST',
      path: '/account/{id}/ban',
      async handle(req) {
        const id = uuidParam(req.params.id, 'id');
        if (!(await deps.storage.console.setDisableTime(id, Date.now()))) throw Errors.consoleAccountNotFound();
        await disconnect(id);
        deps.logger.info('account banned from the console', { userId: id, admin: req.admin?.usn });
        return {};
      },
    },
    {
      method: 'POST',
      path: '/account/{id}/unban',
      async handle(req) {
        const id = uuidParam(req.params.id, 'id');
        if (!(await deps.storage.console.setDisableTime(id, 0))) throw Errors.consoleAccountNotFound();
        deps.logger.info('account unbanned from the console', { userId: id, admin: req.admin?.usn });
        return {};
      },
    },
    {
      method: 'POST',
      path: '/account/{id}/unlink/{kind}',
      async handle(req) {
        const id = uuidParam(req.params.id, 'id');
        const kind = req.params.kind as IdentityKind;
        if (kind !== 'device' && kind !== 'custom' && kind !== 'email') throw ErrorsWith.badField('kind', 'device, custom or email');
        const user = await mustExist(id);
        const value = kind === 'device' ? stringField(req.body, 'deviceId', { max: 128 }) : kind === 'custom' ? user.customId : user.email;
        if (!value) throw ErrorsWith.badRequestBody(`The account has no ${kind} identity to unlink.`);
        await deps.accounts.unlink(id, kind, value);
        return {};
      },
    },
    {
      method: 'DELETE',
      path: '/account/{id}',
      async handle(req) {
        const id = uuidParam(req.params.id, 'id');
        await mustExist(id);
        await disconnect(id);
        await deps.accounts.deleteAccount(id);
        deps.logger.info('account deleted from the console', { userId: id, admin: req.admin?.usn });
        return {};
      },
    },
  ];
}
