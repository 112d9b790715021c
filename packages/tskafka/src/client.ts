import { Admin, type Broker, ClosedError, Cluster } from '@tskafka/network';
import {
  type KafkaClientOptions,
  type ResolvedClientOptions,
  resolveClientOptions,
} from './client-options.js';
import { TopicsView } from './topics-view.js';

/**
 * The entry point: a connection to a Kafka cluster, PyKafka's `KafkaClient` in TypeScript.
 * Connects lazily on first use, or eagerly with {@link connect}.
 *
 * @example
 * ```ts
 * await using client = new KafkaClient({ hosts: '127.0.0.1:9092' });
 * const topic = await client.topics.get('my.test');
 * console.log(topic.partitions.size, await topic.latestAvailableOffsets());
 * ```
 */
export class KafkaClient {
  /** The cluster model: brokers, metadata cache, leader and coordinator lookups. */
  readonly cluster: Cluster;
  /** Topic administration (create, delete, configs). */
  readonly admin: Admin;
  /** The cluster's topics (see {@link TopicsView}). */
  readonly topics: TopicsView;
  /** The validated options with defaults applied. */
  readonly options: ResolvedClientOptions;
  #connecting: Promise<void> | null = null;
  #closed = false;

  /** @throws {ConfigurationError} naming the first invalid option. */
  constructor(options: KafkaClientOptions = {}) {
    this.options = resolveClientOptions(options);
    this.cluster = new Cluster(this.options.cluster);
    this.admin = new Admin(this.cluster);
    const view = {
      excludeInternal: this.options.excludeInternalTopics,
      autoCreate: this.options.cluster.autoCreateTopics ?? false,
      zookeeperHosts: this.options.zookeeperHosts,
    };
    this.topics = new TopicsView(this.cluster, view, (signal) => this.#ensureConnected(signal));
  }

  /** Brokers by id, per the latest metadata (empty before the first connect). */
  get brokers(): ReadonlyMap<number, Broker> {
    return this.cluster.brokers;
  }

  /**
   * Fetches the cluster's metadata from the first bootstrap host that answers.
   * Rejects with `ConnectionError` listing every host tried, `AuthenticationError`, `TlsError`,
   * `AbortedError` or `ClosedError`; a failed connect leaves no socket or timer behind and may be retried.
   */
  async connect(signal?: AbortSignal): Promise<this> {
    await this.#ensureConnected(signal);
    return this;
  }

  /** Refreshes brokers and topics from fresh metadata (PyKafka's `update_cluster`). */
  async updateCluster(signal?: AbortSignal): Promise<void> {
    this.#checkOpen();
    await this.cluster.refresh(null, signal);
  }

  /** Closes every connection. Later calls reject with `ClosedError`. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.cluster.close();
  }

  /** Same as {@link close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** The bootstrap hosts, e.g. `KafkaClient(127.0.0.1:9092)`. */
  toString(): string {
    return `KafkaClient(${this.options.cluster.bootstrap.map((h) => `${h.host}:${h.port}`).join(',')})`;
  }

  #ensureConnected(signal?: AbortSignal): Promise<void> {
    this.#checkOpen();
    if (this.cluster.metadata !== null) return Promise.resolve();
    this.#connecting ??= this.cluster.refresh(null, signal).then(
      () => {},
      (error: unknown) => {
        this.#connecting = null;
        throw error;
      },
    );
    return this.#connecting;
  }

  #checkOpen(): void {
    if (this.#closed) throw new ClosedError('the KafkaClient is closed');
  }
}
