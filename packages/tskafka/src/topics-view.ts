import { type Cluster, UnknownTopicError } from '@tskafka/network';
import { protocolErrorFromCode } from '@tskafka/protocol';
import { Topic } from './topic.js';

const UNKNOWN_TOPIC = 3;
const LEADER_NOT_AVAILABLE = 5;

/**
 * `client.topics`: the cluster's topics as a read-only, Map-like view of the latest metadata
 * (`has`, `keys`, `values`, `entries`, `size`, iteration), plus `get(name)`, which fetches
 * metadata for a name it does not know yet. Topics whose names start with `__` are hidden when
 * the client's `excludeInternalTopics` is on (the default).
 *
 * @example
 * ```ts
 * const topic = await client.topics.get('orders');
 * for (const [name, t] of client.topics) console.log(name, t.partitions.size);
 * ```
 */
export class TopicsView implements Iterable<[string, Topic]> {
  readonly #cluster: Cluster;
  readonly #excludeInternal: boolean;
  readonly #autoCreate: boolean;
  readonly #zookeeperHosts: string | undefined;
  readonly #ensureConnected: (signal?: AbortSignal) => Promise<void>;
  readonly #topics = new Map<string, Topic>();

  /** @internal Created by {@link KafkaClient}. */
  constructor(
    cluster: Cluster,
    options: { excludeInternal: boolean; autoCreate: boolean; zookeeperHosts?: string | undefined },
    ensureConnected: (signal?: AbortSignal) => Promise<void>,
  ) {
    this.#cluster = cluster;
    this.#excludeInternal = options.excludeInternal;
    this.#autoCreate = options.autoCreate;
    this.#zookeeperHosts = options.zookeeperHosts;
    this.#ensureConnected = ensureConnected;
  }

  /**
   * The topic called `name`, refreshing metadata for it when the cache does not have it.
   * @throws {UnknownTopicError} when the cluster has no such topic or it is a hidden internal one.
   */
  async get(name: string, signal?: AbortSignal): Promise<Topic> {
    if (this.#hidden(name))
      throw new UnknownTopicError(name, 'internal topics are hidden (excludeInternalTopics)');
    await this.#ensureConnected(signal);
    if (this.#cluster.metadata?.topics.get(name) === undefined) {
      // A topic being created (also by auto-creation) reports LEADER_NOT_AVAILABLE for a moment.
      await this.#cluster.withRetry(async () => {
        const snapshot = await this.#cluster.refresh([name], signal);
        const code = snapshot.topicErrors.get(name);
        // Kafka 4.x answers the request that starts an auto-creation with UNKNOWN_TOPIC_OR_PARTITION.
        const creating = code === LEADER_NOT_AVAILABLE || (code === UNKNOWN_TOPIC && this.#autoCreate);
        if (creating) throw protocolErrorFromCode(code, `/topics/${name}`);
        if (!snapshot.topics.has(name)) {
          const cause = code === undefined ? undefined : protocolErrorFromCode(code, `/topics/${name}`);
          throw new UnknownTopicError(name, undefined, { cause });
        }
      }, signal);
    }
    return this.#topic(name);
  }

  /** Whether the cached metadata lists `name` (and it is not hidden). */
  has(name: string): boolean {
    return !this.#hidden(name) && (this.#cluster.metadata?.topics.has(name) ?? false);
  }

  /** Number of visible topics in the cached metadata. */
  get size(): number {
    return [...this.keys()].length;
  }

  /** Visible topic names, sorted. */
  *keys(): IterableIterator<string> {
    const names = [...(this.#cluster.metadata?.topics.keys() ?? [])].filter((n) => !this.#hidden(n));
    yield* names.sort();
  }

  /** Visible topics. */
  *values(): IterableIterator<Topic> {
    for (const name of this.keys()) yield this.#topic(name);
  }

  /** `[name, topic]` pairs. */
  *entries(): IterableIterator<[string, Topic]> {
    for (const name of this.keys()) yield [name, this.#topic(name)];
  }

  /** Same as {@link entries}. */
  [Symbol.iterator](): IterableIterator<[string, Topic]> {
    return this.entries();
  }

  /** Calls `fn` for each visible topic. */
  forEach(fn: (topic: Topic, name: string) => void): void {
    for (const [name, topic] of this.entries()) fn(topic, name);
  }

  #hidden(name: string): boolean {
    return this.#excludeInternal && name.startsWith('__');
  }

  #topic(name: string): Topic {
    let topic = this.#topics.get(name);
    if (topic === undefined) {
      topic = new Topic(this.#cluster, name, { zookeeperHosts: this.#zookeeperHosts });
      this.#topics.set(name, topic);
    }
    return topic;
  }
}
