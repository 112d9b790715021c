import {
  BalancedConsumer,
  type BalancedConsumerOptions,
  ManagedBalancedConsumer,
  type ManagedConsumerOptions,
} from '@tskafka/balanced';
import { SimpleConsumer, type SimpleConsumerOptions } from '@tskafka/consumer';
import {
  type Cluster,
  ConfigurationError,
  EARLIEST_OFFSET,
  LATEST_OFFSET,
  listOffsets,
  type PartitionOffset,
  type TopicMetadata,
  UnknownTopicError,
} from '@tskafka/network';
import { Producer, type ProducerOptions, SyncProducer } from '@tskafka/producer';
import type { RecordBytes } from '@tskafka/protocol';
import { Partition } from './partition.js';

/**
 * Options of {@link Topic.getBalancedConsumer}: a ZooKeeper-coordinated group (PyKafka's default)
 * or, with `managed: true`, one Kafka's group coordinator runs.
 */
export type TopicBalancedConsumerOptions<V = Buffer | null, K = Buffer | null> =
  | (BalancedConsumerOptions<V, K> & { managed?: false })
  | (ManagedConsumerOptions<V, K> & { managed: true });

/** Settings a topic inherits from its client. */
export interface TopicDefaults {
  /** The client's `zookeeperHosts`, for balanced consumers that name no ZooKeeper. */
  readonly zookeeperHosts?: string | undefined;
}

/** Which offsets {@link Topic.fetchOffsetLimits} asks for: a ms timestamp, a `Date`, or a named end. */
export type OffsetQuery = number | Date | 'latest' | 'earliest';

/**
 * A topic of the cluster, from `await client.topics.get(name)`. Its partitions follow the client's
 * latest metadata. Producers and consumers are made from a topic, as in PyKafka; they share the
 * client's connections, so close them before the client.
 *
 * @example
 * ```ts
 * const topic = await client.topics.get('orders');
 * const ends = await topic.latestAvailableOffsets(); // Map<partition, bigint>
 * await using producer = topic.getProducer({ lingerMs: 5 });
 * await producer.produce('hello', { partitionKey: 'k1' });
 * ```
 */
export class Topic {
  /** The topic name. */
  readonly name: string;
  /** @internal The cluster model the topic reads its metadata from. */
  readonly cluster: Cluster;
  readonly #partitions = new Map<number, Partition>();
  readonly #defaults: TopicDefaults;

  /** @internal Created by the client's topics view. */
  constructor(cluster: Cluster, name: string, defaults: TopicDefaults = {}) {
    this.cluster = cluster;
    this.name = name;
    this.#defaults = defaults;
  }

  /** Kafka's topic id (base64url), from the latest metadata. */
  get topicId(): string {
    return this.#metadata().topicId;
  }

