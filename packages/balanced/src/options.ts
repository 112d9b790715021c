import {
  type ResolvedConsumerOptions,
  resolveConsumerOptions,
  type SimpleConsumerOptions,
} from '@tskafka/consumer';
import { ConfigurationError, intOption } from '@tskafka/network';
import type { GroupConsumer } from './group-consumer.js';

/**
 * Java's `ConsumerRebalanceListener`: told which partitions the member gives up and gets. Each
 * callback is awaited before the rebalance goes on. One that throws does not stop the
 * rebalance: the next `consume()` throws a `RebalanceCallbackError` carrying the cause.
 */
export interface RebalanceListener {
  /**
   * Before `partitions` are released (their positions are committed right after when
   * `autoCommitEnable`). The consumer still holds them, so `commitOffsets()` works here.
   */
  onPartitionsRevoked?(partitions: readonly number[]): void | Promise<void>;
  /** After the newly added `partitions` are positioned and about to be consumed. */
  onPartitionsAssigned?(partitions: readonly number[]): void | Promise<void>;
  /**
   * `partitions` were taken away without a chance to commit (the session expired, the member
   * was fenced). Defaults to {@link onPartitionsRevoked}.
   */
  onPartitionsLost?(partitions: readonly number[]): void | Promise<void>;
}

/**
 * PyKafka's `post_rebalance_callback(consumer, old_offsets, new_offsets)`: called after each
 * rebalance with the held offsets (partition → last consumed offset) before and after it. A
 * returned map goes to `consumer.resetOffsets()` (N = the last consumed offset).
 */
export type PostRebalanceCallback<V = Buffer | null, K = Buffer | null> = (
  consumer: GroupConsumer<V, K>,
  oldOffsets: ReadonlyMap<number, bigint>,
  newOffsets: ReadonlyMap<number, bigint>,
) => undefined | ReadonlyMap<number, bigint> | Promise<undefined | ReadonlyMap<number, bigint>>;

/**
 * Options every balanced consumer shares: the group, rebalance retries and callbacks, and every
 * {@link SimpleConsumerOptions} option but `partitions` (the group decides those), passed on to
 * the consumer of the assigned partitions.
 */
export interface GroupConsumerOptions<V = Buffer | null, K = Buffer | null>
  extends Omit<SimpleConsumerOptions<V, K>, 'partitions' | 'consumerGroup' | 'groupMembership'> {
  /** The consumer group (required). Its committed offsets are where members start. */
  consumerGroup: string;
  /** Attempts at completing one rebalance before giving up with the last error. Default 5. */
  rebalanceMaxRetries?: number;
  /** Backoff unit between rebalance attempts: attempt × this. Default 2 000. */
  rebalanceBackoffMs?: number;
  /** Told of partitions revoked, assigned and lost. */
  rebalanceListener?: RebalanceListener;
  /** PyKafka's post-rebalance hook. */
  postRebalanceCallback?: PostRebalanceCallback<V, K>;
}

/** {@link GroupConsumerOptions} checked, with defaults applied. */
export interface ResolvedGroupOptions<V, K> {
  readonly consumerGroup: string;
  readonly rebalanceMaxRetries: number;
  readonly rebalanceBackoffMs: number;
  readonly rebalanceListener: RebalanceListener;
  readonly postRebalanceCallback: PostRebalanceCallback<V, K> | undefined;
  /** The options of each consumer of assigned partitions (group and membership added per consumer). */
  readonly consumerOptions: SimpleConsumerOptions<V, K>;
  /** The same, resolved (for defaults such as `consumerTimeoutMs` and the logger). */
  readonly consumer: ResolvedConsumerOptions<V, K>;
}

/** Longest group id the protocol's int16-length strings can carry. */
const MAX_GROUP_ID_BYTES = 32_767;

/**
 * Checks the group options (and the pass-through consumer options) and applies defaults.
 * @throws {ConfigurationError} naming the first bad option
 */
export function resolveGroupOptions<V, K>(options: GroupConsumerOptions<V, K>): ResolvedGroupOptions<V, K> {
  if (options === null || typeof options !== 'object')
    throw new ConfigurationError('options', 'expected an object with at least consumerGroup');
  const group: unknown = options.consumerGroup;
  if (typeof group !== 'string' || group === '' || Buffer.byteLength(group) > MAX_GROUP_ID_BYTES)
    throw new ConfigurationError('consumerGroup', 'expected a non-empty string of at most 32 767 bytes');
  const listener: unknown = options.rebalanceListener ?? {};
  if (typeof listener !== 'object' || listener === null)
    throw new ConfigurationError('rebalanceListener', 'expected an object with onPartitions* methods');
  for (const name of ['onPartitionsRevoked', 'onPartitionsAssigned', 'onPartitionsLost'] as const) {
    const callback = (listener as RebalanceListener)[name];
    if (callback !== undefined && typeof callback !== 'function')
      throw new ConfigurationError('rebalanceListener', `${name} must be a function`);
  }
  if (options.postRebalanceCallback !== undefined && typeof options.postRebalanceCallback !== 'function')
    throw new ConfigurationError('postRebalanceCallback', 'expected a function');
  const {
    rebalanceMaxRetries: _retries,
    rebalanceBackoffMs: _backoff,
    rebalanceListener: _listener,
    postRebalanceCallback: _post,
    ...consumerOptions
  } = options;
  const partitions = (consumerOptions as SimpleConsumerOptions<V, K>).partitions;
  if (partitions !== undefined)
    throw new ConfigurationError('partitions', 'a balanced consumer gets its partitions from the group');
  return {
    consumerGroup: group,
    rebalanceMaxRetries: intOption(options, 'rebalanceMaxRetries', 5, 1),
    rebalanceBackoffMs: intOption(options, 'rebalanceBackoffMs', 2_000, 0),
    rebalanceListener: listener as RebalanceListener,
    postRebalanceCallback: options.postRebalanceCallback,
    consumerOptions,
    consumer: resolveConsumerOptions(consumerOptions),
  };
}
