import {
  type GroupMembership,
  type Message,
  SimpleConsumer,
  UnknownPartitionError,
  Wake,
} from '@tskafka/consumer';
import { AbortedError, ClosedError, type Cluster, ConfigurationError } from '@tskafka/network';
import { RebalanceCallbackError } from './errors.js';
import type { GroupConsumer } from './group-consumer.js';
import type { ResolvedGroupOptions } from './options.js';

type Callback = RebalanceCallbackError['callback'];

/**
 * The consuming half every balanced consumer shares: one internal {@link SimpleConsumer} over the
 * partitions the group currently assigns, replaced when the assignment changes. Positions of
 * partitions kept across a change are carried over, so a cooperative rebalance re-delivers
 * nothing. Changes run one at a time; `consume()` waits (within its timeout) while one runs or
 * nothing is assigned.
 */
export class AssignedConsumer<V, K> {
  readonly #cluster: Cluster;
  readonly #topic: string;
  readonly #options: ResolvedGroupOptions<V, K>;
  readonly #membership: () => GroupMembership;
  readonly #owner: GroupConsumer<V, K>;
  #consumer: SimpleConsumer<V, K> | null = null;
  #assigned: number[] = [];
  readonly #paused = new Set<number>();
  #changes: Promise<void> = Promise.resolve();
  #changing = 0;
  readonly #changed = new Wake();
  #failure: unknown = null;
  #closed = false;
  /** `resetOffsetOnStart` applies to the first assignment only, as PyKafka's; later ones resume at the commits. */
  #opened = false;

  constructor(
    cluster: Cluster,
    topic: string,
    options: ResolvedGroupOptions<V, K>,
    membership: () => GroupMembership,
    owner: GroupConsumer<V, K>,
  ) {
    this.#cluster = cluster;
    this.#topic = topic;
    this.#options = options;
    this.#membership = membership;
    this.#owner = owner;
  }

  /** The partitions assigned now, in id order. */
  get partitions(): number[] {
    return [...this.#assigned];
  }

  /** Per assigned partition, the last consumed offset (PyKafka's `held_offsets`). */
  get heldOffsets(): Map<number, bigint> {
    return this.#consumer?.heldOffsets ?? new Map();
  }

  /**
   * Makes `partitions` the complete assignment: held partitions not listed are revoked first
   * (listener, then their positions committed when `autoCommitEnable`); new ones start at the
   * group's committed offsets (else `autoOffsetReset`); kept ones continue where they were.
   * Then `onPartitionsAssigned` (with the added ones) and `postRebalanceCallback` run.
   * @throws the error that kept the new partitions' consumer from starting (the assignment is then empty)
   */
  assign(partitions: readonly number[]): Promise<void> {
    const next = [...new Set(partitions)].sort((a, b) => a - b);
    return this.#change(async () => {
      const removed = this.#assigned.filter((id) => !next.includes(id));
      const added = next.filter((id) => !this.#assigned.includes(id));
      if (removed.length === 0 && added.length === 0 && (next.length === 0 || this.#consumer !== null))
        return;
      const old = this.#consumer;
      const oldHeld = old?.heldOffsets ?? new Map<number, bigint>();
      if (removed.length > 0) await this.#call('onPartitionsRevoked', removed);
      if (old !== null)
        await this.#release(old, removed.length > 0 && this.#options.consumer.autoCommitEnable);
      for (const id of removed) this.#paused.delete(id);
      this.#assigned = next;
      if (next.length === 0) return;
      const consumer = await this.#open(next, oldHeld);
      if (added.length > 0) await this.#call('onPartitionsAssigned', added);
      await this.#postRebalance(consumer, oldHeld);
    });
  }

  /** Stops delivering `partitions` (default all): `onPartitionsRevoked`, then their positions committed when `autoCommitEnable`. */
  revoke(partitions: readonly number[] = this.#assigned): Promise<void> {
    const gone = new Set(partitions);
    return this.assign(this.#assigned.filter((id) => !gone.has(id)));
  }

  /** Drops `partitions` (default all) without committing: `onPartitionsLost`. */
  lose(partitions: readonly number[] = this.#assigned): Promise<void> {
    const gone = new Set(partitions);
    return this.#change(async () => {
      const lost = this.#assigned.filter((id) => gone.has(id));
      if (lost.length === 0) return;
      const old = this.#consumer;
      const oldHeld = old?.heldOffsets ?? new Map<number, bigint>();
      if (old !== null) await this.#release(old, false);
      this.#assigned = this.#assigned.filter((id) => !gone.has(id));
      for (const id of lost) this.#paused.delete(id);
      const lostCallback =
        this.#options.rebalanceListener.onPartitionsLost === undefined
          ? 'onPartitionsRevoked'
          : 'onPartitionsLost';
      await this.#call(lostCallback, lost);
      if (this.#assigned.length > 0) await this.#open(this.#assigned, oldHeld);
    });
  }

  /**
   * The next message of the assigned partitions, waiting up to `timeoutMs` (-1 = forever) across
   * rebalances; null on timeout.
   */
  async consume(timeoutMs: number, signal?: AbortSignal): Promise<Message<V, K> | null> {
    return this.#across(timeoutMs, signal, (consumer, left) => consumer.consume(left, signal));
  }

  /**
   * Up to `maxMessages` messages of the assigned partitions at once (`SimpleConsumer.poll`),
   * waiting up to `timeoutMs` (-1 = forever) across rebalances for the first; empty on timeout.
   */
  async poll(timeoutMs: number, maxMessages: number, signal?: AbortSignal): Promise<Message<V, K>[]> {
    const taken = await this.#across(timeoutMs, signal, async (consumer, left) => {
      const messages = await consumer.poll(left, maxMessages, signal);
      return messages.length === 0 ? null : messages;
    });
    return taken ?? [];
  }

