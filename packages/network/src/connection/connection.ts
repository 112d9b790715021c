import {
  type Api,
  apis,
  decodeResponse,
  encodeRequestChunks,
  type RequestOf,
  type ResponseOf,
} from '@tskafka/protocol';
import { ClosedError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import { authenticate, type SaslOptions, type SaslSession } from '../sasl/authenticate.js';
import { requestChannel } from '../tracing.js';
import { FrameTransport } from './frame-transport.js';
import { apiVersionsRequest, negotiateVersions } from './negotiate.js';
import { openSocket, type TlsOptions } from './open-socket.js';
import type { VersionTable } from './version-table.js';

/** How to reach and talk to one broker. */
export interface ConnectionOptions {
  host: string;
  port: number;
  /** `client_id` in every request header. Default `'tskafka'`. */
  clientId?: string | null;
  /** TLS: options as `tls.connect` takes them, or `true` for Node's defaults. Default plaintext. */
  ssl?: TlsOptions | boolean;
  /** SASL credentials, for `SASL_PLAINTEXT` / `SASL_SSL` listeners. */
  sasl?: SaslOptions;
  /** Limit on opening the socket (TCP + TLS). Default: `requestTimeoutMs`. */
  connectTimeoutMs?: number;
  /** Default limit on each request's round trip, ms. Default 30 000. */
  requestTimeoutMs?: number;
  /** Requests written and unanswered at once (pipelining depth). Default 100. */
  maxInFlight?: number;
  /** Local address to bind. */
  localAddress?: string;
  /** Logger for connection events. Default silent. */
  logger?: Logger;
  /** Aborts the connect (socket, negotiation and authentication). */
  signal?: AbortSignal;
}

/** Per-request options of {@link Connection.request}. */
export interface RequestOptions {
  /** Overrides the connection's `requestTimeoutMs`. */
  timeoutMs?: number;
  /** Rejects with `AbortedError` when it fires. */
  signal?: AbortSignal;
  /** Highest version to use (a caller's cap); the negotiated version is never higher. */
  maxVersion?: number;
  /** Exact version to send, bypassing negotiation (used for ApiVersions itself). */
  version?: number;
  /** Resolve once written instead of waiting for a response (Produce with acks=0). */
  noResponse?: boolean;
  /** Written while the connection is paused for re-authentication. */
  bypassPause?: boolean;
}

/** Re-authenticate at 85-95 % of the session lifetime, like Kafka's own client, so clients spread out. */
/**
 * Bytes fields this long or longer (a Produce request's record batches) go to the socket by
 * reference instead of being copied into the frame: a copy per request, and a frame-sized
 * buffer whose churn triggers full garbage collections, saved.
 */
const GATHER_FROM = 16 * 1024;

const reauthDelay = (lifetimeMs: number): number => Math.floor(lifetimeMs * (0.85 + Math.random() * 0.1));

/**
 * One socket to one broker, ready for requests: connected, versions negotiated, authenticated.
 * Requests are pipelined; every pending request fails at once with a retriable `ConnectionError`
 * when the socket dies. Re-authenticates by itself when the broker sets a session lifetime.
 *
 * @example
 * ```ts
 * await using conn = await Connection.connect({ host: 'localhost', port: 9092 });
 * const meta = await conn.request(apis.Metadata, { topics: null });
 * ```
 */
export class Connection {
  /** `host:port` of the broker. */
  readonly label: string;
  readonly #transport: FrameTransport;
  /** A request was traced: its subscribers may hold responses, so their memory is never reused. */
  #traced = false;
  readonly #clientId: string | null;
  readonly #sasl: SaslOptions | undefined;
  readonly #logger: Logger;
  #versions: VersionTable | null = null;
  #reauthTimer: NodeJS.Timeout | null = null;
  #closing = false;

  private constructor(transport: FrameTransport, label: string, options: ConnectionOptions) {
    this.#transport = transport;
    this.label = label;
    this.#clientId = options.clientId === undefined ? 'tskafka' : options.clientId;
    this.#sasl = options.sasl;
    this.#logger = options.logger ?? silentLogger;
    transport.onClose(() => this.#clearReauth());
  }

  /**
   * Opens a ready connection. Rejects with `ConnectionError`, `TlsError`, `AuthenticationError`,
   * `RequestTimeoutError` or `AbortedError`, leaving no socket or timer behind.
   */
  static async connect(options: ConnectionOptions): Promise<Connection> {
    const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    const socket = await openSocket({
      host: options.host,
      port: options.port,
      ssl: options.ssl,
      connectTimeoutMs: options.connectTimeoutMs ?? requestTimeoutMs,
      localAddress: options.localAddress,
      signal: options.signal,
    });
    const label = `${options.host}:${options.port}`;
    const transport = new FrameTransport(socket, {
      label,
      requestTimeoutMs,
      maxInFlight: options.maxInFlight,
      logger: options.logger,
    });
    const connection = new Connection(transport, label, options);
    try {
      connection.#versions = await negotiateVersions((version, decode) =>
        connection.#exchange(apis.ApiVersions, version, apiVersionsRequest, decode, {
          signal: options.signal,
        }),
      );
      if (options.sasl !== undefined) await connection.#authenticate(options.signal);
    } catch (error) {
      transport.fail(new ClosedError('connection setup failed', { cause: error }));
      await transport.closed;
      throw error;
    }
    connection.#logger.debug({ broker: label }, 'connected');
    return connection;
  }

  /** The broker's API versions on this connection. */
  get versions(): VersionTable {
    if (this.#versions === null) throw new ClosedError(`connection to ${this.label} is not negotiated yet`);
    return this.#versions;
  }

  /** Whether the socket is gone (closed by either side or failed). */
  get closed(): boolean {
    return this.#transport.failure !== null;
  }

  /** Requests written and not yet answered. */
  get inFlight(): number {
    return this.#transport.inFlight;
  }

  /** Runs `listener` once when the connection ends, with the reason. */
  onClose(listener: (error: Error) => void): void {
    this.#transport.onClose(listener);
  }

  /**
   * Says that nothing refers any more to the bytes of a response this connection received (the
   * `ArrayBuffer` under its fields), so the next response of a similar size may be read into
   * that memory. Only for a caller that has dropped every view of it: a view kept would show the
   * next response's bytes. Ignored for memory the connection did not allocate, and once a request
   * on it was traced (a `tskafka:request` subscriber may keep the response).
   */
  recycleResponseMemory(memory: ArrayBufferLike): void {
    if (!this.#traced) this.#transport.recycle(memory);
  }

  /**
   * Sends one request at the highest version both sides support and resolves with the response
   * body. Rejects with `UnsupportedApiError` (no common version), `ConnectionError`,
   * `RequestTimeoutError`, `AbortedError`, `ClosedError` or `KafkaDecodeError`.
   */
  request<A extends Api>(api: A, body: RequestOf<A>, options: RequestOptions = {}): Promise<ResponseOf<A>> {
    let version: number;
    try {
      version = options.version ?? this.versions.pick(api, options.maxVersion);
    } catch (error) {
      return Promise.reject(error);
    }
    if (!requestChannel.hasSubscribers) return this.#send(api, version, body, options);
    this.#traced = true;
    const context = {
      api: api.name,
      apiKey: api.key,
      apiVersion: version,
      broker: this.label,
      request: body,
    };
    return requestChannel.tracePromise(() => this.#send(api, version, body, options), context);
  }

  /** Closes the socket; pending requests reject with `ClosedError`. Idempotent. */
  async close(): Promise<void> {
    this.#closing = true;
    this.#clearReauth();
    this.#transport.fail(new ClosedError(`connection to ${this.label} was closed`));
    await this.#transport.closed;
  }

  /** Same as {@link close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #send<A extends Api>(
    api: A,
    version: number,
    body: RequestOf<A>,
    options: RequestOptions,
  ): Promise<ResponseOf<A>> {
    const transport = this.#transport;
    const decode = options.noResponse
      ? null
      : (payload: Buffer) => {
          const response = decodeResponse(api, version, payload).body;
          // Every version we negotiate with a >= 2.1 broker follows KIP-219: the client waits.
          const throttleMs = (response as { throttleTimeMs?: unknown }).throttleTimeMs;
          if (typeof throttleMs === 'number' && throttleMs > 0) transport.throttle(throttleMs);
          return response;
        };
    return this.#exchange(api, version, body, decode, options);
  }

  /** Encodes and sends one request; `decode` turns the response payload into the result. */
  #exchange<A extends Api, T>(
    api: A,
    version: number,
    body: RequestOf<A>,
    decode: ((payload: Buffer) => T) | null,
    options: RequestOptions,
  ): Promise<T> {
    const transport = this.#transport;
    if (transport.failure !== null) return Promise.reject(transport.failure);
    const correlationId = transport.nextCorrelationId();
    let frame: Uint8Array[];
    try {
      const header = { correlationId, clientId: this.#clientId };
      frame = encodeRequestChunks(api, version, header, body, GATHER_FROM);
    } catch (error) {
      return Promise.reject(error);
    }
    return transport.send(correlationId, frame, decode, options);
  }

  async #authenticate(signal?: AbortSignal): Promise<SaslSession> {
    const sasl = this.#sasl as SaslOptions;
    const options = { signal, bypassPause: true };
    const session = await authenticate(
      {
        handshake: (mechanism) =>
          this.request(apis.SaslHandshake, { mechanism }, { ...options, maxVersion: 1 }),
        authenticate: (authBytes) => this.request(apis.SaslAuthenticate, { authBytes }, options),
      },
      sasl,
    );
    if (session.sessionLifetimeMs > 0 && !this.#closing) {
      this.#reauthTimer = setTimeout(
        () => void this.#reauthenticate(),
        reauthDelay(session.sessionLifetimeMs),
      );
      this.#reauthTimer.unref();
    }
    return session;
  }

  /** KIP-368: hold new requests, let in-flight ones finish, authenticate again, resume. */
  async #reauthenticate(): Promise<void> {
    this.#reauthTimer = null;
    const transport = this.#transport;
    transport.pause();
    try {
      await transport.whenIdle();
      if (transport.failure !== null) return;
      await this.#authenticate();
      this.#logger.debug({ broker: this.label }, 're-authenticated');
      transport.resume();
    } catch (error) {
      this.#logger.warn({ broker: this.label, error }, 're-authentication failed; closing the connection');
      transport.fail(error as Error);
    }
  }

  #clearReauth(): void {
    if (this.#reauthTimer !== null) clearTimeout(this.#reauthTimer);
    this.#reauthTimer = null;
  }
}
