import { StatusInputError, type StatusService } from '../../core/status/status-service.js';
import { RealtimeErrorCode, type StatusFollow, type StatusUnfollow, type StatusUpdate } from '../../protocol/realtime-messages.js';
import { RealtimeFailure, type RealtimeContext, type RealtimeOperation } from '../pipeline.js';

export function statusOperations(status: StatusService, node: string): RealtimeOperation[] {
  const who = ({ session }: RealtimeContext) => ({ id: session.id, userId: session.userId, username: session.username, node });
  const badInput = (err: unknown): never => {
    if (err instanceof StatusInputError) throw new RealtimeFailure(RealtimeErrorCode.BadInput, err.message);
    throw err;
  };
  return [
    {
      case: 'status_follow',
      hook: 'StatusFollow',
      async handle(req: StatusFollow, ctx) {
        const presences = await status.follow(who(ctx), req.userIds ?? [], req.usernames ?? []).catch(badInput);
        return { case: 'status', payload: { presences } };
      },
    },
    {
      case: 'status_unfollow',
      hook: 'StatusUnfollow',
      handle(req: StatusUnfollow, ctx) {
        try {
          status.unfollow(who(ctx), req.userIds ?? []);
        } catch (err) {
          badInput(err);
        }
        return 'ack';
      },
    },
    {
      case: 'status_update',
      hook: 'StatusUpdate',
      handle(req: StatusUpdate, ctx) {
        try {
          status.update(who(ctx), req.status);
        } catch (err) {
          badInput(err);
        }
        return 'ack';
      },
    },
  ];
}
