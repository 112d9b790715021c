import {
  AbortedError,
  ClosedError,
  type Cluster,
  ConfigurationError,
  resolveRetry,
  UnknownTopicError,
} from '@tskafka/network';
import { protocolErrorFromCode } from '@tskafka/protocol';
import { UnknownPartitionError } from './errors.js';
import { Fetchers } from './fetchers.js';
import { deliver, iterateMessages, type Message, type RawMessage } from './message.js';
import { type CommittedOffset, OffsetStore } from './offset-store.js';
import {
  EARLIEST,
  LATEST,
  type ResolvedConsumerOptions,
  resolveConsumerOptions,
  type SimpleConsumerOptions,
} from './options.js';
import { OwnedPartition } from './owned-partition.js';
import { lookUpOffsets, type OffsetTarget, type Position } from './positions.js';
import { TopicIdentity, type TopicRecreatedError } from './topic-identity.js';
import { Wake } from './wake.js';

/**
 * PyKafka's SimpleConsumer: reads a fixed set of partitions of one topic (all by default), with
 * no group membership. Construct it from a {@link Cluster} and a topic name; start-up (metadata,
 * start offsets) runs in the background and every method waits for it ({@link ready} exposes it).
 *
 * Fetching runs one loop per leader broker, one Fetch request for all of that broker's
 * partitions, the next one in flight while the application consumes, each partition's queue
 * bounded by `queuedMaxMessages`. Messages come out in offset order per partition, partitions
 * interleaved one message at a time.
 *
 * @example
 * ```ts
 * await using consumer = new SimpleConsumer(cluster, 'orders', { consumerGroup: 'billing' });
 * for await (const message of consumer) console.log(message.offset, message.value?.toString());
 * ```
 */
export class SimpleConsumer<V = Buffer | null, K = Buffer | null> implements AsyncIterable<Message<V, K>> {
  /** The topic consumed. */
  readonly topic: string;
  readonly #cluster: Cluster;
  readonly #options: ResolvedConsumerOptions<V, K>;
  readonly #partitions = new Map<number, OwnedPartition>();
  #order: OwnedPartition[] = [];
  #cursor = 0;
  readonly #fetchers: Fetchers;
  readonly #arrived = new Wake();
  readonly #store: OffsetStore | null;
  readonly #ready: Promise<void>;
  /** Set once {@link ready} has resolved: the per-message paths then skip awaiting it. */
  #started = false;
  #failure: unknown = null;
  /**
   * A deserialization error met by `poll()` after it had taken messages, thrown by the next call,
   * with the partition that withholds its message meanwhile.
   */
  #undelivered: { error: unknown; partition: OwnedPartition } | null = null;
  /** The topic id seen at start: a re-created topic of the same name has another. */
  readonly #identity: TopicIdentity;
  /**
   * Set once the topic was deleted (or re-created: `TopicRecreatedError`) while consuming: every
   * later `consume()` and commit rejects with it.
   */
  #gone: UnknownTopicError | null = null;
  #commitTimer: NodeJS.Timeout | null = null;
  #closing: Promise<void> | null = null;

