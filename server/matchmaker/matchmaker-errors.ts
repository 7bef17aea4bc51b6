/**
 * Why a matchmaker operation failed, in the words of Nakama's runtime errors (`matchmaker too many
 * tickets`, ...). Realtime handlers wrap them in the operation's message, as Nakama's pipeline does.
 * `detail` says more where Nakama says nothing, e.g. where a query string is malformed.
 */
export class MatchmakerError extends Error {
  constructor(
    readonly reason: string,
    readonly detail?: string,
  ) {
    super(detail ? `${reason}: ${detail}` : reason);
    this.name = 'MatchmakerError';
  }
}

const fail = (reason: string) => (): MatchmakerError => new MatchmakerError(reason);

export const MatchmakerErrors = {
  queryInvalid: (detail: string) => new MatchmakerError('matchmaker query invalid', detail),
  duplicateSession: fail('matchmaker duplicate session'),
  notAvailable: fail('matchmaker not available'),
  tooManyTickets: fail('matchmaker too many tickets'),
  ticketNotFound: fail('matchmaker ticket not found'),
} as const;
