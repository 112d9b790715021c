import { randomUUID } from 'node:crypto';
import {
  type Broker,
  type Cluster,
  type Connection,
  ConnectionError,
  RequestTimeoutError,
} from '@tskafka/network';
import { type Api, KafkaProtocolError, type RequestOf, type ResponseOf } from '@tskafka/protocol';

/** NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS. */
const COORDINATOR_ERRORS = new Set([14, 15, 16]);

/** Whether `error` says the coordinator moved or cannot be reached: look it up again. */
export function isCoordinatorError(error: unknown): boolean {
  return (
    error instanceof ConnectionError ||
    error instanceof RequestTimeoutError ||
    (error instanceof KafkaProtocolError && COORDINATOR_ERRORS.has(error.code))
  );
}

/** What a classic member sends its coordinator requests through (a fake in unit tests). */
export interface CoordinatorRequests {
  request<A extends Api>(
    channel: 'group' | 'heartbeat',
    api: A,
    body: RequestOf<A> | ((version: number) => RequestOf<A>),
    options?: { timeoutMs?: number; signal?: AbortSignal },
  ): Promise<ResponseOf<A>>;
  /** Forget the coordinator: the next request looks it up again. */
  forget(): void;
  /** Closes the member's connections. */
  close(): Promise<void>;
}

/**
 * A member's line to its group coordinator: found with FindCoordinator, and two connections of
 * the member's own: `group` for JoinGroup and SyncGroup (which the broker may hold for the whole
 * rebalance timeout) and `heartbeat`, so heartbeats never wait behind them. Members sharing a
 * cluster client never share these (a JoinGroup queued behind another member's would deadlock
 * the rebalance).
 */
export class CoordinatorLink implements CoordinatorRequests {
  readonly #cluster: Cluster;
  readonly #groupId: string;
  readonly #prefix = `member-${randomUUID()}`;
  readonly #opened = new Set<Connection>();
  #coordinator: Broker | null = null;

  constructor(cluster: Cluster, groupId: string) {
    this.#cluster = cluster;
    this.#groupId = groupId;
  }

  /**
   * Sends one request to the coordinator on `channel`; forgets the coordinator when the answer
   * says it moved (or none came), so the next request looks it up again. `body` may be built for
   * the version the coordinator speaks.
   */
  async request<A extends Api>(
    channel: 'group' | 'heartbeat',
    api: A,
    body: RequestOf<A> | ((version: number) => RequestOf<A>),
    options: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<ResponseOf<A>> {
    const connection = await this.connection(channel, options.signal);
    try {
      if (typeof body !== 'function') return await connection.request(api, body, options);
      const version = connection.versions.pick(api);
      return await connection.request(api, body(version), { ...options, version });
    } catch (error) {
      if (isCoordinatorError(error)) this.forget();
      throw error;
    }
  }

  /** The open connection of `channel` to the coordinator (finding it first if needed). */
  async connection(channel: 'group' | 'heartbeat', signal?: AbortSignal): Promise<Connection> {
    try {
      this.#coordinator ??= await this.#cluster.findCoordinator(this.#groupId, 'group', signal);
      const connection = await this.#coordinator.connection(`${this.#prefix}-${channel}`, signal);
      if (!this.#opened.has(connection)) {
        this.#opened.add(connection);
        connection.onClose(() => this.#opened.delete(connection));
      }
      return connection;
    } catch (error) {
      if (isCoordinatorError(error)) this.forget();
      throw error;
    }
  }

  /** Drops the coordinator (a lookup follows on the next request) and closes this member's connections to it. */
  forget(): void {
    this.#coordinator = null;
    for (const connection of this.#opened) void connection.close();
    this.#opened.clear();
  }

  /** Closes this member's connections. */
  async close(): Promise<void> {
    this.#coordinator = null;
    const open = [...this.#opened];
    this.#opened.clear();
    await Promise.all(open.map((c) => c.close()));
  }
}
