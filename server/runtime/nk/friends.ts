import { ApiError, Errors } from '../../common/errors.js';
import { isUuid, SYSTEM_USER_ID } from '../../common/ids.js';
import type { FriendTargets } from '../../core/friend/friend-service.js';
import { jsUser } from './accounts.js';
import { given, goJson, isPlainObject, isString, jsArray, jsInt, jsonObject, jsString, optInt, optString, wrapped } from './js-values.js';
import type { NkArea } from './table.js';

function listerId(v: unknown): string {
  const id = jsString(v);
  if (id === '') throw new TypeError('expects a user ID string');
  if (!isUuid(id)) throw new TypeError('expects user ID to be a valid identifier');
  return id.toLowerCase();
}

function limitArg(v: unknown): number {
  const limit = optInt(v, 100);
  if (limit < 1 || limit > 1000) throw new TypeError('expects limit to be 1-1000');
  return limit;
}

/** The acting user and the targets of friendsAdd/Delete/Block, checked with Nakama's texts (`verb`: add, delete, block). */
function writeArgs(verb: 'add' | 'delete' | 'block', userId: unknown, username: unknown, ids: unknown, usernames: unknown) {
  const caller = jsString(userId);
  if (!isUuid(caller)) throw new TypeError('expects user ID to be a valid identifier');
  const name = jsString(username);
  if (name === '') throw new TypeError('expects a username string');
  const self = verb === 'add' ? 'cannot add self as friend' : `cannot ${verb} self`;
  const targets: FriendTargets = {};
  if (given(ids)) {
    targets.ids = jsArray(ids, isString, 'expects an array of strings');
    for (const id of targets.ids) {
      // Nakama's text names the caller's id here, not the bad one.
      if (!isUuid(id) || id === SYSTEM_USER_ID) throw new TypeError(`invalid user id: ${caller}`);
      if (id === caller) throw new TypeError(self);
    }
  }
  if (given(usernames)) {
    targets.usernames = jsArray(usernames, isString, 'expects an array of strings');
    for (const u of targets.usernames) {
      if (u === '') throw new TypeError(`username to ${verb} must not be empty`);
      if (u === name) throw new TypeError(self);
    }
  }
  return { caller: { userId: caller.toLowerCase(), username: name }, targets };
}

/** Nakama's runtime checks for "nothing left to act on" itself, with its own lower-case text. */
async function acting(run: () => Promise<void>): Promise<null> {
  try {
    await run();
  } catch (err) {
    if (err instanceof ApiError && err.message === Errors.friendNoValidId().message) throw new TypeError('no valid ID or username was provided');
    throw err;
  }
  return null;
}

/** friendsList, friendsOfFriendsList, friendsAdd, friendsDelete, friendsBlock. */
export const friendsArea: NkArea = (table, { friends }) => {
  table.register('friendsList', async ([userId, limit, state, cursor]) => {
    const id = listerId(userId);
    const max = limitArg(limit);
    let filter: number | undefined;
    if (given(state)) {
      const s = jsInt(state);
      if (s !== -1 && (s < 0 || s > 3)) throw new TypeError('expects state to be 0-3');
      filter = s === -1 ? undefined : s;
    }
    const list = await wrapped('error while trying to list friends for a user', () => friends.list(id, max, filter, optString(cursor)));
    const result: Record<string, unknown> = {
      friends: (list.friends ?? []).map((f) => ({ state: f.state, updateTime: Math.floor(f.updateTime / 1000), user: jsUser(f.user), metadata: jsonObject(f.metadata) })),
    };
    if (list.cursor) result.cursor = list.cursor;
    return result;
  });

  table.register('friendsOfFriendsList', async ([userId, limit, cursor]) => {
    const id = listerId(userId);
    const max = limitArg(limit);
    const list = await wrapped('error while trying to list friends for a user', () => friends.listFriendsOfFriends(id, max, optString(cursor)));
    const result: Record<string, unknown> = { friendsOfFriends: (list.friendsOfFriends ?? []).map((f) => ({ referrer: f.referrer, user: jsUser(f.user) })) };
    if (list.cursor) result.cursor = list.cursor;
    return result;
  });

  table.register('friendsAdd', async ([userId, username, ids, usernames, metadata]) => {
    const { caller, targets } = writeArgs('add', userId, username, ids, usernames);
    // Nakama insists on an object here; absent metadata is taken as none, which modules written for older servers pass.
    if (given(metadata) && !isPlainObject(metadata)) throw new TypeError('invalid metadata: must be an object');
    return acting(() => friends.add(caller, targets, given(metadata) ? goJson(metadata) : ''));
  });

  table.register('friendsDelete', async ([userId, username, ids, usernames]) => {
    const { caller, targets } = writeArgs('delete', userId, username, ids, usernames);
    await friends.delete(caller, targets);
    return null;
  });

  table.register('friendsBlock', async ([userId, username, ids, usernames]) => {
    const { caller, targets } = writeArgs('block', userId, username, ids, usernames);
    return wrapped('error while trying to block friends', () => acting(() => friends.block(caller, targets)));
  });
};
