import { type GroupMembership, iterateMessages, type Message } from '@tskafka/consumer';
import { ClosedError, type Cluster, ConfigurationError, type Logger } from '@tskafka/network';
import { AssignedConsumer } from './assigned-consumer.js';
import { type GroupConsumerOptions, type ResolvedGroupOptions, resolveGroupOptions } from './options.js';

/**
 * What every balanced consumer offers, whichever way its group is coordinated (ZooKeeper, Kafka's
 * classic protocol, KIP-848): the partitions the group gives this member, consumed like a
 * `SimpleConsumer`'s, across rebalances. Subclasses coordinate: {@link start} joins and calls
 * `assigned.assign()` whenever the assignment changes; {@link stop} leaves.
 *
 * Start-up runs in the background from the constructor; every method waits for it
 * ({@link ready} exposes it).
 */
export abstract class GroupConsumer<V = Buffer | null, K = Buffer | null>
  implements AsyncIterable<Message<V, K>>
{
  /** The topic consumed. */
  readonly topic: string;
  /** The consumer group. */
  readonly consumerGroup: string;
  /** The cluster client (shared, not closed by {@link close}). */
  protected readonly cluster: Cluster;
  /** The checked group options. */
  protected readonly groupOptions: ResolvedGroupOptions<V, K>;
  /** The consumer of the partitions assigned now. */
  protected readonly assigned: AssignedConsumer<V, K>;
  /** The logger of the options (silent by default). */
  protected readonly logger: Logger;
  readonly #stopping = new AbortController();
  readonly #ready: Promise<void>;
  #closing: Promise<void> | null = null;

  /**
   * @throws {ConfigurationError} for an invalid option (synchronously)
   */
  constructor(cluster: Cluster, topic: string, options: GroupConsumerOptions<V, K>) {
    if (typeof topic !== 'string' || topic === '')
      throw new ConfigurationError('topic', 'expected a topic name');
    this.topic = topic;
    this.cluster = cluster;
    this.groupOptions = resolveGroupOptions(options);
    this.consumerGroup = this.groupOptions.consumerGroup;
    this.logger = this.groupOptions.consumer.logger;
    this.assigned = new AssignedConsumer(cluster, topic, this.groupOptions, () => this.membership(), this);
    // Deferred a tick so the subclass's fields exist when start() runs.
    this.#ready = Promise.resolve().then(() => this.start(this.#stopping.signal));
    this.#ready.catch(() => {}); // surfaced by every method that awaits it
  }

  /**
   * Joins the group and applies the first assignment (which may be empty), then keeps
   * coordinating in the background until `signal` aborts. Background failures go to {@link fail}.
   */
  protected abstract start(signal: AbortSignal): Promise<void>;

  /** Leaves the group and releases what {@link start} took; runs after the consumer of the assigned partitions closed. */
  protected abstract stop(): Promise<void>;

  /** What this member's offset commits carry. */
  protected abstract membership(): GroupMembership;

  /** Makes the next `consume()` throw `error`: a failure the background coordination could not recover from. */
  protected fail(error: unknown): void {
    this.assigned.fail(error);
  }

  /** Aborted when {@link close} begins. */
  protected get closing(): AbortSignal {
    return this.#stopping.signal;
  }

  /** Resolves once the member has joined and its first assignment is applied; rejects with what stopped that. */
  ready(): Promise<void> {
    return this.#ready;
  }

  /** Partition ids assigned to this member now (empty when the group gives it none). */
  get partitions(): number[] {
    return this.assigned.partitions;
  }

  /** PyKafka's `held_offsets`: per assigned partition, the last consumed offset. */
  get heldOffsets(): Map<number, bigint> {
    return this.assigned.heldOffsets;
  }

  /**
   * The next message of the assigned partitions, waiting up to `timeoutMs` (default
   * `consumerTimeoutMs`; -1 = forever) across rebalances. Resolves null on timeout, also when the
   * group assigns this member nothing (more members than partitions).
   * @throws {ClosedError} after {@link close}
   * @throws {RebalanceCallbackError} once after a rebalance callback threw
   * @throws the error that stopped the group membership or the fetching
   */
  async consume(
    timeoutMs: number = this.groupOptions.consumer.consumerTimeoutMs,
    signal?: AbortSignal,
  ): Promise<Message<V, K> | null> {
    await this.#ready;
    return this.assigned.consume(timeoutMs, signal);
  }

  /**
   * Up to `maxMessages` messages of the assigned partitions at once, as Java's `poll()` does:
   * waits up to `timeoutMs` (default `consumerTimeoutMs`; -1 = forever) across rebalances for the
   * first, then takes what is queued without waiting for more. Empty on timeout. The cheapest way
   * to read many messages: one promise per call.
   * @throws the same errors as {@link consume}; a deserializer error after the first message
   *   taken is thrown by the next call (the messages before it are returned). Until then that
   *   message counts as unread: if a rebalance comes first, whoever consumes its partition next
   *   (this member or another) starts at it and meets the error
   * @example
   * ```ts
   * const messages = await consumer.poll(1_000);
   * for (const message of messages) handle(message);
   * await consumer.commitOffsets();
   * ```
   */
  async poll(
    timeoutMs: number = this.groupOptions.consumer.consumerTimeoutMs,
    maxMessages = 500,
    signal?: AbortSignal,
  ): Promise<Message<V, K>[]> {
    if (!Number.isSafeInteger(maxMessages) || maxMessages < 1)
      throw new ConfigurationError('maxMessages', `expected an integer >= 1, got ${String(maxMessages)}`);
    await this.#ready;
    return this.assigned.poll(timeoutMs, maxMessages, signal);
  }

  /** Iterates messages as they come; ends after `consumerTimeoutMs` without one, or at {@link close}. */
  [Symbol.asyncIterator](): AsyncIterator<Message<V, K>> {
    return iterateMessages(
      () => this.consume(),
      () => this.#closing !== null,
    );
  }

  /**
   * Commits the position of every assigned partition (or the `[partition, offset]` pairs given,
   * verbatim) to the group, carrying this member's generation.
   */
  async commitOffsets(partitionOffsets?: Iterable<readonly [number, bigint]>): Promise<void> {
    await this.#ready;
    await this.assigned.commitOffsets(partitionOffsets);
  }

  /**
   * PyKafka's `reset_offsets` on assigned partitions: each value is `EARLIEST`, `LATEST`, a `Date`
   * or an offset N **taken as the last consumed one** (the next message is N + 1).
   */
  async resetOffsets(partitionOffsets?: Iterable<readonly [number, bigint | Date]>): Promise<void> {
    await this.#ready;
    await this.assigned.resetOffsets(partitionOffsets);
  }

  /** Java's `seek`: the next message of the assigned `partition` is the one at `offset`. */
  seek(partition: number, offset: bigint): void {
    this.assigned.seek(partition, offset);
  }

  /** Stops fetching assigned `partitions` (default all); they stay paused across rebalances while assigned. */
  pause(partitions?: readonly number[]): void {
    this.assigned.pause(partitions);
  }

  /** Resumes fetching `partitions` (default all assigned). */
  resume(partitions?: readonly number[]): void {
    this.assigned.resume(partitions);
  }

  /**
   * Stops consuming (committing when `autoCommitEnable`), leaves the group and releases every
   * connection, timer and session this consumer opened. The cluster stays open. Idempotent.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  /** Same as {@link close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #close(): Promise<void> {
    this.#stopping.abort(new ClosedError(`the balanced consumer of ${this.topic} is closing`));
    await this.#ready.catch(() => {});
    await this.assigned.close();
    await this.stop();
  }
}
