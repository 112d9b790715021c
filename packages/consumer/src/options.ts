import {
  boolOption,
  ConfigurationError,
  intOption,
  type Logger,
  oneOfOption,
  silentLogger,
} from '@tskafka/network';

/** PyKafka's `OffsetType.EARLIEST`: the log start offset. */
export const EARLIEST = -2n;
/** PyKafka's `OffsetType.LATEST`: the log end offset (the offset the next message gets). */
export const LATEST = -1n;

/** Where to start when there is no committed offset, or when an offset is out of range. */
export type OffsetResetPolicy = 'earliest' | 'latest';

/**
 * Who commits: what every OffsetCommit of a consumer carries. A group member's generation (or
 * KIP-848 member epoch), member id and static instance id; `-1`, `''` and `null` commit without
 * membership, as PyKafka's SimpleConsumer does.
 */
export interface GroupMembership {
  readonly generationIdOrMemberEpoch: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
}

/** Commits without group membership. */
export const NO_MEMBERSHIP: GroupMembership = {
  generationIdOrMemberEpoch: -1,
  memberId: '',
  groupInstanceId: null,
};

/** Turns raw bytes into the application's values: `(value, key) => [value, key]`. */
export type Deserializer<V, K> = (value: Buffer | null, key: Buffer | null) => readonly [V, K];

/**
 * Options of a {@link SimpleConsumer}. Each PyKafka `SimpleConsumer` option that still means
 * something keeps its name in camelCase (table in the package README); defaults are beside each.
 */
export interface SimpleConsumerOptions<V = Buffer | null, K = Buffer | null> {
  /** Group whose offset store `commitOffsets`/`fetchOffsets` use (no membership). Default none. */
  consumerGroup?: string;
  /** Partition ids to consume. Default: every partition of the topic. */
  partitions?: readonly number[];
  /** Most bytes fetched per partition per request (Fetch `partitionMaxBytes`). Default 1 048 576. */
  fetchMessageMaxBytes?: number;
  /** Most bytes of one Fetch response (Fetch `maxBytes`). Default 52 428 800. */
  fetchMaxBytes?: number;
  /** Commit consumed offsets every `autoCommitIntervalMs` and on close. Needs a group. Default false. */
  autoCommitEnable?: boolean;
  /** Interval of auto-commit. Default 60 000. */
  autoCommitIntervalMs?: number;
  /**
   * Messages buffered per partition; fetching of a partition stops while it holds this many.
   * Default 20 000 (PyKafka: 2 000, which is less than one 1 MiB fetch of small records, so the
   * queue ran dry before the next fetch returned); `queuedMaxBytes` bounds the memory.
   */
  queuedMaxMessages?: number;
  /**
   * Key and value bytes buffered per partition; fetching of a partition stops while it holds this
   * many (whichever of this and `queuedMaxMessages` is reached first), so a queue holds at most
   * about this plus one fetch (`fetchMessageMaxBytes`). Default 2 097 152: two default fetches,
   * one consumed while the next is in flight.
   */
  queuedMaxBytes?: number;
  /** Fetch `minBytes`: how much the broker waits to gather. Default 1. */
  fetchMinBytes?: number;
  /** Fetch `maxWaitMs`: how long the broker may hold a fetch waiting for `fetchMinBytes`. Default 100. */
  fetchWaitMaxMs?: number;
  /** Backoff unit between offset commit/fetch attempts (grows exponentially). Default 1 000. */
  offsetsChannelBackoffMs?: number;
  /** Retries of an offset commit/fetch after a retriable error. Default 5. */
  offsetsCommitMaxRetries?: number;
  /** Where to start without a committed offset, and where to go on OFFSET_OUT_OF_RANGE. Default `'earliest'`. */
  autoOffsetReset?: OffsetResetPolicy;
  /** How long `consume()` and iteration wait for a message before giving `null` / ending; -1 = forever. Default -1. */
  consumerTimeoutMs?: number;
  /** Ignore committed offsets at start and go to `autoOffsetReset`. Default false. */
  resetOffsetOnStart?: boolean;
  /** Turns value and key bytes into the application's types. Default: raw Buffers. */
  deserializer?: Deserializer<V, K>;
  /** `false` makes `fetchOffsets()` read-only: it reports but does not move the consumer. Default true. */
  resetOffsetOnFetch?: boolean;
  /** `'read_committed'` hides aborted transactional records; control records are always hidden. Default `'read_uncommitted'`. */
  isolationLevel?: 'read_uncommitted' | 'read_committed';
  /**
   * Java's `check.crcs`: verify each fetched batch's CRC-32C, so corrupted data fails with
   * `KafkaChecksumError` instead of being delivered. Turning it off saves the checksum's CPU
   * (about half of the decoding time of 1 KiB records). Default true.
   */
  checkCrcs?: boolean;
  /** Logger for fetch errors and recoveries. Default silent. */
  logger?: Logger;
  /**
   * For consumers driven by a group member (the balanced consumers): read at each commit, so
   * OffsetCommit carries the member's current generation and id. Default: no membership.
   */
  groupMembership?: () => GroupMembership;
}

