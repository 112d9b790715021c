import type { Api, RequestOf, ResponseOf } from '@tskafka/protocol';
import { Connection, type ConnectionOptions, type RequestOptions } from '../connection/connection.js';
import { ClosedError } from '../errors.js';

/** Connection settings every broker of a cluster shares (everything but the address). */
export type SharedConnectionOptions = Omit<ConnectionOptions, 'host' | 'port' | 'signal'>;

/** Options of {@link Broker.request}. */
export interface BrokerRequestOptions extends RequestOptions {
  /**
   * Which of the broker's connections to use. Requests on one connection are answered in order,
   * so a long poll (Fetch) gets its own channel to avoid delaying metadata or commits.
   * Default `'main'`.
   */
  channel?: string;
}

/**
 * One Kafka broker: its id, address and rack, and the connections to it, opened on first use
 * and re-opened after a failure.
 *
 * @example
 * ```ts
 * const broker = new Broker({ id: 1, host: 'localhost', port: 9092, rack: null }, { clientId: 'app' });
 * const offsets = await broker.request(apis.ListOffsets, body);
 * ```
 */
export class Broker {
  /** Broker id (`node.id`); -1 for a bootstrap address whose id is not known yet. */
  readonly id: number;
  readonly host: string;
  readonly port: number;
  /** `broker.rack`, or null. */
  readonly rack: string | null;
  readonly #options: SharedConnectionOptions;
  readonly #connections = new Map<string, Promise<Connection>>();
  /** Channels whose connection is established and not closed. */
  readonly #live = new Set<string>();
  #closed = false;

  constructor(
    address: { id: number; host: string; port: number; rack: string | null },
    options: SharedConnectionOptions,
  ) {
    this.id = address.id;
    this.host = address.host;
    this.port = address.port;
    this.rack = address.rack;
    this.#options = options;
  }

  /** `host:port`. */
  get address(): string {
    return `${this.host}:${this.port}`;
  }

  /** Whether the main connection is open right now. */
  get connected(): boolean {
    return this.#live.has('main');
  }

  /**
   * The open connection of `channel`, connecting (once, shared by concurrent callers) when there
   * is none. Rejects like {@link Connection.connect}, or with `ClosedError` after {@link close}.
   */
  connection(channel = 'main', signal?: AbortSignal): Promise<Connection> {
    if (this.#closed) return Promise.reject(new ClosedError(`broker ${this.id} (${this.address}) is closed`));
    const existing = this.#connections.get(channel);
    if (existing !== undefined) return existing;
    const opening = Connection.connect({ ...this.#options, host: this.host, port: this.port, signal });
    this.#connections.set(channel, opening);
    opening.then(
      (connection) => {
        this.#live.add(channel);
        connection.onClose(() => {
          this.#live.delete(channel);
          if (this.#connections.get(channel) === opening) this.#connections.delete(channel);
        });
        if (this.#closed) void connection.close();
      },
      () => {
        if (this.#connections.get(channel) === opening) this.#connections.delete(channel);
      },
    );
    return opening;
  }

  /** Sends one request on `options.channel` (connecting if needed) and resolves with the response. */
  async request<A extends Api>(
    api: A,
    body: RequestOf<A>,
    options: BrokerRequestOptions = {},
  ): Promise<ResponseOf<A>> {
    const connection = await this.connection(options.channel, options.signal);
    return connection.request(api, body, options);
  }

  /** Closes every connection; later requests reject with `ClosedError`. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    const opening = [...this.#connections.values()];
    this.#connections.clear();
    await Promise.all(
      opening.map((p) =>
        p.then(
          (connection) => connection.close(),
          () => {},
        ),
      ),
    );
  }

  /** Same as {@link close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
