import { checkCustomId, checkDeviceId, checkEmail, checkPassword } from '../../core/account/validation.js';
import { str, uuid } from './args.js';
import type { NkArea } from './table.js';

const nothing = async (work: Promise<void>): Promise<null> => {
  await work;
  return null;
};

/** linkDevice/Custom/Email and their unlinks, with the client API's validation. */
export const linksArea: NkArea = (table, { accounts }) => {
  table.register('linkDevice', ([userId, id]) => nothing(accounts.link(uuid(userId), 'device', checkDeviceId(str(id, 'device id string')))));
  table.register('linkCustom', ([userId, id]) => nothing(accounts.link(uuid(userId), 'custom', checkCustomId(str(id, 'custom id string')))));
  table.register('linkEmail', ([userId, email, password]) =>
    nothing(accounts.link(uuid(userId), 'email', checkEmail(str(email, 'email string')), checkPassword(str(password, 'password string')))),
  );
  table.register('unlinkDevice', ([userId, id]) => nothing(accounts.unlink(uuid(userId), 'device', str(id, 'device id string'))));
  table.register('unlinkCustom', ([userId, id]) => nothing(accounts.unlink(uuid(userId), 'custom', str(id, 'custom id string'))));
  table.register('unlinkEmail', ([userId, email]) => nothing(accounts.unlink(uuid(userId), 'email', str(email, 'email string'))));
};
