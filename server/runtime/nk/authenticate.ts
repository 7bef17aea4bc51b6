import { checkCustomId, checkDeviceId, checkEmail, checkPassword, checkUsername } from '../../core/account/validation.js';
import type { AuthResult } from '../../core/account/account-service.js';
import { bool, obj, optStr, str, uuid } from './args.js';
import type { NkArea } from './table.js';

const optionalUsername = (v: unknown) => {
  const username = optStr(v, 'username string');
  return username ? checkUsername(username) : undefined;
};
const shaped = (r: AuthResult) => ({ userId: r.userId, username: r.username, created: r.created });

/** authenticateDevice/Custom/Email and authenticateTokenGenerate. */
export const authenticateArea: NkArea = (table, { accounts, sessions }) => {
  table.register('authenticateDevice', async ([id, username, create]) =>
    shaped(await accounts.authenticateByIdentity('device', checkDeviceId(str(id, 'id string')), optionalUsername(username), bool(create, true))),
  );
  table.register('authenticateCustom', async ([id, username, create]) =>
    shaped(await accounts.authenticateByIdentity('custom', checkCustomId(str(id, 'id string')), optionalUsername(username), bool(create, true))),
  );
  table.register('authenticateEmail', async ([email, password, username, create]) => {
    const address = checkEmail(str(email, 'email string'));
    const secret = checkPassword(str(password, 'password string'));
    return shaped(await accounts.authenticateEmail(address, secret, optionalUsername(username), bool(create, true)));
  });
  table.register('authenticateTokenGenerate', async ([userId, username, _exp, vars]) => {
    const id = uuid(userId);
    let name = optStr(username, 'username string');
    if (!name) name = (await accounts.getAccount(id)).user.username;
    const sessionVars = vars === undefined || vars === null ? undefined : (obj(vars, 'vars object') as Record<string, string>);
    const issued = await sessions.issue(id, name, sessionVars);
    return { token: issued.token, exp: issued.claims.exp };
  });
};
