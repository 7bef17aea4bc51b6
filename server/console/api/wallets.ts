import { Errors, ErrorsWith } from '../../common/errors.js';
import { WalletInputError, WalletNegativeError } from '../../core/wallet/wallet-service.js';
import type { ConsoleDeps } from '../console-deps.js';
import type { ConsoleRoute } from '../route.js';
import { intQuery, objectField, uuidParam } from './input.js';

/**
 * A player's wallet: the balances, a changeset applied through WalletService (so the ledger records it, with
 * the admin's name in its metadata) and the ledger newest first.
 */
export function walletRoutes(deps: ConsoleDeps): ConsoleRoute[] {
  const walletOf = async (id: string): Promise<Record<string, number>> => {
    const user = await deps.storage.accounts.getUser(id);
    if (!user) throw Errors.consoleAccountNotFound();
    return JSON.parse(user.wallet || '{}') as Record<string, number>;
  };
  return [
    {
      method: 'GET',
      path: '/account/{id}/wallet',
      async handle(req) {
        return { wallet: await walletOf(uuidParam(req.params.id, 'id')) };
      },
    },
    {
      method: 'POST',
      path: '/account/{id}/wallet',
      async handle(req) {
        const id = uuidParam(req.params.id, 'id');
        const changeset = objectField(req.body, 'changeset');
        const entries = Object.entries(changeset);
        if (entries.length === 0) throw ErrorsWith.badField('changeset', 'at least one currency with an amount');
        for (const [name, amount] of entries) {
          if (name === '' || typeof amount !== 'number' || !Number.isSafeInteger(amount)) {
            throw ErrorsWith.badField('changeset', `whole-number amounts per currency name ('${name}' is ${JSON.stringify(amount)})`);
          }
        }
        const metadata = { ...objectField(req.body, 'metadata', { optional: true }), console_admin: req.admin?.usn ?? '' };
        await walletOf(id);
        try {
          const result = await deps.wallets.walletUpdate(id, changeset as Record<string, number>, metadata, true);
          deps.logger.info('wallet changed from the console', { userId: id, changeset, admin: req.admin?.usn });
          return { previous: result.previous, updated: result.updated };
        } catch (err) {
          if (err instanceof WalletNegativeError) throw ErrorsWith.badRequestBody(`Wallet update rejected: '${err.path}' would go below zero (${err.current} + ${err.amount}).`);
          if (err instanceof WalletInputError) throw err.message === 'user not found' ? Errors.consoleAccountNotFound() : ErrorsWith.badRequestBody(err.message);
          throw err;
        }
      },
    },
    {
      method: 'GET',
      path: '/account/{id}/wallet/ledger',
      async handle(req) {
        const id = uuidParam(req.params.id, 'id');
        const limit = intQuery(req.query, 'limit', 25, 1, 100);
        try {
          const page = await deps.wallets.ledgerList(id, limit, req.query.get('cursor') ?? '');
          return { items: page.items, nextCursor: page.cursor };
        } catch (err) {
          if (err instanceof WalletInputError) throw ErrorsWith.badField('cursor', 'a cursor from a previous page');
          throw err;
        }
      },
    },
  ];
}
