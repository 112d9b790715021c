import { randomBytes } from 'node:crypto';
import {
  backoffDelay,
  type Cluster,
  type ClusterMetadata,
  type Connection,
  sleep,
  UnknownTopicError,
} from '@tskafka/network';
import { protocolErrorFromCode } from '@tskafka/protocol';
import { type FetchContext, FetchLoop } from './fetch-loop.js';
import type { ResolvedConsumerOptions } from './options.js';
import type { OwnedPartition } from './owned-partition.js';
import type { TopicIdentity, TopicRecreatedError } from './topic-identity.js';

/** What {@link Fetchers} reports back to its consumer. */
export interface FetchersEvents {
  /** New messages are queued. */
  delivered(): void;
  /** Only the reset policy can place the partition now; `reason` says why. */
  reset(partition: OwnedPartition, reason: string): void;
  /** An error fetching cannot get past. */
  fatal(error: unknown): void;
  /** The topic was deleted (or re-created: `TopicRecreatedError`): fetching has stopped for good. */
  gone(error: UnknownTopicError): void;
}

/** Consecutive metadata refreshes that must show the topic missing before it counts as deleted. */
const GONE_AFTER = 2;

/** Topic-level metadata errors that say the topic does not exist. */
const NO_SUCH_TOPIC: ReadonlySet<number> = new Set([3, 100]);

/**
 * The fetch loops of one consumer, one per leader broker of its partitions: starts them, wakes
 * them, restarts them on the new leaders after a metadata refresh (backing off while failures
 * repeat), and on close stops them and closes the consumer's own fetch connections. When
 * {@link GONE_AFTER} refreshes in a row find the topic missing, it was deleted: the loops stop,
 * the connections close, and the consumer hears `gone`.
 */
export class Fetchers {
  readonly #cluster: Cluster;
  readonly #topic: string;
  readonly #partitions: ReadonlyMap<number, OwnedPartition>;
  readonly #context: FetchContext;
  readonly #abort = new AbortController();
  readonly #loops = new Map<number, FetchLoop>();
  /** Consecutive failures per broker id (-1: a partition without a leader), for the backoff. */
  readonly #failures = new Map<number, number>();
  readonly #connections = new Set<Connection>();
  #refreshing: Promise<void> | null = null;
  #closing: Promise<void> | null = null;
  /** Metadata refreshes in a row that found the topic missing. */
  #missing = 0;
  /** Set once a refresh names the topic with another id than the one consumed. */
  #recreated: TopicRecreatedError | null = null;
  readonly #events: FetchersEvents;
  readonly #identity: TopicIdentity;

