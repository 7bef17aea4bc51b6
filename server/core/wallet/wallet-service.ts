import { isUuid, uuidv4 } from '../../common/ids.js';
import type { WalletLedgerRecord, WalletRepository } from '../../storage/repositories.js';
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../../common/time-id-cursor.js';

/** A wallet: currency (or item) name to a whole-number balance. */
export type Wallet = Record<string, number>;

export interface WalletUpdate {
  userId: string;
  /** Amounts to add (negative to take away) per name. */
  changeset: Record<string, number>;
  /** Stored with the ledger entry; a plain object. */
  metadata?: Record<string, unknown>;
}

export interface WalletUpdateResult {
  userId: string;
  previous: Wallet;
  updated: Wallet;
}

/** One ledger entry as the runtime and console see it; times are unix seconds, as Nakama reports them. */
export interface WalletLedgerItem {
  id: string;
  userId: string;
  changeset: Record<string, number>;
  metadata: Record<string, unknown>;
  createTime: number;
  updateTime: number;
}

export interface WalletLedgerPage {
  items: WalletLedgerItem[];
  /** '' after the last page. */
  cursor: string;
}

/** A change that would leave a balance below zero; nothing of its batch was applied. Nakama's text. */
export class WalletNegativeError extends Error {
  constructor(
    readonly userId: string,
    readonly path: string,
    readonly current: number,
    readonly amount: number,
  ) {
    super(`wallet update rejected negative value at path '${path}'`);
    this.name = 'WalletNegativeError';
  }
}

/** Input the wallet service cannot act on, with the runtime's wording. */
export class WalletInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WalletInputError';
  }
}

export const DEFAULT_LEDGER_LIMIT = 100;

/**
 * Wallets: a JSON object of whole-number balances on each account, changed only through changesets that may
 * never take a balance below zero, with an optional ledger entry per change. Backs nk.wallet* and the console.
 */
export class WalletService {
  constructor(
    private readonly repository: WalletRepository,
    private readonly now: () => number = Date.now,
  ) {}

  /** Applies one changeset; throws WalletNegativeError, or WalletInputError('user not found'). */
  async walletUpdate(userId: string, changeset: Record<string, number>, metadata: Record<string, unknown> = {}, updateLedger = false): Promise<WalletUpdateResult> {
    const [result] = await this.walletsUpdate([{ userId, changeset, metadata }], updateLedger);
    if (!result) throw new WalletInputError('user not found');
    return result;
  }

  /**
   * Applies every changeset in one transaction, in the order given (a user may appear more than once);
   * users that do not exist are skipped, as in Nakama. One negative balance refuses the whole batch.
   */
  async walletsUpdate(updates: readonly WalletUpdate[], updateLedger = false): Promise<WalletUpdateResult[]> {
    if (updates.length === 0) return [];
    const checked = updates.map(checkUpdate);
    const now = this.now();
    return this.repository.updateWallets(
      checked.map((u) => u.userId),
      (current) => {
        const wallets = new Map<string, Wallet>();
        for (const [id, text] of current) wallets.set(id, parseWallet(text));
        const results: WalletUpdateResult[] = [];
        const ledger: WalletLedgerRecord[] = [];
        for (const update of checked) {
          const wallet = wallets.get(update.userId);
          if (!wallet) continue;
          const previous = { ...wallet };
          for (const [path, amount] of Object.entries(update.changeset)) {
            const balance = wallet[path] ?? 0;
            const next = balance + amount;
            if (next < 0) throw new WalletNegativeError(update.userId, path, balance, amount);
            if (!Number.isSafeInteger(next)) throw new WalletInputError(`wallet value at path '${path}' is out of range`);
            wallet[path] = next;
          }
          results.push({ userId: update.userId, previous, updated: { ...wallet } });
          if (updateLedger) {
            ledger.push({
              id: uuidv4(),
              userId: update.userId,
              changeset: JSON.stringify(update.changeset),
              metadata: JSON.stringify(update.metadata ?? {}),
              createTime: now,
              updateTime: now,
            });
          }
        }
        const changed = new Map<string, string>();
        for (const r of results) changed.set(r.userId, stringifyWallet(wallets.get(r.userId)!));
        return { wallets: changed, ledger, result: results };
      },
      now,
    );
  }

  /** The user's ledger newest first, `limit` entries per page. */
  async ledgerList(userId: string, limit = DEFAULT_LEDGER_LIMIT, cursor = ''): Promise<WalletLedgerPage> {
    if (!isUuid(userId)) throw new WalletInputError('expects a valid user id');
    if (!Number.isInteger(limit) || limit < 1) throw new WalletInputError('expects limit to be a positive whole number');
    const before = cursor === '' ? undefined : decodeTimeIdCursor(cursor);
    if (before === null) throw new WalletInputError('wallet ledger cursor invalid');
    const records = await this.repository.listLedger(userId.toLowerCase(), limit + 1, before);
    const page = records.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toItem),
      cursor: records.length > limit && last ? encodeTimeIdCursor({ createTime: last.createTime, id: last.id }) : '',
    };
  }

  /** Merges `metadata` into a ledger entry's metadata at the top level. */
  async ledgerUpdate(id: string, metadata: Record<string, unknown>): Promise<WalletLedgerItem> {
    if (!isUuid(id)) throw new WalletInputError('expects a valid id');
    if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) throw new WalletInputError('expects metadata object');
    const record = await this.repository.updateLedgerMetadata(id.toLowerCase(), JSON.stringify(metadata), this.now());
    if (!record) throw new WalletInputError('wallet ledger item not found');
    return toItem(record);
  }

  /** Deletes one of the user's ledger entries (the console's DeleteWalletLedger); false when there was none. */
  async ledgerDelete(userId: string, id: string): Promise<boolean> {
    if (!isUuid(userId) || !isUuid(id)) return false;
    return this.repository.deleteLedger(userId.toLowerCase(), id.toLowerCase());
  }
}

function checkUpdate(update: WalletUpdate): Required<WalletUpdate> {
  if (typeof update.userId !== 'string' || !isUuid(update.userId)) throw new WalletInputError('expects a valid user id');
  const changeset = update.changeset;
  if (changeset === null || typeof changeset !== 'object' || Array.isArray(changeset)) throw new WalletInputError('expects a changeset object');
  for (const value of Object.values(changeset)) {
    if (!Number.isSafeInteger(value)) throw new WalletInputError('expects changeset values to be whole numbers');
  }
  const metadata = update.metadata ?? {};
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) throw new WalletInputError('expects metadata to be a key value object');
  return { userId: update.userId.toLowerCase(), changeset: { ...changeset }, metadata };
}

function parseWallet(text: string): Wallet {
  const value: unknown = JSON.parse(text || '{}');
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('stored wallet is not a JSON object');
  const wallet: Wallet = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new Error(`stored wallet value at '${k}' is not a whole number`);
    wallet[k] = v;
  }
  return wallet;
}

/** Keys in sorted order, as Go's encoding/json writes Nakama's wallets. */
function stringifyWallet(wallet: Wallet): string {
  const sorted: Wallet = {};
  for (const key of Object.keys(wallet).sort()) sorted[key] = wallet[key]!;
  return JSON.stringify(sorted);
}

function toItem(record: WalletLedgerRecord): WalletLedgerItem {
  return {
    id: record.id,
    userId: record.userId,
    changeset: JSON.parse(record.changeset) as Record<string, number>,
    metadata: JSON.parse(record.metadata) as Record<string, unknown>,
    createTime: Math.floor(record.createTime / 1000),
    updateTime: Math.floor(record.updateTime / 1000),
  };
}
