import {
  type Broker,
  type Cluster,
  ConnectionError,
  isRetriable,
  type Logger,
  type ResolvedRetryOptions,
  retry,
} from '@tskafka/network';
import { apis, KafkaProtocolError, protocolErrorFromCode } from '@tskafka/protocol';
import type { GroupMembership } from './options.js';
import type { TopicIdentity } from './topic-identity.js';

/** A committed offset as the group's offset store holds it. */
export interface CommittedOffset {
  /** The committed offset (by convention the next offset to read); -1n when none is stored. */
  readonly offset: bigint;
  /** The metadata string stored with it. */
  readonly metadata: string | null;
  /** Leader epoch of the last consumed message, stored with the offset (KIP-320); -1 when none. */
  readonly leaderEpoch: number;
}

/** NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS: look the coordinator up again. */
const COORDINATOR_MOVED = new Set([14, 15, 16]);

/**
 * STALE_MEMBER_EPOCH (KIP-848): the member's epoch moved on between reading it and the commit
 * landing. Not retriable in Kafka's table, but each attempt re-reads the membership, so the
 * next one carries the new epoch (Java's commit manager retries it the same way).
 */
const STALE_MEMBER_EPOCH = 113;

const worthRetrying = (error: unknown): boolean =>
  isRetriable(error) || (error instanceof KafkaProtocolError && error.code === STALE_MEMBER_EPOCH);

/**
 * A consumer group's offsets in Kafka (OffsetCommit / OffsetFetch) for one topic (the
 * incarnation `identity` pinned, on brokers that name topics by id), written with
 * the membership `membership()` gives at each commit (by default none: generation -1, empty
 * member id, as PyKafka's SimpleConsumer does).
 * Each call finds the coordinator once and retries retriable failures with backoff, looking the
 * coordinator up again when it moved or its connection broke.
 */
export class OffsetStore {
  readonly #cluster: Cluster;
  readonly #topic: string;
  readonly #identity: TopicIdentity;
  readonly #group: string;
  readonly #policy: ResolvedRetryOptions;
  readonly #logger: Logger;
  readonly #membership: () => GroupMembership;
  #coordinator: Broker | null = null;

  constructor(
    cluster: Cluster,
    identity: TopicIdentity,
    group: string,
    policy: ResolvedRetryOptions,
    logger: Logger,
    membership: () => GroupMembership,
  ) {
    this.#cluster = cluster;
    this.#membership = membership;
    this.#topic = identity.topic;
    this.#identity = identity;
    this.#group = group;
    this.#policy = policy;
    this.#logger = logger;
  }

  /**
   * Stores `offsets` (partition id → offset, stored verbatim), each with the leader epoch of the
   * last consumed record when `epochs` knows it (KIP-320: lets the next owner detect truncation).
   * @throws {KafkaProtocolError} the first partition error left after the retries.
   */
  async commit(
    offsets: ReadonlyMap<number, bigint>,
    epochs: ReadonlyMap<number, number> = new Map(),
    signal?: AbortSignal,
  ): Promise<void> {
    if (offsets.size === 0) return;
    await this.#withCoordinator(async (coordinator) => {
      const { generationIdOrMemberEpoch, memberId, groupInstanceId } = this.#membership();
      const response = await coordinator.request(
        apis.OffsetCommit,
        {
          groupId: this.#group,
          generationIdOrMemberEpoch,
          memberId,
          groupInstanceId,
          topics: [
            {
              name: this.#topic,
              topicId: this.#topicId(),
              partitions: [...offsets].map(([partitionIndex, committedOffset]) => ({
                partitionIndex,
                committedOffset,
                committedLeaderEpoch: epochs.get(partitionIndex) ?? -1,
                committedMetadata: '',
              })),
            },
          ],
        },
        { signal },
      );
      for (const t of response.topics) {
        for (const p of t.partitions) {
          if (p.errorCode !== 0)
            throw protocolErrorFromCode(p.errorCode, `/topics/${this.#topic}/partitions/${p.partitionIndex}`);
        }
      }
    }, signal);
  }

  /** The stored offsets of `partitions` (offset -1n where the group has none). */
  async fetch(partitions: readonly number[], signal?: AbortSignal): Promise<Map<number, CommittedOffset>> {
    return this.#withCoordinator(async (coordinator) => {
      const connection = await coordinator.connection('main', signal);
      const version = connection.versions.pick(apis.OffsetFetch);
      const topics = [{ name: this.#topic, topicId: this.#topicId(), partitionIndexes: [...partitions] }];
      const body =
        version >= 8
          ? {
              groups: [{ groupId: this.#group, memberId: null, memberEpoch: -1, topics }],
              requireStable: true,
            }
          : { groupId: this.#group, topics, requireStable: true };
      const response = await connection.request(apis.OffsetFetch, body as never, { signal, version });
      const group = version >= 8 ? response.groups[0] : response;
      if (group === undefined) throw protocolErrorFromCode(-1, '/groups');
      if (group.errorCode !== 0) throw protocolErrorFromCode(group.errorCode, '/errorCode');
      const found = new Map<number, CommittedOffset>();
      for (const t of group.topics) {
        for (const p of t.partitions) {
          if (p.errorCode !== 0)
            throw protocolErrorFromCode(p.errorCode, `/topics/${this.#topic}/partitions/${p.partitionIndex}`);
          found.set(p.partitionIndex, {
            offset: p.committedOffset,
            metadata: p.metadata,
            leaderEpoch: p.committedLeaderEpoch,
          });
        }
      }
      return found;
    }, signal);
  }

  /**
   * The id of the topic incarnation consumed (OffsetCommit v10+ / OffsetFetch v10+ name topics by
   * id): a re-created topic's new id must not get the old topic's offsets.
   */
  #topicId(): string {
    return this.#identity.id;
  }

  #withCoordinator<T>(operation: (coordinator: Broker) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return retry(
      async () => {
        this.#coordinator ??= await this.#cluster.findCoordinator(this.#group, 'group', signal);
        return operation(this.#coordinator);
      },
      this.#policy,
      {
        signal,
        isRetriable: worthRetrying,
        onRetry: (error, attempt) => {
          this.#logger.debug({ error, attempt, group: this.#group }, 'offset request retried');
          const moved =
            error instanceof ConnectionError ||
            (error instanceof KafkaProtocolError && COORDINATOR_MOVED.has(error.code));
          if (moved) this.#coordinator = null;
        },
      },
    );
  }
}
