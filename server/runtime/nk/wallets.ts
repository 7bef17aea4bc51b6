import { isUuid } from '../../common/ids.js';
import { type WalletLedgerItem, type WalletUpdate, type WalletUpdateResult } from '../../core/wallet/wallet-service.js';
import { given, isPlainObject, jsBool, jsString, optInt, optString, wrapped } from './js-values.js';
import type { NkArea } from './table.js';

function userIdArg(v: unknown): string {
  const id = jsString(v);
  if (id === '' || !isUuid(id)) throw new TypeError('expects a valid user id');
  return id;
}

/** A changeset's values must be whole numbers, as goja's int64 export demands. */
function changesetArg(v: unknown, message: string): Record<string, number> {
  if (!isPlainObject(v)) throw new TypeError(message);
  for (const amount of Object.values(v)) {
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) throw new TypeError('expects changeset values to be whole numbers');
  }
  return v as Record<string, number>;
}

const jsResult = (r: WalletUpdateResult) => ({ updated: r.updated, previous: r.previous, userId: r.userId });

function jsItem(item: WalletLedgerItem): Record<string, unknown> {
  return { id: item.id, userId: item.userId, createTime: item.createTime, updateTime: item.updateTime, changeset: item.changeset, metadata: item.metadata };
}

/** The service's refusals carry Nakama's wording; Nakama wraps those from UpdateWallets. */
function updating<T>(run: () => Promise<T>): Promise<T> {
  return wrapped('failed to update user wallet', run);
}

/** walletUpdate, walletsUpdate, walletLedgerList, walletLedgerUpdate. */
export const walletsArea: NkArea = (table, { wallets }) => {
  table.register('walletUpdate', async ([userId, changeset, metadata, updateLedger]) => {
    const id = userIdArg(userId);
    const changes = changesetArg(changeset, 'expects a changeset object');
    if (given(metadata) && !isPlainObject(metadata)) throw new TypeError('expects metadata to be a key value object');
    const ledger = given(updateLedger) ? jsBool(updateLedger) : false;
    const [result] = await updating(() => wallets.walletsUpdate([{ userId: id, changeset: changes, metadata: (metadata as Record<string, unknown>) ?? {} }], ledger));
    if (!result) throw new TypeError('user not found');
    return jsResult(result);
  });

  table.register('walletsUpdate', async ([updates, updateLedger]) => {
    if (!Array.isArray(updates) || !updates.every(isPlainObject)) throw new TypeError('expects an array of wallet update objects');
    const batch: WalletUpdate[] = updates.map((u) => {
      if (!('userId' in u)) throw new TypeError('expects a user id');
      if (typeof u.userId !== 'string' || !isUuid(u.userId)) throw new TypeError('expects a valid user id');
      const changeset = changesetArg(u.changeset, 'expects changeset object');
      if ('metadata' in u && !isPlainObject(u.metadata)) throw new TypeError('expects metadata object');
      return { userId: u.userId, changeset, metadata: (u.metadata as Record<string, unknown>) ?? {} };
    });
    const ledger = given(updateLedger) ? jsBool(updateLedger) : false;
    return (await updating(() => wallets.walletsUpdate(batch, ledger))).map(jsResult);
  });

  table.register('walletLedgerList', async ([userId, limit, cursor]) => {
    const id = userIdArg(userId);
    const max = optInt(limit, 100);
    const after = optString(cursor);
    const page = await wrapped('failed to retrieve user wallet ledger', () => wallets.ledgerList(id, max, after));
    return { items: page.items.map(jsItem), cursor: page.cursor || null };
  });

  table.register('walletLedgerUpdate', async ([itemId, metadata]) => {
    const id = jsString(itemId);
    if (id === '' || !isUuid(id)) throw new TypeError('expects a valid id');
    if (!isPlainObject(metadata)) throw new TypeError('expects metadata object');
    return jsItem(await wrapped('failed to update user wallet ledger', () => wallets.ledgerUpdate(id, metadata)));
  });
};