/** Options with every default applied and every value checked. */
export interface ResolvedConsumerOptions<V, K> {
  consumerGroup: string | undefined;
  partitions: readonly number[] | undefined;
  fetchMessageMaxBytes: number;
  fetchMaxBytes: number;
  autoCommitEnable: boolean;
  autoCommitIntervalMs: number;
  queuedMaxMessages: number;
  queuedMaxBytes: number;
  fetchMinBytes: number;
  fetchWaitMaxMs: number;
  offsetsChannelBackoffMs: number;
  offsetsCommitMaxRetries: number;
  autoOffsetReset: OffsetResetPolicy;
  consumerTimeoutMs: number;
  resetOffsetOnStart: boolean;
  deserializer: Deserializer<V, K> | undefined;
  resetOffsetOnFetch: boolean;
  /** 0 read_uncommitted, 1 read_committed (the Fetch field). */
  isolationLevel: 0 | 1;
  checkCrcs: boolean;
  logger: Logger;
  groupMembership: () => GroupMembership;
}

function resolvePartitions(value: unknown): readonly number[] | undefined {
  if (value === undefined) return undefined;
  const ok =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((p) => Number.isSafeInteger(p) && (p as number) >= 0);
  if (!ok)
    throw new ConfigurationError('partitions', 'expected a non-empty array of partition ids (integers >= 0)');
  return [...new Set(value as number[])];
}

/**
 * Checks every option once and fills in the defaults.
 * @throws {ConfigurationError} naming the first bad option and what it accepts.
 */
export function resolveConsumerOptions<V, K>(
  options: SimpleConsumerOptions<V, K> = {},
): ResolvedConsumerOptions<V, K> {
  const group = options.consumerGroup;
  if (group !== undefined && (typeof group !== 'string' || group === ''))
    throw new ConfigurationError('consumerGroup', 'expected a non-empty string');
  if (options.deserializer !== undefined && typeof options.deserializer !== 'function')
    throw new ConfigurationError('deserializer', 'expected a function (value, key) => [value, key]');
  const autoCommitEnable = boolOption(options, 'autoCommitEnable', false);
  if (autoCommitEnable && group === undefined)
    throw new ConfigurationError('autoCommitEnable', 'auto-commit needs a consumerGroup');
  if (options.groupMembership !== undefined && typeof options.groupMembership !== 'function')
    throw new ConfigurationError('groupMembership', 'expected a function returning the current membership');
  const isolation = oneOfOption(options, 'isolationLevel', ['read_uncommitted', 'read_committed'] as const);
  return {
    consumerGroup: group,
    partitions: resolvePartitions(options.partitions),
    fetchMessageMaxBytes: intOption(options, 'fetchMessageMaxBytes', 1_048_576, 1),
    fetchMaxBytes: intOption(options, 'fetchMaxBytes', 52_428_800, 1),
    autoCommitEnable,
    autoCommitIntervalMs: intOption(options, 'autoCommitIntervalMs', 60_000, 1),
    queuedMaxMessages: intOption(options, 'queuedMaxMessages', 20_000, 1),
    queuedMaxBytes: intOption(options, 'queuedMaxBytes', 2_097_152, 1),
    fetchMinBytes: intOption(options, 'fetchMinBytes', 1, 0),
    fetchWaitMaxMs: intOption(options, 'fetchWaitMaxMs', 100, 0),
    offsetsChannelBackoffMs: intOption(options, 'offsetsChannelBackoffMs', 1_000, 0),
    offsetsCommitMaxRetries: intOption(options, 'offsetsCommitMaxRetries', 5, 0),
    autoOffsetReset: oneOfOption(options, 'autoOffsetReset', ['earliest', 'latest'] as const),
    consumerTimeoutMs: intOption(options, 'consumerTimeoutMs', -1, 0, true),
    resetOffsetOnStart: boolOption(options, 'resetOffsetOnStart', false),
    deserializer: options.deserializer,
    resetOffsetOnFetch: boolOption(options, 'resetOffsetOnFetch', true),
    isolationLevel: isolation === 'read_committed' ? 1 : 0,
    checkCrcs: boolOption(options, 'checkCrcs', true),
    logger: options.logger ?? silentLogger,
    groupMembership: options.groupMembership ?? (() => NO_MEMBERSHIP),
  };
}
