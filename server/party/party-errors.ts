/**
 * Why a party operation failed, in the words of Nakama's runtime errors (`party full`, `party leader
 * only`, ...). The realtime handler prefixes the operation ("Error joining party: party full") and sends it
 * as BAD_INPUT, as Nakama's pipeline does.
 */
export class PartyError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'PartyError';
  }
}

const fail = (reason: string) => (): PartyError => new PartyError(reason);

export const PartyErrors = {
  notFound: fail('party not found'),
  full: fail('party full'),
  joinRequestDuplicate: fail('party join request duplicate'),
  joinRequestAlreadyMember: fail('party join request already member'),
  joinRequestsFull: fail('party join requests full'),
  notLeader: fail('party leader only'),
  notMember: fail('party member not found'),
  notRequest: fail('party join request not found'),
  acceptRequest: fail('party could not accept request'),
  removeSelf: fail('party cannot remove self'),
  labelTooLong: fail('party label too long'),
  hiddenWithLabel: fail('party is hidden and label is not empty, invalid operation'),
} as const;