  constructor(
    cluster: Cluster,
    topic: string,
    options: ResolvedConsumerOptions<unknown, unknown>,
    partitions: ReadonlyMap<number, OwnedPartition>,
    events: FetchersEvents,
    identity: TopicIdentity,
  ) {
    this.#cluster = cluster;
    this.#identity = identity;
    this.#topic = topic;
    this.#partitions = partitions;
    this.#events = events;
    this.#context = {
      cluster,
      topic,
      options,
      logger: options.logger,
      // Its own sockets, so this consumer's long polls hold up nobody else's requests.
      channel: `fetch-${randomBytes(4).toString('hex')}`,
      signal: this.#abort.signal,
      partitions,
      topicId: () => identity.id,
      partitionsLedBy: (brokerId) => this.#ledBy(brokerId),
      leaderEpoch: (partition) => this.#placement()?.get(partition)?.leaderEpoch ?? -1,
      opened: (connection) => this.#opened(connection),
      delivered: () => events.delivered(),
      reset: (partition, reason) => events.reset(partition, reason),
      healthy: (brokerId) => this.#failures.delete(brokerId),
      stale: (brokerId, error) => this.#stale(brokerId, error),
      fatal: (error) => events.fatal(error),
    };
  }

  /** Aborted on {@link close}; the consumer's lookups use it too. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** Lets every loop re-check its partitions (room in a queue, resumed, moved). */
  wake(): void {
    for (const loop of this.#loops.values()) loop.wake();
  }

  /**
   * Starts a loop for every leader of an owned partition that has none; while a partition has no
   * leader (an election is running), metadata is refreshed again after a backoff.
   */
  ensure(): void {
    if (this.#abort.signal.aborted) return;
    const placement = this.#placement();
    const leaders = new Set<number>();
    let leaderless = false;
    for (const id of this.#partitions.keys()) {
      const leader = placement?.get(id)?.leader ?? -1;
      if (leader >= 0) leaders.add(leader);
      else leaderless = true;
    }
    this.wake(); // running loops re-check which partitions they lead
    for (const id of leaders) {
      if (this.#loops.has(id)) continue;
      const loop = new FetchLoop(id, this.#context);
      this.#loops.set(id, loop);
      loop.start((handedOver) => {
        this.#loops.delete(id);
        // Metadata someone else refreshed moved its partitions (or dropped the topic): place them.
        if (handedOver) this.ensure();
      });
    }
    // -1 counts refreshes that still left a partition without a leader, so the backoff grows.
    if (leaderless) this.#stale(-1, protocolErrorFromCode(5));
    else this.#failures.delete(-1);
  }

  /** Stops every loop and closes the fetch connections. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#abort.abort();
    await Promise.allSettled([...this.#loops.values()].map((loop) => loop.done));
    await this.#refreshing;
    await Promise.all([...this.#connections].map((c) => c.close()));
  }

  #placement() {
    const topic = this.#cluster.metadata?.topics.get(this.#topic);
    // A re-created topic of the same name is not ours: its loops stop and a refresh reports it.
    return topic !== undefined && this.#identity.matches(topic) ? topic.partitions : undefined;
  }

  #ledBy(brokerId: number): OwnedPartition[] {
    const placement = this.#placement();
    return [...this.#partitions.values()].filter((p) => placement?.get(p.id)?.leader === brokerId);
  }

  #opened(connection: Connection): void {
    if (this.#connections.has(connection)) return;
    this.#connections.add(connection);
    connection.onClose(() => this.#connections.delete(connection));
  }

  /** Refreshes metadata after a backoff that grows with consecutive failures, then restarts loops. */
  #stale(brokerId: number, error: unknown): void {
    if (this.#abort.signal.aborted) return;
    const failures = (this.#failures.get(brokerId) ?? 0) + 1;
    this.#failures.set(brokerId, failures);
    this.#context.logger.debug({ error, broker: brokerId, failures }, 'fetch failed: refreshing metadata');
    if (this.#refreshing !== null) return;
    const delay = backoffDelay(failures - 1, this.#cluster.retryPolicy);
    this.#refreshing = sleep(delay, this.#abort.signal)
      .then(() => this.#cluster.refresh([this.#topic], this.#abort.signal))
      .then(
        (meta) => this.#countMissing(meta),
        (e: unknown) => this.#context.logger.debug({ error: e }, 'metadata refresh failed'),
      )
      .finally(() => {
        this.#refreshing = null;
        if (this.#recreated === null && this.#missing < GONE_AFTER) {
          this.ensure();
          return;
        }
        const code = this.#cluster.metadata?.topicErrors.get(this.#topic) ?? 3;
        this.#events.gone(
          this.#recreated ??
            new UnknownTopicError(this.#topic, `deleted while consuming (error code ${code})`),
        );
        void this.close();
      });
  }

  #countMissing(meta: ClusterMetadata): void {
    this.#recreated ??= this.#identity.recreatedIn(meta);
    const missing =
      !meta.topics.has(this.#topic) && NO_SUCH_TOPIC.has(meta.topicErrors.get(this.#topic) ?? 3);
    this.#missing = missing ? this.#missing + 1 : 0;
  }
}
