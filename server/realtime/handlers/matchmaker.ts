import { MatchmakerError } from '../../matchmaker/matchmaker-errors.js';
import type { Matchmaker } from '../../matchmaker/matchmaker.js';
import type { TicketRequest } from '../../matchmaker/ticket.js';
import type { MessageRouter } from '../../presence/message-router.js';
import { PartyError } from '../../party/party-errors.js';
import { formatPartyId, parsePartyId, type PartyId } from '../../party/party-id.js';
import type { PartyRegistry, PartySession } from '../../party/party-registry.js';
import type { MatchmakerAdd, MatchmakerTicketOnly, PartyMatchmakerAdd, PartyMatchmakerTicket } from '../../protocol/realtime-matchmaker.js';
import { RealtimeErrorCode } from '../../protocol/realtime-messages.js';
import { RealtimeFailure, type RealtimeContext, type RealtimeOperation } from '../pipeline.js';
import type { RealtimeSession } from '../session.js';

const badInput = (message: string) => new RealtimeFailure(RealtimeErrorCode.BadInput, message);

/** The count checks Nakama's pipeline makes before a ticket reaches the matchmaker, in its words. */
function ticketCounts(req: MatchmakerAdd): { minCount: number; maxCount: number; countMultiple: number } {
  const minCount = req.minCount ?? 0;
  if (minCount < 2) throw badInput('Invalid minimum count, must be >= 2');
  const maxCount = req.maxCount ?? 0;
  if (maxCount < minCount) throw badInput('Invalid maximum count, must be >= minimum count');
  let countMultiple = 1;
  if (req.countMultiple !== undefined) {
    countMultiple = req.countMultiple;
    if (countMultiple < 1) throw badInput('Invalid count multiple, must be >= 1');
    if (minCount % countMultiple !== 0) throw badInput('Invalid count multiple for minimum count, must divide');
    if (maxCount % countMultiple !== 0) throw badInput('Invalid count multiple for maximum count, must divide');
  }
  return { minCount, maxCount, countMultiple };
}

function partyId(text: string | undefined): PartyId {
  const id = parsePartyId(text ?? '');
  if (!id) throw badInput('Invalid party ID');
  return id;
}

/** A matchmaker or party reason behind the operation's prefix, as Nakama's pipeline words party errors. */
function reasonOf(err: unknown): string {
  if (err instanceof MatchmakerError || err instanceof PartyError) return err.message;
  throw err;
}

/**
 * matchmaker_add / matchmaker_remove for one session, party_matchmaker_add / party_matchmaker_remove for a
 * party's leader. A session's tickets go when its socket closes; a party's when its membership changes
 * (main.ts connects the party registry's membership events to the matchmaker).
 */
export function matchmakerOperations(matchmaker: Matchmaker, parties: PartyRegistry, router: MessageRouter, node: string): RealtimeOperation[] {
  const watched = new WeakSet<RealtimeSession>();
  const who = ({ session }: RealtimeContext): PartySession => ({ id: session.id, userId: session.userId, username: session.username, node });
  const properties = (req: MatchmakerAdd) => ({ stringProperties: req.stringProperties ?? {}, numericProperties: req.numericProperties ?? {} });

  return [
    {
      case: 'matchmaker_add',
      hook: 'MatchmakerAdd',
      handle(req: MatchmakerAdd, ctx) {
        const { session } = ctx;
        const request: TicketRequest = {
          ...ticketCounts(req),
          ...properties(req),
          presences: [{ userId: session.userId, sessionId: session.id, username: session.username, node }],
          sessionId: session.id,
          partyId: '',
          query: req.query ?? '',
        };
        let ticket: string;
        try {
          ticket = matchmaker.add(request).ticket;
        } catch (err) {
          // Nakama answers every failure here with the same runtime error; a bad query also says where it is wrong.
          if (err instanceof MatchmakerError && err.detail) throw new RealtimeFailure(RealtimeErrorCode.RuntimeException, `Error adding to matchmaker: ${err.message}`);
          if (err instanceof MatchmakerError) throw new RealtimeFailure(RealtimeErrorCode.RuntimeException, 'Error adding to matchmaker');
          throw err;
        }
        if (!watched.has(session)) {
          watched.add(session);
          session.onClose(() => matchmaker.removeSessionAll(session.id));
        }
        return { case: 'matchmaker_ticket', payload: { ticket } };
      },
    },
    {
      case: 'matchmaker_remove',
      hook: 'MatchmakerRemove',
      handle(req: MatchmakerTicketOnly, ctx) {
        if (!req.ticket) throw badInput('Invalid matchmaker ticket');
        try {
          matchmaker.removeSession(ctx.session.id, req.ticket);
        } catch (err) {
          if (err instanceof MatchmakerError) throw badInput('Matchmaker ticket not found');
          throw err;
        }
        return 'ack';
      },
    },
    {
      case: 'party_matchmaker_add',
      hook: 'PartyMatchmakerAdd',
      handle(req: PartyMatchmakerAdd, ctx) {
        const counts = ticketCounts(req);
        const id = partyId(req.partyId);
        let ticket: string;
        let others: { node: string; sessionId: string }[];
        try {
          const members = parties.matchmakerMembers(who(ctx), id);
          ticket = matchmaker.add({
            ...counts,
            ...properties(req),
            presences: members.map((m) => ({ ...m.presence, node: m.node })),
            sessionId: '',
            partyId: formatPartyId(id),
            query: req.query ?? '',
          }).ticket;
          others = members.filter((m) => m.presence.sessionId !== ctx.session.id).map((m) => ({ node: m.node, sessionId: m.presence.sessionId }));
        } catch (err) {
          throw badInput(`Error adding party to matchmaker: ${reasonOf(err)}`);
        }
        // Nakama echoes the id as the client sent it, to the leader and every other member.
        const payload: PartyMatchmakerTicket = { partyId: req.partyId, ticket };
        router.sendToPresenceIds(others, { case: 'party_matchmaker_ticket', payload: { ...payload } });
        return { case: 'party_matchmaker_ticket', payload: { ...payload } };
      },
    },
    {
      case: 'party_matchmaker_remove',
      hook: 'PartyMatchmakerRemove',
      handle(req: PartyMatchmakerTicket, ctx) {
        if (!req.ticket) throw badInput('Invalid matchmaker ticket');
        const id = partyId(req.partyId);
        try {
          parties.matchmakerMembers(who(ctx), id);
          matchmaker.removeParty(formatPartyId(id), req.ticket);
        } catch (err) {
          // Nakama's own wording for this operation.
          throw badInput(`Error closing party: ${reasonOf(err)}`);
        }
        return 'ack';
      },
    },
  ];
}
