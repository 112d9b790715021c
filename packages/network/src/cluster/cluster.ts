import { apis, KafkaError, KafkaProtocolError, protocolErrorFromCode } from '@tskafka/protocol';
import { ClosedError, ConfigurationError, ConnectionError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import { type ResolvedRetryOptions, type RetryOptions, resolveRetry, retry } from '../retry/retry-policy.js';
import { Broker, type SharedConnectionOptions } from './broker.js';
import { type ClusterMetadata, type PartitionMetadata, toClusterMetadata } from './metadata.js';

/** A bootstrap address. */
export interface HostPort {
  host: string;
  port: number;
}

/** Options of a {@link Cluster}. */
export interface ClusterOptions extends SharedConnectionOptions {
  /** Addresses to fetch the first metadata from, tried in order until one answers. */
  bootstrap: readonly HostPort[];
  /** Retry policy for metadata and coordinator lookups (and the default for layers above). */
  retry?: RetryOptions;
  /** Let Metadata requests for a missing topic create it (broker `auto.create.topics.enable`). Default false. */
  autoCreateTopics?: boolean;
}

/** Coordinator kinds of FindCoordinator: consumer groups and transactional ids. */
export type CoordinatorType = 'group' | 'transaction';

/**
 * The cluster as this client sees it: brokers, topics and partition placement from the latest
 * metadata, and lookups of leaders, the controller and coordinators. Refreshes metadata when a
 * request fails with an error that says it is stale (NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION,
 * a lost connection), backing off exponentially with jitter.
 *
 * @example
 * ```ts
 * await using cluster = new Cluster({ bootstrap: [{ host: 'localhost', port: 9092 }] });
 * await cluster.refresh();
 * const leader = cluster.leaderFor('orders', 0);
 * ```
 */
export class Cluster {
  /** The retry policy in force; layers above reuse it. */
  readonly retryPolicy: ResolvedRetryOptions;
  readonly #options: ClusterOptions;
  readonly #logger: Logger;
  readonly #brokers = new Map<number, Broker>();
  #metadata: ClusterMetadata | null = null;
  #fullRefresh: Promise<ClusterMetadata> | null = null;
  #closed = false;

  constructor(options: ClusterOptions) {
    if (!Array.isArray(options.bootstrap) || options.bootstrap.length === 0) {
      throw new ConfigurationError('hosts', 'at least one bootstrap host:port is required');
    }
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.retryPolicy = resolveRetry(options.retry);
  }

  /** The latest metadata snapshot, or null before the first refresh. */
  get metadata(): ClusterMetadata | null {
    return this.#metadata;
  }

  /** Known brokers by id. */
  get brokers(): ReadonlyMap<number, Broker> {
    return this.#brokers;
  }

  /** The controller broker, when metadata names one this client knows. */
  get controller(): Broker | undefined {
    const id = this.#metadata?.controllerId ?? -1;
    return this.#brokers.get(id);
  }

  /**
   * Fetches metadata for `topics` (all topics when omitted or null), updates brokers and the
   * topic cache, and returns the snapshot. Concurrent full refreshes share one request.
   * Rejects with `ConnectionError` naming every address tried when no broker answers.
   */
  refresh(topics: readonly string[] | null = null, signal?: AbortSignal): Promise<ClusterMetadata> {
    if (this.#closed) return Promise.reject(new ClosedError('the cluster client is closed'));
    if (topics !== null) return this.#refresh(topics, signal);
    this.#fullRefresh ??= this.#refresh(null, signal).finally(() => {
      this.#fullRefresh = null;
    });
    return this.#fullRefresh;
  }

  /**
   * The broker with this id.
   * @throws {ConnectionError} (retriable, so a retry refreshes metadata) when metadata lists no such broker.
   */
  broker(id: number): Broker {
    const broker = this.#brokers.get(id);
    if (broker === undefined) throw new ConnectionError(`broker ${id} is not in the current metadata`);
    return broker;
  }

  /** Placement of one partition from the cache. @throws {KafkaProtocolError} UNKNOWN_TOPIC_OR_PARTITION. */
  partition(topic: string, partition: number): PartitionMetadata {
    const found = this.#metadata?.topics.get(topic)?.partitions.get(partition);
    if (found === undefined) throw protocolErrorFromCode(3, `/topics/${topic}/partitions/${partition}`);
    return found;
  }

  /**
   * The leader of a partition from the cached metadata.
   * @throws {KafkaProtocolError} UNKNOWN_TOPIC_OR_PARTITION or LEADER_NOT_AVAILABLE (both retriable
   *   after a refresh).
   */
  leaderFor(topic: string, partition: number): Broker {
    const meta = this.partition(topic, partition);
    if (meta.leader < 0) throw protocolErrorFromCode(5, `/topics/${topic}/partitions/${partition}`);
    return this.broker(meta.leader);
  }

  /**
   * Finds the coordinator of a consumer group or transactional id (FindCoordinator), retrying
   * while the coordinator is loading or not available.
   */
  async findCoordinator(key: string, type: CoordinatorType = 'group', signal?: AbortSignal): Promise<Broker> {
    return this.withRetry(async () => {
      const broker = await this.anyBroker(signal);
      const connection = await broker.connection('main', signal);
      const keyType = type === 'group' ? 0 : 1;
      const version = connection.versions.pick(apis.FindCoordinator);
      const request = version >= 4 ? { keyType, coordinatorKeys: [key] } : { key, keyType };
      const body = await connection.request(apis.FindCoordinator, request, { signal, version });
      const entry = version >= 4 ? body.coordinators[0] : body;
      if (entry === undefined) throw protocolErrorFromCode(15, '/coordinators');
      if (entry.errorCode !== 0)
        throw protocolErrorFromCode(entry.errorCode, '/coordinators/0', entry.errorMessage);
      const known = this.#brokers.get(entry.nodeId);
      if (known !== undefined) return known;
      await this.refresh(null, signal);
      return this.broker(entry.nodeId);
    }, signal);
  }

  /** A broker to send cluster-wide requests to: a connected one if any, else any known one. */
  async anyBroker(signal?: AbortSignal): Promise<Broker> {
    if (this.#brokers.size === 0) await this.refresh(null, signal);
    const all = [...this.#brokers.values()];
    return all.find((b) => b.connected) ?? (all[Math.floor(Math.random() * all.length)] as Broker);
  }

  /**
   * Runs `operation` with the cluster's retry policy; before each retry caused by stale metadata
   * (a `KafkaProtocolError` with `refreshMetadata`, or a lost connection) the metadata is refreshed.
   */
  withRetry<T>(operation: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return retry(operation, this.retryPolicy, {
      signal,
      onRetry: async (error, attempt, delayMs) => {
        this.#logger.debug({ error, attempt, delayMs }, 'retrying');
        const stale =
          (error instanceof KafkaProtocolError && error.refreshMetadata) || error instanceof ConnectionError;
        if (stale) await this.refresh(null, signal).catch(() => {});
      },
    });
  }

  /** Closes every broker connection; later calls reject with `ClosedError`. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    const brokers = [...this.#brokers.values()];
    this.#brokers.clear();
    await Promise.all(brokers.map((b) => b.close()));
  }

  /** Same as {@link close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #refresh(topics: readonly string[] | null, signal?: AbortSignal): Promise<ClusterMetadata> {
    const body = {
      topics: topics === null ? null : topics.map((name) => ({ name })),
      allowAutoTopicCreation: this.#options.autoCreateTopics ?? false,
    };
    const failures: KafkaError[] = [];
    for (const candidate of this.#candidates()) {
      if (this.#closed) throw new ClosedError('the cluster client is closed');
      try {
        const response = await candidate.broker.request(apis.Metadata, body, { signal });
        if (response.errorCode !== 0) throw protocolErrorFromCode(response.errorCode, '/errorCode');
        const snapshot = toClusterMetadata(response);
        if (this.#closed) throw new ClosedError('the cluster client is closed');
        this.#apply(snapshot, topics === null);
        return snapshot;
      } catch (error) {
        // Unreachable, frozen (timeout) or TLS-refused: try the next address.
        const next = error instanceof ConnectionError || (error instanceof KafkaError && error.retriable);
        if (!next || signal?.aborted) throw error;
        failures.push(error as KafkaError);
        this.#logger.debug({ broker: candidate.broker.address, error }, 'metadata source unreachable');
      } finally {
        if (candidate.bootstrap) await candidate.broker.close();
      }
    }
    // A TLS failure is a configuration problem, not an outage: report it as such.
    const fatal = failures.find((f) => !f.retriable);
    if (fatal !== undefined) throw fatal;
    const tried = failures.map((f) => f.message).join('; ');
    throw new ConnectionError(`no broker answered a metadata request; tried ${tried}`, {
      cause: failures[0],
    });
  }

  /** Known brokers (connected first, otherwise shuffled), then the bootstrap addresses in order. */
  *#candidates(): Generator<{ broker: Broker; bootstrap: boolean }> {
    const known = [...this.#brokers.values()].sort(() => Math.random() - 0.5);
    known.sort((a, b) => Number(b.connected) - Number(a.connected));
    for (const broker of known) yield { broker, bootstrap: false };
    for (const { host, port } of this.#options.bootstrap) {
      yield { broker: new Broker({ id: -1, host, port, rack: null }, this.#options), bootstrap: true };
    }
  }

  #apply(snapshot: ClusterMetadata, full: boolean): void {
    for (const [id, meta] of snapshot.brokers) {
      const existing = this.#brokers.get(id);
      if (existing !== undefined && existing.host === meta.host && existing.port === meta.port) continue;
      void existing?.close();
      this.#brokers.set(id, new Broker(meta, this.#options));
    }
    for (const [id, broker] of this.#brokers) {
      if (!snapshot.brokers.has(id)) {
        this.#brokers.delete(id);
        void broker.close();
      }
    }
    if (full || this.#metadata === null) {
      this.#metadata = snapshot;
      return;
    }
    const topics = new Map(this.#metadata.topics);
    for (const [name, topic] of snapshot.topics) topics.set(name, topic);
    for (const name of snapshot.topicErrors.keys()) topics.delete(name);
    this.#metadata = { ...snapshot, topics, topicErrors: snapshot.topicErrors };
  }
}
