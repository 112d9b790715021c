import { apis, type KafkaProtocolError, protocolErrorFromCode } from '@tskafka/protocol';
import type { Broker } from '../cluster/broker.js';
import type { Cluster } from '../cluster/cluster.js';
import { ConfigurationError } from '../errors.js';
import { isGone, isReady, pollUntilSettled, waitOnEveryBroker } from './wait-for-metadata.js';

/** A topic to create. */
export interface NewTopic {
  name: string;
  /** Partition count; default: the broker's `num.partitions`. */
  partitions?: number;
  /** Replication factor; default: the broker's `default.replication.factor`. */
  replicationFactor?: number;
  /** Topic configs, e.g. `{ 'cleanup.policy': 'compact' }`. */
  configs?: Record<string, string>;
}

/** Options shared by the admin calls that change the cluster. */
export interface AdminCallOptions {
  /** Broker-side timeout and the limit on waiting for metadata to settle, ms. Default 30 000. */
  timeoutMs?: number;
  /** Wait until every broker's metadata shows the change. Default true. */
  waitForMetadata?: boolean;
  signal?: AbortSignal;
}

/** One topic config entry as DescribeConfigs returns it. */
export interface TopicConfigEntry {
  readonly value: string | null;
  readonly readOnly: boolean;
  /** True when the value is the broker default (not set on the topic). */
  readonly isDefault: boolean;
  readonly isSensitive: boolean;
}

/** Changes for {@link Admin.alterTopicConfigs}: keys to set and keys to reset to the default. */
export interface ConfigChanges {
  set?: Record<string, string>;
  delete?: readonly string[];
}

const TOPIC_RESOURCE = 2;
/** DescribeConfigs `configSource` of a topic-level override. */
const TOPIC_CONFIG_SOURCE = 1;
const SET = 0;
const DELETE = 1;

/** Throws the first per-item error of an admin response, with its location and the broker's message. */
function firstError(
  items: readonly { errorCode: number; errorMessage: string | null }[],
  where: (index: number) => string,
): void {
  let error: KafkaProtocolError | undefined;
  items.forEach((item, index) => {
    if (item.errorCode !== 0)
      error ??= protocolErrorFromCode(item.errorCode, where(index), item.errorMessage);
  });
  if (error !== undefined) throw error;
}

/**
 * Cluster administration: create, delete and grow topics, read and change topic configs, list
 * topics. Changes go to the controller (any broker forwards on KRaft) and, by default, resolve
 * only once every broker's metadata shows them.
 *
 * @example
 * ```ts
 * const admin = new Admin(cluster);
 * await admin.createTopics([{ name: 'orders', partitions: 6, replicationFactor: 3 }]);
 * ```
 */
export class Admin {
  readonly #cluster: Cluster;

  constructor(cluster: Cluster) {
    this.#cluster = cluster;
  }

  /** Names of the cluster's topics (internal ones included), from fresh metadata. */
  async listTopics(signal?: AbortSignal): Promise<string[]> {
    const metadata = await this.#cluster.refresh(null, signal);
    return [...metadata.topics.keys()].sort();
  }