  /**
   * @param cluster the cluster client to use (not closed by {@link close})
   * @param topic the topic to consume
   * @throws {ConfigurationError} for an invalid option (synchronously)
   */
  constructor(cluster: Cluster, topic: string, options: SimpleConsumerOptions<V, K> = {}) {
    if (typeof topic !== 'string' || topic === '')
      throw new ConfigurationError('topic', 'expected a topic name');
    this.topic = topic;
    this.#cluster = cluster;
    this.#options = resolveConsumerOptions(options);
    const group = this.#options.consumerGroup;
    const policy = resolveRetry({
      retries: this.#options.offsetsCommitMaxRetries,
      initialBackoffMs: this.#options.offsetsChannelBackoffMs,
    });
    this.#identity = new TopicIdentity(topic);
    this.#fetchers = new Fetchers(
      cluster,
      topic,
      this.#options as never,
      this.#partitions,
      {
        delivered: () => this.#arrived.notify(),
        reset: (partition, reason) => this.#resetByPolicy(partition, reason),
        fatal: (error) => this.#fail(error),
        gone: (error) => {
          this.#gone = error;
          this.#arrived.notify();
        },
      },
      this.#identity,
    );
    this.#store =
      group === undefined
        ? null
        : new OffsetStore(
            cluster,
            this.#identity,
            group,
            policy,
            this.#options.logger,
            this.#options.groupMembership,
          );
    this.#ready = this.#start().then(() => {
      this.#started = true;
    });
    this.#ready.catch(() => {}); // surfaced by every method that awaits it
  }

  /**
   * Resolves once the consumer knows its partitions and start offsets and is fetching. Rejects
   * with `UnknownTopicError`, `UnknownPartitionError` or the error that stopped start-up.
   */
  ready(): Promise<void> {
    return this.#ready;
  }

  /** Ids of the partitions consumed (empty until {@link ready}). */
  get partitions(): number[] {
    return [...this.#partitions.keys()];
  }

  /**
   * PyKafka's `held_offsets`: per partition, the offset of the last message consumed (the
   * next one is this + 1); -1n when nothing before the current position exists.
   */
  get heldOffsets(): Map<number, bigint> {
    return new Map([...this.#partitions].map(([id, p]) => [id, p.lastConsumed]));
  }

  /** Messages fetched and waiting to be consumed, over all partitions (at most about `queuedMaxMessages` each). */
  get queuedMessages(): number {
    let total = 0;
    for (const p of this.#order) total += p.queued;
    return total;
  }

  /**
   * The next message, waiting up to `timeoutMs` (default `consumerTimeoutMs`; -1 = forever,
   * 0 = only what is already fetched). Resolves null on timeout.
   * @param signal rejects the wait with `AbortedError` when it fires
   * @throws {ClosedError} after {@link close}
   * @throws {DeserializationError} when the deserializer throws (the message is skipped)
   * @throws {UnknownTopicError} once the topic was deleted (metadata refreshed twice in a row
   *   without it); fetching has stopped and every later call rejects the same way (close the consumer)
   * @throws {TopicRecreatedError} (an `UnknownTopicError`) once metadata names the topic with another
   *   topic id than at start: it was deleted and created again. Same rule: fetching has stopped,
   *   nothing of the new topic was read from the old positions, close the consumer
   * @throws the fetch error the consumer could not recover from (e.g. an authorization error)
   */
  async consume(
    timeoutMs: number = this.#options.consumerTimeoutMs,
    signal?: AbortSignal,
  ): Promise<Message<V, K> | null> {
    return this.#await(timeoutMs, signal, () => this.#takeNow());
  }

  /**
   * Takes up to `maxMessages` messages at once, as Java's `poll()` does: waits up to `timeoutMs`
   * (default `consumerTimeoutMs`; -1 = forever, 0 = only what is already fetched) for the first
   * one, then adds what is queued at that moment without waiting for more. Partitions
   * interleave as in {@link consume}. One promise per call rather than one per message makes
   * this the cheapest way to read many messages.
   * @returns the messages; empty when `timeoutMs` passed without one
   * @throws {DeserializationError} when the deserializer throws on the first message taken (it
   *   is skipped); on a later one the messages before it are returned and the error is thrown by
   *   the next `poll()` or `consume()`. Until then that message counts as unread: a commit or
   *   close in between stops before it, so whoever reads on meets the error again
   * @throws the same errors as {@link consume} otherwise
   * @example
   * ```ts
   * for (;;) {
   *   const messages = await consumer.poll(1_000);
   *   for (const message of messages) handle(message);
   * }
   * ```
   */
  async poll(
    timeoutMs: number = this.#options.consumerTimeoutMs,
    maxMessages = 500,
    signal?: AbortSignal,
  ): Promise<Message<V, K>[]> {
    if (!Number.isSafeInteger(maxMessages) || maxMessages < 1)
      throw new ConfigurationError('maxMessages', `expected an integer >= 1, got ${String(maxMessages)}`);
    return (await this.#await(timeoutMs, signal, () => this.#takeUpTo(maxMessages))) ?? [];
  }

  /**
   * Waits up to `timeoutMs` until `take` gives something (null on timeout), first surfacing
   * what ended or broke consuming: close, abort, a deleted topic, a fetch or deserialization error.
   */
  async #await<T>(
    timeoutMs: number,
    signal: AbortSignal | undefined,
    take: () => T | undefined,
  ): Promise<T | null> {
    if (!Number.isSafeInteger(timeoutMs) || timeoutMs < -1)
      throw new ConfigurationError('timeoutMs', `expected an integer >= -1, got ${String(timeoutMs)}`);
    if (!this.#started) await this.#ready;
    const deadline = timeoutMs < 0 ? Number.POSITIVE_INFINITY : Date.now() + timeoutMs;
    for (;;) {
      if (this.#closing !== null) throw new ClosedError(`the consumer of ${this.topic} is closed`);
      if (this.#undelivered !== null) {
        const { error, partition } = this.#undelivered;
        this.#undelivered = null;
        partition.consumeWithheld();
        throw error;
      }
      if (signal?.aborted) throw new AbortedError('consume() was aborted', { cause: signal.reason });
      if (this.#gone !== null) throw this.#gone;
      if (this.#failure !== null) {
        const failure = this.#failure;
        this.#failure = null;
        throw failure;
      }
      const taken = take();
      if (taken !== undefined) return taken;
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await this.#arrived.waitAtMost(left, signal);
    }
  }

  /** The next queued message, deserialized; undefined when none is queued. */
  #takeNow(): Message<V, K> | undefined {
    const raw = this.#next();
    return raw === undefined ? undefined : deliver(raw, this.#options.deserializer);
  }

  /**
   * Up to `max` queued messages; undefined when none is queued. A deserialization error after
   * the first message is kept for the next call, so the messages before it are not lost; its
   * message counts as unread until then (see {@link OwnedPartition.withhold}).
   */
  #takeUpTo(max: number): Message<V, K>[] | undefined {
    const taken: Message<V, K>[] = [];
    const deserializer = this.#options.deserializer;
    while (taken.length < max) {
      const raw = this.#next();
      if (raw === undefined) break;
      try {
        taken.push(deliver(raw, deserializer));
      } catch (error) {
        if (taken.length === 0) throw error;
        const partition = this.#partitions.get(raw.partitionId) as OwnedPartition;
        partition.withhold(raw);
        this.#undelivered = { error, partition };
        break;
      }
    }
    return taken.length === 0 ? undefined : taken;
  }

  /**
   * Iterates messages as they come. Ends when `consumerTimeoutMs` passes without a message
   * (never, by default) or when the consumer is closed.
   */
  [Symbol.asyncIterator](): AsyncIterator<Message<V, K>> {
    return iterateMessages(
      () => this.consume(),
      () => this.#closing !== null,
      () => this.#readyNow(),
    );
  }

  /** A queued message when `consume()` would hand one out at once; undefined when it would not. */
  #readyNow(): Message<V, K> | undefined {
    const blocked =
      this.#closing !== null || this.#undelivered !== null || this.#gone !== null || this.#failure !== null;
    return !this.#started || blocked ? undefined : this.#takeNow();
  }

  /**
   * Stores offsets in the group's offset store. Without arguments: for every partition, the
   * offset after the last consumed message (the next to read), with that message's leader epoch
   * (KIP-320). With `[partition, offset]` pairs: those offsets verbatim, without an epoch.
   * @throws {ConfigurationError} without a `consumerGroup`
   * @throws {UnknownTopicError} / {@link TopicRecreatedError} once the topic was deleted or
   *   re-created (the positions belong to the old topic: storing them for the new one would be wrong)
   */
  async commitOffsets(partitionOffsets?: Iterable<readonly [number, bigint]>): Promise<void> {
    const store = this.#requireStore('commitOffsets');
    await this.#ready;
    // Metadata refreshed by anyone may show the new topic before the fetch loops notice it.
    const recreated = this.#identity.recreatedIn(this.#cluster.metadata);
    if (recreated !== null) this.#gone ??= recreated;
    if (this.#gone !== null) throw this.#gone;
    const offsets = new Map<number, bigint>();
    const epochs = new Map<number, number>();
    if (partitionOffsets === undefined) {
      for (const [id, p] of this.#partitions) {
        offsets.set(id, p.lastConsumed + 1n);
        epochs.set(id, p.lastConsumedEpoch);
      }
    } else {
      for (const [id, offset] of partitionOffsets) {
        this.#owned(id);
        if (typeof offset !== 'bigint' || offset < 0n)
          throw new ConfigurationError(
            'partitionOffsets',
            `offset for partition ${id} must be a bigint >= 0`,
          );
        offsets.set(id, offset);
      }
    }
    await store.commit(offsets, epochs);
  }

  /**
   * Reads the group's committed offsets of every owned partition. Unless `resetOffsetOnFetch`
   * is false, the consumer then continues from them (a partition without one goes to
   * `autoOffsetReset`). A committed offset that carries a leader epoch is first checked against
   * the leader's log (KIP-320, as Java's consumer does): truncated below it, the consumer goes on
   * from the end offset of that epoch; an epoch the leader does not know resets by
   * `autoOffsetReset` (both logged at `warn`). Start-up applies committed offsets the same way.
   * @throws {ConfigurationError} without a `consumerGroup`
   * @throws {UnknownTopicError} / {@link TopicRecreatedError} once the topic was deleted or re-created
   */
  async fetchOffsets(): Promise<Map<number, CommittedOffset>> {
    this.#requireStore('fetchOffsets');
    await this.#ready;
    if (this.#gone !== null) throw this.#gone;
    return this.#fetchCommitted();
  }

  /**
   * PyKafka's `reset_offsets`. Each value is `EARLIEST`, `LATEST`, a `Date` (the first message at
   * or after it; the log end when there is none) or an offset `N` **taken as the last consumed
   * one: the next message is N + 1**. Without arguments every partition goes to
   * `autoOffsetReset`. Queued messages of those partitions are dropped.
   */
  async resetOffsets(partitionOffsets?: Iterable<readonly [number, bigint | Date]>): Promise<void> {
    await this.#ready;
    const targets = new Map<number, OffsetTarget>();
    const policy = this.#options.autoOffsetReset === 'earliest' ? EARLIEST : LATEST;
    for (const [id, value] of partitionOffsets ??
      [...this.#partitions.keys()].map((id) => [id, policy] as const)) {
      this.#owned(id);
      if (value instanceof Date) targets.set(id, value);
      else if (value === EARLIEST || value === LATEST) targets.set(id, value);
      else if (typeof value === 'bigint' && value >= 0n) targets.set(id, { next: value + 1n });
      else
        throw new ConfigurationError(
          'partitionOffsets',
          `partition ${id}: expected EARLIEST, LATEST, a Date or an offset >= 0`,
        );
    }
    await this.#moveTo(targets);
  }

  /**
   * Java's `seek`: the next message consumed from `partition` is the one at `offset` (compare
   * {@link resetOffsets}, where N is the last consumed). Queued messages of the partition are dropped.
   */
  seek(partition: number, offset: bigint): void {
    const owned = this.#owned(partition);
    if (typeof offset !== 'bigint' || offset < 0n)
      throw new ConfigurationError('offset', `expected a bigint >= 0, got ${String(offset)}`);
    owned.moveTo(offset);
    this.#fetchers.wake();
  }

  /** Stops fetching `partitions` (default: all); their queued messages stay and are still consumed. */
  pause(partitions: readonly number[] = this.partitions): void {
    for (const id of partitions) this.#owned(id).paused = true;
  }

  /** Resumes fetching `partitions` (default: all). */
  resume(partitions: readonly number[] = this.partitions): void {
    for (const id of partitions) this.#owned(id).paused = false;
    this.#fetchers.wake();
  }

  /**
   * Stops fetching, commits if `autoCommitEnable` (unless `options.commit` is false, for a
   * group member that no longer owns its partitions), and closes this consumer's fetch
   * connections and timers. The cluster stays open. Idempotent (the first call's options win);
   * a pending `consume()` rejects with `ClosedError`.
   */
  close(options: { commit?: boolean } = {}): Promise<void> {
    this.#closing ??= this.#close(options.commit ?? this.#options.autoCommitEnable);
    return this.#closing;
  }

  /** Same as {@link close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #close(commit: boolean): Promise<void> {
    if (this.#commitTimer !== null) clearTimeout(this.#commitTimer);
    const stopping = this.#fetchers.close();
    this.#arrived.notify();
    const started = await this.#ready.then(
      () => true,
      () => false,
    );
    await stopping;
    if (started && commit && this.#store !== null && this.#gone === null) {
      await this.commitOffsets().catch((error: unknown) => {
        this.#options.logger.warn({ error, topic: this.topic }, 'commit on close failed');
      });
    }
  }

  async #start(): Promise<void> {
    const meta = await this.#cluster.refresh([this.topic], this.#fetchers.signal);
    const topic = meta.topics.get(this.topic);
    if (topic === undefined) {
      const code = meta.topicErrors.get(this.topic) ?? 3;
      throw new UnknownTopicError(this.topic, protocolErrorFromCode(code).message);
    }
    this.#identity.pin(topic.topicId);
    const ids = this.#options.partitions ?? [...topic.partitions.keys()].sort((a, b) => a - b);
    for (const id of ids) {
      if (!topic.partitions.has(id)) throw new UnknownPartitionError(this.topic, id, 'does not exist');
      this.#partitions.set(id, new OwnedPartition(id));
    }
    this.#order = [...this.#partitions.values()];
    if (this.#store !== null && !this.#options.resetOffsetOnStart) await this.#fetchCommitted(true);
    else await this.#moveTo(new Map(ids.map((id) => [id, this.#policyTarget()])));
    this.#fetchers.ensure();
    this.#scheduleCommit();
  }

  #policyTarget(): bigint {
    return this.#options.autoOffsetReset === 'earliest' ? EARLIEST : LATEST;
  }

  async #fetchCommitted(apply = this.#options.resetOffsetOnFetch): Promise<Map<number, CommittedOffset>> {
    const committed = await (this.#store as OffsetStore).fetch(this.partitions, this.#fetchers.signal);
    if (!apply) return committed;
    const targets = new Map<number, OffsetTarget>();
    for (const id of this.#partitions.keys()) {
      const { offset = -1n, leaderEpoch = -1 } = committed.get(id) ?? {};
      // The epoch makes #moveTo check the offset against the leader's log first (KIP-320).
      targets.set(id, offset >= 0n ? { next: offset, epoch: leaderEpoch } : this.#policyTarget());
    }
    await this.#moveTo(targets);
    return committed;
  }

  /**
   * Moves partitions to their targets, looking up EARLIEST/LATEST/timestamps first and checking
   * offsets that carry a leader epoch against the leader's log (see {@link lookUpOffsets}).
   */
  async #moveTo(targets: ReadonlyMap<number, OffsetTarget>): Promise<void> {
    const owned = [...targets.keys()].map((id) => this.#owned(id));
    for (const p of owned) p.resetting = true;
    const generations = new Map(owned.map((p) => [p.id, p.generation]));
    let next: Map<number, Position>;
    try {
      next = await lookUpOffsets(this.#cluster, this.topic, targets, {
        isolationLevel: this.#options.isolationLevel,
        signal: this.#fetchers.signal,
        fallback: this.#policyTarget(),
        logger: this.#options.logger,
      });
    } catch (error) {
      // Fetch again from where they were; a bad position fails again and comes back here.
      for (const p of owned) if (p.generation === generations.get(p.id)) p.resetting = false;
      throw error;
    }
    for (const p of owned) {
      // A seek meanwhile wins over this older request.
      if (p.generation !== generations.get(p.id)) continue;
      const { offset, epoch, leaderEpoch } = next.get(p.id) as Position;
      p.moveTo(offset);
      if (epoch < 0) continue;
      // A checked epoch is kept: a later leader change checks the position again, and a commit
      // before anything is consumed stores it with the offset (as Java's consumer does).
      p.fetchEpoch = epoch;
      p.lastConsumedEpoch = epoch;
      p.leaderEpoch = leaderEpoch;
    }
    this.#fetchers.wake();
  }

  #owned(id: number): OwnedPartition {
    const owned = this.#partitions.get(id);
    if (owned === undefined)
      throw new UnknownPartitionError(this.topic, id, 'is not consumed by this consumer');
    return owned;
  }

  #requireStore(method: string): OffsetStore {
    if (this.#store === null)
      throw new ConfigurationError('consumerGroup', `${method}() needs a consumerGroup`);
    return this.#store;
  }

  /** The next queued message, round-robin over partitions; wakes a fetch loop whose partition got room. */
  #next(): RawMessage | undefined {
    const order = this.#order;
    const n = order.length;
    let at = this.#cursor;
    for (let i = 0; i < n; i++) {
      const p = order[at] as OwnedPartition;
      // a compare instead of a modulo: this runs once per message
      at = at + 1 === n ? 0 : at + 1;
      const raw = p.shift();
      if (raw === undefined) continue;
      this.#cursor = at;
      if (p.gotRoom(this.#options)) this.#fetchers.wake();
      return raw;
    }
    return undefined;
  }

  #fail(error: unknown): void {
    this.#failure ??= error;
    this.#arrived.notify();
  }

  #resetByPolicy(partition: OwnedPartition, reason: string): void {
    this.#options.logger.info(
      { topic: this.topic, partition: partition.id, policy: this.#options.autoOffsetReset },
      `${reason}: resetting`,
    );
    this.#moveTo(new Map([[partition.id, this.#policyTarget()]])).catch((error: unknown) => {
      if (!this.#fetchers.signal.aborted && this.#gone === null) this.#fail(error);
    });
  }

  #scheduleCommit(): void {
    if (!this.#options.autoCommitEnable || this.#fetchers.signal.aborted) return;
    this.#commitTimer = setTimeout(() => {
      this.commitOffsets()
        .catch((error: unknown) =>
          this.#options.logger.warn({ error, topic: this.topic }, 'auto-commit failed'),
        )
        .finally(() => this.#scheduleCommit());
    }, this.#options.autoCommitIntervalMs);
  }
}
