import type { AccountService } from '../../core/account/account-service.js';
import type { SessionService } from '../../core/session/session-service.js';

/** The core services the client API's operations call. */
export interface ApiServices {
  accounts: AccountService;
  sessions: SessionService;
}