  /** Partitions by id, in id order, per the latest metadata. */
  get partitions(): ReadonlyMap<number, Partition> {
    const ids = [...this.#metadata().partitions.keys()].sort((a, b) => a - b);
    if (ids.length !== this.#partitions.size || ids.some((id) => !this.#partitions.has(id))) {
      for (const id of [...this.#partitions.keys()]) if (!ids.includes(id)) this.#partitions.delete(id);
      for (const id of ids) if (!this.#partitions.has(id)) this.#partitions.set(id, new Partition(this, id));
    }
    return new Map(ids.map((id) => [id, this.#partitions.get(id) as Partition]));
  }

  /** Log end offset of every partition (the offset the next message gets). */
  async latestAvailableOffsets(signal?: AbortSignal): Promise<Map<number, bigint>> {
    return toOffsets(await this.fetchOffsetLimits('latest', signal));
  }

  /** Log start offset of every partition. */
  async earliestAvailableOffsets(signal?: AbortSignal): Promise<Map<number, bigint>> {
    return toOffsets(await this.fetchOffsetLimits('earliest', signal));
  }

  /**
   * Per partition, the first offset whose message timestamp is at or after `query` (offset
   * `null` when no message is that new), or the latest/earliest offsets. PyKafka's
   * `fetch_offset_limits`, on ListOffsets v1+ (exact offsets, not log-segment starts).
   */
  async fetchOffsetLimits(query: OffsetQuery, signal?: AbortSignal): Promise<Map<number, PartitionOffset>> {
    const spec =
      query === 'latest'
        ? LATEST_OFFSET
        : query === 'earliest'
          ? EARLIEST_OFFSET
          : query instanceof Date
            ? query.getTime()
            : query;
    return listOffsets(this.cluster, this.name, [...this.partitions.keys()], spec, { signal });
  }

  /**
   * PyKafka's `topic.get_producer()`: a batching producer for this topic; `produce()` resolves with
   * the record's partition and offset once acknowledged (see `ProducerOptions` for every option).
   */
  getProducer<V = RecordBytes, K = RecordBytes>(options?: ProducerOptions<V, K>): Producer<V, K> {
    return new Producer<V, K>(this.cluster, this.name, options);
  }

  /** PyKafka's `topic.get_sync_producer()`: each record is sent alone once the previous one is acknowledged. */
  getSyncProducer<V = RecordBytes, K = RecordBytes>(
    options?: Omit<ProducerOptions<V, K>, 'sync'>,
  ): SyncProducer<V, K> {
    return new SyncProducer<V, K>(this.cluster, this.name, options);
  }

  /**
   * PyKafka's `topic.get_simple_consumer()`: a consumer of this topic's partitions (all, or
   * `options.partitions`) without group membership (see `SimpleConsumerOptions`).
   *
   * @example
   * ```ts
   * await using consumer = topic.getSimpleConsumer({ autoOffsetReset: 'earliest' });
   * for await (const message of consumer) console.log(message.offset, message.value);
   * ```
   */
  getSimpleConsumer<V = Buffer | null, K = Buffer | null>(
    options?: SimpleConsumerOptions<V, K>,
  ): SimpleConsumer<V, K> {
    return new SimpleConsumer<V, K>(this.cluster, this.name, options);
  }

  /**
   * PyKafka's `topic.get_balanced_consumer()`: a member of `consumerGroup` that consumes the
   * partitions the group gives it, rebalancing as members come and go.
   *
   * - Default: coordinated through ZooKeeper as PyKafka does (`zookeeperConnect`, or the client's
   *   `zookeeperHosts`); works beside any Kafka, ZooKeeper only coordinates the consumers.
   * - `managed: true`: Kafka's group coordinator runs the group, with the classic protocol
   *   (range / roundrobin / cooperative-sticky assignors, static membership) or, with
   *   `groupProtocol: 'consumer'`, KIP-848's (Kafka 4+).
   *
   * Both have the same API: `consume()`, `for await`, `commitOffsets()`, `resetOffsets()`,
   * `heldOffsets`, `partitions`, `close()`.
   *
   * @example
   * ```ts
   * await using consumer = topic.getBalancedConsumer({
   *   consumerGroup: 'billing',
   *   managed: true,
   *   autoCommitEnable: true,
   * });
   * for await (const message of consumer) console.log(message.partitionId, message.offset);
   * ```
   */
  getBalancedConsumer<V = Buffer | null, K = Buffer | null>(
    options: BalancedConsumerOptions<V, K> & { managed?: false },
  ): BalancedConsumer<V, K>;
  getBalancedConsumer<V = Buffer | null, K = Buffer | null>(
    options: ManagedConsumerOptions<V, K> & { managed: true },
  ): ManagedBalancedConsumer<V, K>;
  getBalancedConsumer<V = Buffer | null, K = Buffer | null>(
    options: TopicBalancedConsumerOptions<V, K>,
  ): BalancedConsumer<V, K> | ManagedBalancedConsumer<V, K>;
  getBalancedConsumer<V = Buffer | null, K = Buffer | null>(
    options: TopicBalancedConsumerOptions<V, K>,
  ): BalancedConsumer<V, K> | ManagedBalancedConsumer<V, K> {
    if (options === null || typeof options !== 'object')
      throw new ConfigurationError('options', 'expected an object with at least consumerGroup');
    if (options.managed === true) {
      const { managed: _managed, ...managedOptions } = options;
      return new ManagedBalancedConsumer<V, K>(this.cluster, this.name, managedOptions);
    }
    const { managed: _managed, ...zookeeperOptions } = options;
    const zookeeperHosts = this.#defaults.zookeeperHosts;
    const named =
      zookeeperOptions.zookeeperConnect !== undefined || zookeeperOptions.zookeeperHosts !== undefined;
    return new BalancedConsumer<V, K>(
      this.cluster,
      this.name,
      named || zookeeperHosts === undefined ? zookeeperOptions : { ...zookeeperOptions, zookeeperHosts },
    );
  }

  /** The topic name. */
  toString(): string {
    return this.name;
  }

  #metadata(): TopicMetadata {
    const metadata = this.cluster.metadata?.topics.get(this.name);
    if (metadata === undefined) throw new UnknownTopicError(this.name, 'no longer in the cluster metadata');
    return metadata;
  }
}

function toOffsets(found: Map<number, PartitionOffset>): Map<number, bigint> {
  const offsets = new Map<number, bigint>();
  for (const [id, entry] of [...found].sort(([a], [b]) => a - b)) offsets.set(id, entry.offset ?? 0n);
  return offsets;
}
