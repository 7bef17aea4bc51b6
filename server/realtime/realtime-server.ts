import type { IncomingMessage } from 'node:http';
import type { UpgradeRequest } from '../api/http-server.js';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { uuidv4 } from '../common/ids.js';
import type { Logger } from '../common/logger.js';
import type { Service } from '../common/lifecycle.js';
import type { SessionInfo, SessionService } from '../core/session/session-service.js';
import { notificationStream } from '../core/notification/notification-service.js';
import type { StatusService } from '../core/status/status-service.js';
import type { Tracker } from '../presence/tracker.js';
import { JsonEnvelopeCodec, MalformedEnvelope, type EnvelopeCodec } from './codec.js';
import type { RealtimePipeline } from './pipeline.js';
import { RealtimeSession } from './session.js';
import type { SessionRegistry } from './session-registry.js';

export interface RealtimeSettings {
  node: string;
  maxMessageSizeBytes: number;
  outgoingQueueSize: number;
  pingPeriodMs: number;
  pongWaitMs: number;
  singleSocket: boolean;
}

interface Handshake {
  auth: SessionInfo;
  codec: EnvelopeCodec;
  appearOnline: boolean;
  lang: string;
}

/**
 * The realtime socket at `/ws` on the API port: authenticates the upgrade, opens a session per socket,
 * feeds each frame through the pipeline in order, and cleans presences up when the socket goes.
 */
export class RealtimeServer implements Service {
  readonly name = 'realtime';
  private wss: WebSocketServer | undefined;

  constructor(
    private readonly settings: RealtimeSettings,
    private readonly registry: SessionRegistry,
    private readonly auth: SessionService,
    private readonly pipeline: RealtimePipeline,
    private readonly status: StatusService,
    private readonly tracker: Tracker,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.settings.maxMessageSizeBytes, perMessageDeflate: false });
  }

  /** Closes every socket with "going away", then the acceptor. */
  async stop(): Promise<void> {
    for (const session of [...this.registry.all()]) session.close(1001, 'server shutting down');
    await new Promise<void>((resolve) => (this.wss ? this.wss.close(() => resolve()) : resolve()));
    this.wss = undefined;
  }

  /** The HTTP server's upgrade handler for `/ws`. */
  handleUpgrade(req: UpgradeRequest, socket: Socket, head: Buffer): void {
    const wss = this.wss;
    if (!wss) return rejectUpgrade(socket, 503, 'Server is not accepting connections');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : url.searchParams.get('token') ?? '';
    let auth: SessionInfo;
    try {
      if (!token) throw new Error('missing token');
      auth = this.auth.authenticate(token);
    } catch {
      return rejectUpgrade(socket, 401, 'Missing or invalid token');
    }
    const format = url.searchParams.get('format') ?? '';
    if (format === 'protobuf') return rejectUpgrade(socket, 400, 'Protobuf format is not supported yet');
    if (format !== '' && format !== 'json') return rejectUpgrade(socket, 400, 'Invalid format parameter');
    const handshake: Handshake = {
      auth,
      codec: new JsonEnvelopeCodec(),
      appearOnline: url.searchParams.get('status') === 'true',
      lang: url.searchParams.get('lang') || 'en',
    };
    // ws reads only the method, url, headers and socket that UpgradeRequest carries.
    wss.handleUpgrade(req as unknown as IncomingMessage, socket, head, (ws) => this.open(ws, handshake));
  }

  private open(ws: WebSocket, hs: Handshake): void {
    const { auth } = hs;
    const session = new RealtimeSession(uuidv4(), auth.userId, auth.username, auth.vars, auth.expiresAt, hs.lang, ws, hs.codec, {
      maxBufferedBytes: this.settings.outgoingQueueSize * this.settings.maxMessageSizeBytes,
      pingPeriodMs: this.settings.pingPeriodMs,
      pongWaitMs: this.settings.pongWaitMs,
    });
    if (this.settings.singleSocket) {
      for (const older of this.registry.forUser(auth.userId)) older.close(1000, 'replaced by a newer socket');
    }
    this.registry.add(session);
    // Every socket hears its user's notifications; hidden, so no presence event announces it.
    this.tracker.track(session.id, notificationStream(session.userId), session.userId, { username: session.username, hidden: true, persistence: false, status: '' });
    const who = { id: session.id, userId: session.userId, username: session.username, node: this.settings.node };
    this.status.sessionStarted(who, hs.appearOnline);
    session.onClose(() => {
      this.registry.remove(session);
      this.tracker.untrackAll(session.id);
      this.status.sessionEnded(session.id);
    });

    // Frames run one after another per session, in arrival order.
    let chain = Promise.resolve();
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      let envelope;
      try {
        envelope = hs.codec.decode(data, isBinary);
      } catch (err) {
        if (!(err instanceof MalformedEnvelope)) this.logger.error('envelope decode failed', { err });
        // Nakama closes on a malformed or unknown envelope without an error envelope.
        session.close(undefined, undefined);
        return;
      }
      chain = chain.then(() => (session.isOpen ? this.pipeline.dispatch(envelope, { session }) : undefined));
    });
  }
}

function rejectUpgrade(socket: Socket, status: number, message: string): void {
  const reason = status === 401 ? 'Unauthorized' : status === 503 ? 'Service Unavailable' : 'Bad Request';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(message)}\r\nConnection: close\r\n\r\n${message}`);
}
