import { ApiError, Errors, httpStatusFor } from '../../common/errors.js';
import type { SessionInfo, SessionService } from '../../core/session/session-service.js';
import { RpcMsg, type Rpc } from '../../protocol/realtime-runtime.js';
import { defineOperation, type Operation, type RawExchange } from '../operation.js';
import type { ApiServices } from './services.js';

/** Who calls an RPC, as the runtime puts it in ctx. */
export interface RpcCaller {
  userId?: string;
  username?: string;
  vars?: Record<string, string>;
  expiresAt?: number;
  clientIp?: string;
  clientPort?: number;
  headers?: Record<string, string[]>;
  queryParams?: Record<string, string[]>;
}

/** The runtime as the RpcFunc row sees it. */
export interface RpcInvoker {
  readonly httpKey: string;
  call(id: string, payload: string, caller: RpcCaller): Promise<string>;
}

const noRuntime: RpcInvoker = {
  httpKey: '',
  call: () => Promise.reject(Errors.rpcNotFound()),
};

/** Nakama's RPC error body carries the message twice: `{"error", "message", "code"}`. */
function sendError(ex: RawExchange, err: ApiError): void {
  ex.send(httpStatusFor(err.code), JSON.stringify({ error: err.message, message: err.message, code: err.code }), 'application/json');
}

function basicUser(header: string): string | null {
  if (!/^basic /i.test(header)) return null;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? null : decoded.slice(0, colon);
}

/** http_key (query or Basic) or a session bearer; the first one present decides, as in api_rpc.go. */
function authorize(ex: RawExchange, httpKey: string, sessions: SessionService): SessionInfo | undefined {
  const key = ex.query.get('http_key');
  if (key) {
    if (key !== httpKey) throw Errors.httpKeyInvalid();
    return undefined;
  }
  const header = ex.headers.authorization;
  if (!header) throw Errors.rpcAuthRequired();
  const basic = basicUser(header);
  if (basic !== null) {
    if (basic !== httpKey) throw Errors.httpKeyInvalid();
    return undefined;
  }
  if (!/^bearer /i.test(header)) throw Errors.authTokenInvalid();
  return sessions.authenticate(header.slice(7).trim());
}

function headerMap(headers: Record<string, string>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = [v];
  return out;
}

function queryMap(query: URLSearchParams): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of query) if (k !== 'http_key') (out[k] ??= []).push(v);
  return out;
}

/** RpcFunc: `POST|GET /v2/rpc/{id}` with Nakama's HTTP quirks (api_rpc.go), and the plain gRPC form. */
export function rpcOperations({ sessions, rpc }: ApiServices): Operation[] {
  const runtime = rpc ?? noRuntime;
  return [
    defineOperation<Rpc, Rpc>({
      name: 'RpcFunc',
      routes: [
        { method: 'POST', path: '/v2/rpc/{id}' },
        { method: 'GET', path: '/v2/rpc/{id}' },
      ],
      auth: 'bearer',
      request: RpcMsg,
      response: RpcMsg,
      body: { field: 'payload' },
      async handle(req, ctx) {
        if (!req.id) throw Errors.rpcIdRequired();
        const s = ctx.session;
        const payload = await runtime.call(req.id, req.payload ?? '', { userId: s?.userId, username: s?.username, vars: s?.vars, expiresAt: s?.expiresAt, clientIp: ctx.clientIp, clientPort: ctx.clientPort });
        return { id: req.id, payload };
      },
      async raw(ex) {
        try {
          const session = authorize(ex, runtime.httpKey, sessions);
          const id = (ex.params.id ?? '').toLowerCase();
          if (id === '') throw Errors.rpcIdRequired();
          const unwrap = ex.query.has('unwrap');
          let payload = '';
          if (ex.method === 'POST') {
            const body = await ex.readBody();
            payload = body.toString('utf8');
            if (body.length > 0 && !unwrap) {
              let decoded: unknown;
              try {
                decoded = JSON.parse(payload);
              } catch {
                throw Errors.rpcBodyNotString();
              }
              if (typeof decoded !== 'string') throw Errors.rpcBodyNotString();
              payload = decoded;
            }
          }
          const result = await runtime.call(id, payload, {
            userId: session?.userId,
            username: session?.username,
            vars: session?.vars,
            expiresAt: session?.expiresAt,
            clientIp: ex.clientIp,
            clientPort: ex.clientPort,
            headers: headerMap(ex.headers),
            queryParams: queryMap(ex.query),
          });
          if (unwrap) ex.send(200, result, ex.headers['content-type'] ?? 'text/plain');
          else ex.send(200, JSON.stringify({ payload: result }), 'application/json');
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          if (err.message === 'http: request body too large') {
            ex.send(400, JSON.stringify({ code: 3, message: err.message }), 'application/json');
          } else sendError(ex, err);
        }
      },
    }),
  ];
}