  /** Creates topics. @throws {KafkaProtocolError} e.g. TOPIC_ALREADY_EXISTS, with the broker's message. */
  async createTopics(topics: readonly NewTopic[], options: AdminCallOptions = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 30_000;
    await this.#toController(async (broker) => {
      const response = await broker.request(
        apis.CreateTopics,
        {
          topics: topics.map((t) => ({
            name: t.name,
            numPartitions: t.partitions ?? -1,
            replicationFactor: t.replicationFactor ?? -1,
            assignments: [],
            configs: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
          })),
          timeoutMs,
          validateOnly: false,
        },
        { signal: options.signal },
      );
      firstError(response.topics, (i) => `/topics/${i}`);
    }, options.signal);
    if (options.waitForMetadata === false) return;
    for (const t of topics) {
      await waitOnEveryBroker(this.#cluster, [t.name], isReady(t.partitions), timeoutMs, options.signal);
    }
    await this.#cluster.refresh(null, options.signal);
  }

  /** Deletes topics by name. @throws {KafkaProtocolError} e.g. UNKNOWN_TOPIC_OR_PARTITION. */
  async deleteTopics(names: readonly string[], options: AdminCallOptions = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 30_000;
    await this.#toController(async (broker) => {
      const connection = await broker.connection('main', options.signal);
      const version = connection.versions.pick(apis.DeleteTopics);
      const body =
        version >= 6
          ? { topics: names.map((name) => ({ name })), timeoutMs }
          : { topicNames: [...names], timeoutMs };
      const response = await connection.request(apis.DeleteTopics, body, { signal: options.signal, version });
      firstError(response.responses, (i) => `/responses/${i}`);
    }, options.signal);
    if (options.waitForMetadata === false) return;
    await waitOnEveryBroker(this.#cluster, names, isGone, timeoutMs, options.signal);
    await this.#cluster.refresh(null, options.signal);
  }

  /** Grows a topic to `totalCount` partitions. @throws {KafkaProtocolError} e.g. INVALID_PARTITIONS. */
  async createPartitions(topic: string, totalCount: number, options: AdminCallOptions = {}): Promise<void> {
    if (!Number.isInteger(totalCount) || totalCount < 1) {
      throw new ConfigurationError('totalCount', `must be a positive integer, got ${totalCount}`);
    }
    const timeoutMs = options.timeoutMs ?? 30_000;
    await this.#toController(async (broker) => {
      const response = await broker.request(
        apis.CreatePartitions,
        { topics: [{ name: topic, count: totalCount, assignments: null }], timeoutMs, validateOnly: false },
        { signal: options.signal },
      );
      firstError(response.results, (i) => `/results/${i}`);
    }, options.signal);
    if (options.waitForMetadata === false) return;
    await waitOnEveryBroker(this.#cluster, [topic], isReady(totalCount), timeoutMs, options.signal);
    await this.#cluster.refresh(null, options.signal);
  }

  /** A topic's configs (all of them, or only `keys`). */
  async describeTopicConfigs(
    topic: string,
    keys: readonly string[] | null = null,
    signal?: AbortSignal,
  ): Promise<Map<string, TopicConfigEntry>> {
    return this.#cluster.withRetry(
      async () => this.#describeOn(await this.#cluster.anyBroker(signal), topic, keys, signal),
      signal,
    );
  }

  /**
   * Sets and/or resets topic configs (IncrementalAlterConfigs: other keys stay as they are) and,
   * by default, waits until every broker describes the new values.
   */
  async alterTopicConfigs(
    topic: string,
    changes: ConfigChanges,
    options: AdminCallOptions = {},
  ): Promise<void> {
    const { signal } = options;
    const wanted = new Map<string, string | null>([
      ...Object.entries(changes.set ?? {}),
      ...(changes.delete ?? []).map((name): [string, null] => [name, null]),
    ]);
    const configs = [...wanted].map(([name, value]) => ({
      name,
      configOperation: value === null ? DELETE : SET,
      value,
    }));
    await this.#toController(async (broker) => {
      const response = await broker.request(
        apis.IncrementalAlterConfigs,
        { resources: [{ resourceType: TOPIC_RESOURCE, resourceName: topic, configs }], validateOnly: false },
        { signal },
      );
      firstError(response.responses, (i) => `/responses/${i}`);
    }, signal);
    if (options.waitForMetadata === false) return;
    // KRaft brokers apply config changes when they replay the metadata log, a moment later.
    const keys = [...wanted.keys()];
    await pollUntilSettled(
      async () => {
        for (const broker of this.#cluster.brokers.values()) {
          const seen = await this.#describeOn(broker, topic, keys, signal);
          for (const [name, value] of wanted) {
            const entry = seen.get(name);
            if (value === null ? !entry?.isDefault : entry?.value !== value)
              return `${name} on broker ${broker.id}`;
          }
        }
        return null;
      },
      options.timeoutMs ?? 30_000,
      signal,
    );
  }

  async #describeOn(
    broker: Broker,
    topic: string,
    keys: readonly string[] | null,
    signal?: AbortSignal,
  ): Promise<Map<string, TopicConfigEntry>> {
    const response = await broker.request(
      apis.DescribeConfigs,
      {
        resources: [
          { resourceType: TOPIC_RESOURCE, resourceName: topic, configurationKeys: keys && [...keys] },
        ],
        includeSynonyms: false,
      },
      { signal },
    );
    firstError(response.results, (i) => `/results/${i}`);
    const configs = new Map<string, TopicConfigEntry>();
    for (const c of response.results[0]?.configs ?? []) {
      configs.set(c.name, {
        value: c.value,
        readOnly: c.readOnly,
        isDefault: c.configSource !== TOPIC_CONFIG_SOURCE,
        isSensitive: c.isSensitive,
      });
    }
    return configs;
  }

  /** Runs `send` against the controller, retrying (after a metadata refresh) on NOT_CONTROLLER and lost connections. */
  #toController<T>(send: (broker: Broker) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.#cluster.withRetry(async () => {
      if (this.#cluster.metadata === null) await this.#cluster.refresh(null, signal);
      const broker = this.#cluster.controller ?? (await this.#cluster.anyBroker(signal));
      return send(broker);
    }, signal);
  }
}
