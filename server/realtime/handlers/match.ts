import { ApiError, GrpcCode } from '../../common/errors.js';
import type { MatchRegistry, MatchSession } from '../../match/match-registry.js';
import type { MatchCreate, MatchDataSend, MatchJoin, MatchLeave } from '../../protocol/realtime-match.js';
import { RealtimeErrorCode } from '../../protocol/realtime-messages.js';
import { RealtimeFailure, type RealtimeContext, type RealtimeOperation } from '../pipeline.js';

/** Catalogue errors as realtime errors: bad input is BAD_INPUT, a missing match MATCH_NOT_FOUND. */
function toFailure(err: unknown): never {
  if (err instanceof ApiError && err.code === GrpcCode.InvalidArgument) throw new RealtimeFailure(RealtimeErrorCode.BadInput, err.message);
  if (err instanceof ApiError && err.code === GrpcCode.NotFound) throw new RealtimeFailure(RealtimeErrorCode.MatchNotFound, err.message);
  throw err;
}

export function matchOperations(matches: MatchRegistry, node: string): RealtimeOperation[] {
  const who = ({ session }: RealtimeContext): MatchSession => ({ id: session.id, userId: session.userId, username: session.username, node });
  const attempt = <T>(fn: () => T): T => {
    try {
      return fn();
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
      handle: (req: MatchJoin, ctx) => ({ case: 'match', payload: { ...attempt(() => matches.join(who(ctx), req)) } }),
    },
    {
      case: 'match_leave',
      hook: 'MatchLeave',
      handle(req: MatchLeave, ctx) {
        attempt(() => matches.leave(who(ctx), req.matchId ?? ''));
        return 'ack';
      },
    },
    {
      case: 'match_data_send',
      hook: 'MatchDataSend',
      handle(req: MatchDataSend, ctx) {
        try {
          matches.sendData(who(ctx), req);
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
