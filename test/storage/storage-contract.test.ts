/** The storage contract, run unchanged against every dialect. */
import { describe } from 'node:test';
import { DIALECTS } from '../support/databases.js';
import { accountContract } from './account-contract.js';
import { consoleContract } from './console-contract.js';
import { databaseContract } from './database-contract.js';
import { messageContract } from './message-contract.js';
import { migrationContract } from './migration-contract.js';
import { notificationContract } from './notification-contract.js';
import { sessionContract } from './session-contract.js';
import { storageObjectContract } from './storage-object-contract.js';
import { walletContract } from './wallet-contract.js';
import { friendContract } from './friend-contract.js';
import { groupContract } from './group-contract.js';
import { leaderboardContract } from './leaderboard-contract.js';

for (const dialect of DIALECTS) {
  describe(`storage contract (${dialect})`, () => {
    migrationContract(dialect);
    databaseContract(dialect);
    accountContract(dialect);
    sessionContract(dialect);
    notificationContract(dialect);
    messageContract(dialect);
    storageObjectContract(dialect);
    walletContract(dialect);
    consoleContract(dialect);
    friendContract(dialect);
    groupContract(dialect);
    leaderboardContract(dialect);
  });
}