  /**
   * Waits up to `timeoutMs` for `take` to give something from the consumer of the partitions
   * assigned now (null on timeout), looking again when a rebalance swaps that consumer out.
   */
  async #across<T>(
    timeoutMs: number,
    signal: AbortSignal | undefined,
    take: (consumer: SimpleConsumer<V, K>, leftMs: number) => Promise<T | null>,
  ): Promise<T | null> {
    if (!Number.isSafeInteger(timeoutMs) || timeoutMs < -1)
      throw new ConfigurationError('timeoutMs', `expected an integer >= -1, got ${String(timeoutMs)}`);
    const deadline = timeoutMs < 0 ? Number.POSITIVE_INFINITY : Date.now() + timeoutMs;
    for (;;) {
      if (this.#closed) throw new ClosedError(`the balanced consumer of ${this.#topic} is closed`);
      if (signal?.aborted) throw new AbortedError('consume() was aborted', { cause: signal.reason });
      if (this.#failure !== null) {
        const failure = this.#failure;
        this.#failure = null;
        throw failure;
      }
      const left = deadline - Date.now();
      const consumer = this.#consumer;
      if (consumer === null || this.#changing > 0) {
        if (left <= 0) return null;
        await this.#changed.waitAtMost(left, signal);
        continue;
      }
      try {
        const taken = await take(consumer, Number.isFinite(left) ? Math.max(0, left) : -1);
        if (taken !== null || left <= 0) return taken;
      } catch (error) {
        // The consumer was swapped out (or a failure arrived) while waiting: look again.
        if (!(error instanceof ClosedError) || consumer === this.#consumer) throw error;
      }
    }
  }

  /** Commits the held positions (or `partitionOffsets` verbatim) of assigned partitions. */
  async commitOffsets(partitionOffsets?: Iterable<readonly [number, bigint]>): Promise<void> {
    if (partitionOffsets === undefined && this.#consumer === null) return;
    await this.#current('commitOffsets').commitOffsets(partitionOffsets);
  }

  /** PyKafka's `reset_offsets` on assigned partitions (N = the last consumed offset). */
  async resetOffsets(partitionOffsets?: Iterable<readonly [number, bigint | Date]>): Promise<void> {
    if (partitionOffsets === undefined && this.#consumer === null) return;
    await this.#current('resetOffsets').resetOffsets(partitionOffsets);
  }

  /** Java's `seek`: the next message of `partition` is at `offset`. */
  seek(partition: number, offset: bigint): void {
    this.#current('seek').seek(partition, offset);
  }

  /** Stops fetching `partitions` (default all assigned); kept paused across rebalances while assigned. */
  pause(partitions: readonly number[] = this.#assigned): void {
    if (partitions.length === 0) return;
    this.#current('pause').pause(partitions);
    for (const id of partitions) this.#paused.add(id);
  }

  /** Resumes fetching `partitions` (default all assigned). */
  resume(partitions: readonly number[] = this.#assigned): void {
    if (partitions.length === 0) return;
    this.#current('resume').resume(partitions);
    for (const id of partitions) this.#paused.delete(id);
  }

  /** Makes the next `consume()` throw `error` (a background failure of the group member). */
  fail(error: unknown): void {
    this.#failure ??= error;
    this.#changed.notify();
  }

  /**
   * Stops consuming: waits for a running change, then closes the internal consumer (committing
   * when `autoCommitEnable`). Idempotent.
   */
  async close(): Promise<void> {
    this.#closed = true;
    this.#changed.notify();
    await this.#changes;
    const consumer = this.#consumer;
    this.#consumer = null;
    await consumer?.close();
  }

  /** Runs one assignment change after the previous ones; consume() waits meanwhile. */
  #change(step: () => Promise<void>): Promise<void> {
    this.#changing++;
    const run = this.#changes.then(() => {
      if (this.#closed) throw new ClosedError(`the balanced consumer of ${this.#topic} is closed`);
      return step();
    });
    this.#changes = run.then(
      () => {},
      () => {},
    );
    return run.finally(() => {
      this.#changing--;
      this.#changed.notify();
    });
  }

  async #release(consumer: SimpleConsumer<V, K>, commit: boolean): Promise<void> {
    this.#consumer = null;
    await consumer.close({ commit });
  }

  /** A consumer of `partitions`, kept ones moved to their old positions, paused ones paused. */
  async #open(partitions: number[], held: ReadonlyMap<number, bigint>): Promise<SimpleConsumer<V, K>> {
    const consumer = new SimpleConsumer<V, K>(this.#cluster, this.#topic, {
      ...this.#options.consumerOptions,
      consumerGroup: this.#options.consumerGroup,
      partitions,
      groupMembership: this.#membership,
      ...(this.#opened ? { resetOffsetOnStart: false } : {}),
    });
    this.#opened = true;
    try {
      await consumer.ready();
    } catch (error) {
      await consumer.close({ commit: false });
      this.#assigned = [];
      throw error;
    }
    for (const id of partitions) {
      const last = held.get(id);
      if (last !== undefined) consumer.seek(id, last + 1n);
    }
    const paused = partitions.filter((id) => this.#paused.has(id));
    if (paused.length > 0) consumer.pause(paused);
    this.#consumer = consumer;
    return consumer;
  }

  async #postRebalance(consumer: SimpleConsumer<V, K>, oldHeld: ReadonlyMap<number, bigint>): Promise<void> {
    const callback = this.#options.postRebalanceCallback;
    if (callback === undefined) return;
    try {
      const reset = await callback(this.#owner, oldHeld, consumer.heldOffsets);
      if (reset !== undefined) await consumer.resetOffsets(reset);
    } catch (cause) {
      this.fail(new RebalanceCallbackError('postRebalanceCallback', { cause }));
    }
  }

  /** Runs one listener callback; what it throws reaches the next consume(). */
  async #call(name: Exclude<Callback, 'postRebalanceCallback'>, partitions: number[]): Promise<void> {
    const listener = this.#options.rebalanceListener;
    const callback = listener[name];
    if (callback === undefined) return;
    try {
      await callback.call(listener, partitions);
    } catch (cause) {
      this.fail(new RebalanceCallbackError(name, { cause }));
    }
  }

  #current(method: string): SimpleConsumer<V, K> {
    if (this.#closed) throw new ClosedError(`the balanced consumer of ${this.#topic} is closed`);
    const consumer = this.#consumer;
    if (consumer === null)
      throw new UnknownPartitionError(
        this.#topic,
        -1,
        `(none) is assigned: ${method}() needs assigned partitions`,
      );
    return consumer;
  }
}
