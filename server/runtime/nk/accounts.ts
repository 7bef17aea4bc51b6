import type { Account, User } from '../../protocol/api-messages.js';
import { optStr, parsedJson, seconds, strArray, uuid } from './args.js';
import type { NkArea } from './table.js';

/** The JS runtime's user shape: camelCase, JSON fields as objects, times in unix seconds. */
export function jsUser(u: User): Record<string, unknown> {
  return {
    userId: u.id,
    username: u.username,
    displayName: u.displayName ?? '',
    avatarUrl: u.avatarUrl ?? '',
    langTag: u.langTag ?? '',
    location: u.location ?? '',
    timezone: u.timezone ?? '',
    metadata: parsedJson(u.metadata),
    facebookId: u.facebookId ?? '',
    googleId: u.googleId ?? '',
    gamecenterId: u.gamecenterId ?? '',
    steamId: u.steamId ?? '',
    facebookInstantGameId: u.facebookInstantGameId ?? '',
    appleId: u.appleId ?? '',
    online: u.online ?? false,
    edgeCount: u.edgeCount ?? 0,
    createTime: seconds(u.createTime),
    updateTime: seconds(u.updateTime),
  };
}

function jsAccount(a: Account): Record<string, unknown> {
  return {
    user: jsUser(a.user),
    wallet: parsedJson(a.wallet),
    email: a.email ?? '',
    devices: (a.devices ?? []).map((d) => ({ id: d.id ?? '', vars: d.vars ?? {} })),
    customId: a.customId ?? '',
    verifyTime: seconds(a.verifyTime),
    disableTime: seconds(a.disableTime),
  };
}

/** accountGetId, accountsGetId, accountUpdateId, accountDeleteId, usersGetId, usersGetUsername. */
export const accountsArea: NkArea = (table, { accounts }) => {
  table.register('accountGetId', async ([userId]) => jsAccount(await accounts.getAccount(uuid(userId))));
  table.register('accountsGetId', async ([userIds]) => {
    const ids = strArray(userIds, 'an array of user ids');
    ids.forEach((id) => uuid(id));
    const out: Record<string, unknown>[] = [];
    for (const id of ids) {
      const account = await accounts.getAccount(id).catch(() => null);
      if (account) out.push(jsAccount(account));
    }
    return out;
  });
  table.register('accountUpdateId', async ([userId, username, displayName, timezone, location, langTag, avatarUrl]) => {
    await accounts.updateAccount(uuid(userId), {
      username: optStr(username, 'username string') || undefined,
      displayName: optStr(displayName, 'display name string'),
      timezone: optStr(timezone, 'timezone string'),
      location: optStr(location, 'location string'),
      langTag: optStr(langTag, 'lang tag string'),
      avatarUrl: optStr(avatarUrl, 'avatar url string'),
    });
    return null;
  });
  table.register('accountDeleteId', async ([userId]) => {
    await accounts.deleteAccount(uuid(userId));
    return null;
  });
  table.register('usersGetId', async ([userIds, facebookIds]) => {
    const ids = strArray(userIds, 'an array of user ids');
    ids.forEach((id) => uuid(id));
    return (await accounts.getUsers(ids, [], strArray(facebookIds, 'an array of facebook ids'))).map(jsUser);
  });
  table.register('usersGetUsername', async ([usernames]) =>
    (await accounts.getUsers([], strArray(usernames, 'an array of usernames'), [])).map(jsUser),
  );
};
