import { Errors } from '../../common/errors.js';
import { checkCustomId, checkDeviceId, checkEmail, checkPassword } from '../../core/account/validation.js';
import type { IdentityKind } from '../../storage/repositories.js';
import { AccountCustomMsg, AccountDeviceMsg, AccountEmailMsg, EmptyMsg, type AccountEmail } from '../../protocol/api-messages.js';
import type { MessageDef } from '../../protocol/message.js';
import { caller, defineOperation, type Operation } from '../operation.js';
import type { ApiServices } from './services.js';

/** How each identity reads and checks its value; Link* and Unlink* rows are generated from this. */
interface IdentitySpec {
  kind: IdentityKind;
  title: string;
  path: string;
  message: MessageDef<any>;
  /** Validated value (and password) for linking. */
  forLink(body: any): { value: string; password?: string };
  /** Value for unlinking: only presence is checked, as Nakama does. */
  forUnlink(body: any): string;
}

const IDENTITIES: IdentitySpec[] = [
  {
    kind: 'device',
    title: 'Device',
    path: 'device',
    message: AccountDeviceMsg,
    forLink: (b: { id?: string }) => ({ value: checkDeviceId(b.id) }),
    forUnlink: (b: { id?: string }) => {
      if (!b.id) throw Errors.deviceIdMissing();
      return b.id;
    },
  },
  {
    kind: 'custom',
    title: 'Custom',
    path: 'custom',
    message: AccountCustomMsg,
    forLink: (b: { id?: string }) => ({ value: checkCustomId(b.id) }),
    forUnlink: (b: { id?: string }) => {
      if (!b.id) throw Errors.customIdMissing();
      return b.id;
    },
  },
  {
    kind: 'email',
    title: 'Email',
    path: 'email',
    message: AccountEmailMsg,
    forLink: (b: AccountEmail) => {
      if (!b.email || !b.password) throw Errors.emailPasswordRequired();
      const value = checkEmail(b.email);
      return { value, password: checkPassword(b.password) };
    },
    forUnlink: (b: AccountEmail) => {
      if (!b.email || !b.password) throw Errors.emailPasswordMissing();
      return b.email.toLowerCase();
    },
  },
];

export function linkOperations({ accounts }: ApiServices): Operation[] {
  return IDENTITIES.flatMap((id) => [
    defineOperation({
      name: `Link${id.title}`,
      routes: [{ method: 'POST', path: `/v2/account/link/${id.path}` }],
      auth: 'bearer',
      request: id.message,
      response: EmptyMsg,
      body: '*',
      async handle(req, ctx) {
        const { value, password } = id.forLink(req);
        await accounts.link(caller(ctx).userId, id.kind, value, password);
        return {};
      },
    }),
    defineOperation({
      name: `Unlink${id.title}`,
      routes: [{ method: 'POST', path: `/v2/account/unlink/${id.path}` }],
      auth: 'bearer',
      request: id.message,
      response: EmptyMsg,
      body: '*',
      async handle(req, ctx) {
        await accounts.unlink(caller(ctx).userId, id.kind, id.forUnlink(req));
        return {};
      },
    }),
  ]);
}
