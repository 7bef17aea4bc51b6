import type { MessageDef } from '../protocol/message.js';
import type { SessionInfo } from '../core/session/session-service.js';

/**
 * One row of the client API's operation table. REST routes, the gRPC method, before/after hook names
 * and the console's API explorer all derive from these rows; no transport declares an operation again.
 */
export type AuthKind = 'none' | 'server_key' | 'bearer';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Route {
  method: HttpMethod;
  /** grpc-gateway template, e.g. `/v2/user/{user_id}/group`. */
  path: string;
}

export interface OperationContext {
  /** Set for bearer-authenticated operations. */
  session?: SessionInfo;
  clientIp: string;
  clientPort: number;
}

export interface Operation<Req = any, Res = any> {
  /** The gRPC method name in service nakama.api.Nakama, e.g. `GetAccount`. */
  readonly name: string;
  readonly routes: readonly Route[];
  readonly auth: AuthKind;
  readonly request: MessageDef<Req>;
  readonly response: MessageDef<Res>;
  /** Which part of the request is the HTTP body: the whole message, one field of it, or nothing. */
  readonly body: '*' | 'none' | { field: string };
  handle(request: Req, ctx: OperationContext): Promise<Res>;
  /**
   * For a row whose HTTP form is not grpc-gateway's (RpcFunc: http_key auth, a double-encoded body,
   * `?unwrap` raw bodies): the transport hands it the exchange and it answers itself.
   */
  readonly raw?: (exchange: RawExchange) => Promise<void>;
}

/** One HTTP request as a `raw` row sees it. */
export interface RawExchange {
  method: string;
  /** Request header fields, names lower-cased. */
  headers: Record<string, string>;
  query: URLSearchParams;
  params: Record<string, string>;
  clientIp: string;
  clientPort: number;
  /** The body, bounded by socket.max_request_size_bytes and inflated. */
  readBody(): Promise<Buffer>;
  /** Sends a response with the server's usual headers (CORS, extra headers, gzip). */
  send(status: number, body: string, contentType: string): void;
}

export function defineOperation<Req, Res>(op: Operation<Req, Res>): Operation<Req, Res> {
  return op;
}

/** The bearer session of an operation whose auth kind guarantees one. */
export function caller(ctx: OperationContext): SessionInfo {
  if (!ctx.session) throw new Error('operation needs a bearer session but the transport gave none');
  return ctx.session;
}
