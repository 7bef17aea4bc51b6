import { ApiError, GrpcCode } from '../../common/errors.js';
import type { AuthoritativeMatchRegistry } from '../../match/authoritative/authoritative-registry.js';
import type { MatchRegistry, MatchSession } from '../../match/match-registry.js';
import type { MatchCreate, MatchDataSend, MatchJoin, MatchLeave } from '../../protocol/realtime-match.js';
import { RealtimeErrorCode } from '../../protocol/realtime-messages.js';
import { RealtimeFailure, type RealtimeContext, type RealtimeOperation } from '../pipeline.js';

/** Catalogue errors as realtime errors: bad input is BAD_INPUT, a missing match MATCH_NOT_FOUND, a refusal MATCH_JOIN_REJECTED. */
function toFailure(err: unknown): never {
  if (err instanceof ApiError && err.code === GrpcCode.InvalidArgument) throw new RealtimeFailure(RealtimeErrorCode.BadInput, err.message);
  if (err instanceof ApiError && err.code === GrpcCode.NotFound) throw new RealtimeFailure(RealtimeErrorCode.MatchNotFound, err.message);
  if (err instanceof ApiError && err.code === GrpcCode.PermissionDenied) throw new RealtimeFailure(RealtimeErrorCode.MatchJoinRejected, err.message);
  throw err;
}

/**
 * Match cases of the socket. Ids with a node part (`<uuid>.<node>`) go to the authoritative registry when
 * there is one; everything else (relayed ids, bad ids) keeps the relayed registry's behaviour.
 */
export function matchOperations(matches: MatchRegistry, node: string, authoritative?: AuthoritativeMatchRegistry): RealtimeOperation[] {
  const who = ({ session }: RealtimeContext): MatchSession => ({ id: session.id, userId: session.userId, username: session.username, node });
  const isAuthoritative = (matchId: string | undefined) => authoritative !== undefined && matchId !== undefined && authoritative.isAuthoritativeId(matchId);
  const attempt = async <T>(fn: () => T | Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      return toFailure(err);
    }
  };
  return [
    {
      case: 'match_create',
      hook: 'MatchCreate',
      handle: (req: MatchCreate, ctx) => ({ case: 'match', payload: { ...matches.create(who(ctx), req.name) } }),
    },
    {
      case: 'match_join',
      hook: 'MatchJoin',
      handle: async (req: MatchJoin, ctx) => {
        if (req.token === undefined && isAuthoritative(req.matchId)) {
          const match = await attempt(() => authoritative!.join(who(ctx), req.matchId!, req.metadata ?? {}));
          return { case: 'match', payload: { ...match } };
        }
        const rejoin = req.matchId !== undefined && authoritative?.isOnMatch(ctx.session.id, req.matchId) === true;
        const match = await attempt(() => matches.join(who(ctx), req));
        // session.single_match across kinds: a new relayed join also leaves authoritative matches.
        if (!rejoin) authoritative?.leaveOtherMatches(ctx.session.id, match.matchId);
        return { case: 'match', payload: { ...match } };
      },
    },
    {
      case: 'match_leave',
      hook: 'MatchLeave',
      async handle(req: MatchLeave, ctx): Promise<'ack'> {
        await attempt(() => (isAuthoritative(req.matchId) ? authoritative!.leave(who(ctx), req.matchId!) : matches.leave(who(ctx), req.matchId ?? '')));
        return 'ack';
      },
    },
    {
      case: 'match_data_send',
      hook: 'MatchDataSend',
      handle(req: MatchDataSend, ctx) {
        try {
          if (isAuthoritative(req.matchId)) authoritative!.sendData(who(ctx), req);
          else matches.sendData(who(ctx), req);
        } catch (err) {
          // Nakama answers a malformed id with an error outside any cid; everything else gets no reply at all.
          if (!(err instanceof ApiError && err.code === GrpcCode.InvalidArgument)) throw err;
          ctx.session.send({ case: 'error', payload: { code: RealtimeErrorCode.BadInput, message: err.message } });
        }
        return 'none';
      },
    },
  ];
}
