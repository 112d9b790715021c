import type { GroupMembership } from '@tskafka/consumer';
import { Wake } from '@tskafka/consumer';
import {
  backoffDelay,
  ClosedError,
  ConnectionError,
  isRetriable,
  type ResolvedRetryOptions,
  sleep,
  UnsupportedApiError,
} from '@tskafka/network';
import {
  type ConsumerGroupHeartbeatResponse,
  KafkaError,
  type KafkaProtocolError,
  protocolErrorFromCode,
} from '@tskafka/protocol';
import type { GroupMember, GroupMemberContext } from '../group-member.js';
import { CoordinatorHeartbeats, type HeartbeatChannel } from './heartbeat-channel.js';
import {
  CLIENT_MEMBER_ID_VERSION,
  HeartbeatRequests,
  JOIN_EPOCH,
  type MemberSettings,
  newMemberId,
} from './heartbeat-requests.js';
import { nextStep } from './reconcile.js';

/** UNKNOWN_MEMBER_ID, FENCED_MEMBER_EPOCH: the coordinator dropped us; rejoin with epoch 0. */
const FENCED = new Set([25, 110]);
/** NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS: look the coordinator up again. */
const COORDINATOR_MOVED = new Set([14, 15, 16]);
const UNSUPPORTED_VERSION = 35;
/** Used until the coordinator names its interval (it does in every successful response). */
const DEFAULT_INTERVAL_MS = 5_000;

/**
 * A member of a KIP-848 consumer group (`group.protocol=consumer`): heartbeats with
 * ConsumerGroupHeartbeat, lets the coordinator compute the assignment, and reconciles towards
 * each target it sends: revoke first, acknowledge, then take the new partitions.
 * Retriable failures (lost connection, moved coordinator) are retried with backoff; a fenced
 * member loses its partitions and rejoins; anything else is a typed error surfaced to the user.
 */
export class ConsumerProtocolMember implements GroupMember {
  readonly #context: GroupMemberContext;
  readonly #settings: MemberSettings;
  readonly #channel: HeartbeatChannel;
  readonly #requests: HeartbeatRequests;
  readonly #wake = new Wake();
  readonly #stopped = new AbortController();
  #memberId = '';
  readonly #clientMemberId = newMemberId();
  #epoch = JOIN_EPOCH;
  #intervalMs = DEFAULT_INTERVAL_MS;
  /** Partitions owned and reported to the coordinator. */
  #owned: number[] = [];
  /** The coordinator's latest target, or null before the first one (or after being fenced). */
  #target: number[] | null = null;
  #reconciling: Promise<void> | null = null;
  #firstApplied = false;
  #onFirst: { resolve: () => void; reject: (error: unknown) => void } | null = null;
  #loop: Promise<void> | null = null;
  #signal: AbortSignal = this.#stopped.signal;

  constructor(context: GroupMemberContext, channel?: HeartbeatChannel) {
    this.#context = context;
    const { options } = context;
    this.#settings = {
      groupId: context.groupId,
      topic: context.topic,
      instanceId: options.groupInstanceId,
      rackId: options.consumerProtocol.rackId,
      rebalanceTimeoutMs: options.rebalanceTimeoutMs,
      serverAssignor: options.consumerProtocol.serverAssignor,
    };
    this.#channel = channel ?? new CoordinatorHeartbeats(context.cluster, context.groupId);
    this.#requests = new HeartbeatRequests(this.#settings);
  }

  /** What OffsetCommit carries: the member id and the current member epoch. */
  membership(): GroupMembership {
    return {
      generationIdOrMemberEpoch: this.#epoch,
      memberId: this.#memberId,
      groupInstanceId: this.#settings.instanceId,
    };
  }

  /**
   * Joins and resolves once the first assignment is applied; keeps heartbeating until `signal`
   * aborts or {@link stop}. Rejects with the typed error when joining fails for good
   * (`UnsupportedApiError` from a broker without KIP-848, `KafkaProtocolError` such as
   * GROUP_MAX_SIZE_REACHED or UNRELEASED_INSTANCE_ID).
   */
  start(signal: AbortSignal): Promise<void> {
    const first = new Promise<void>((resolve, reject) => {
      this.#onFirst = { resolve, reject };
    });
    this.#signal = AbortSignal.any([signal, this.#stopped.signal]);
    this.#loop = this.#run(this.#signal);
    return first;
  }

  /**
   * Stops heartbeating and leaves the group: epoch -2 for a static member (its partitions wait
   * for it until the session times out), -1 for a dynamic one unless `leaveGroupOnClose` is false.
   */
  async stop(): Promise<void> {
    this.#stopped.abort();
    await this.#loop;
    await this.#reconciling;
    this.#settle(new ClosedError('the consumer was closed before it joined its group'));
    const leave = this.#settings.instanceId !== null || this.#context.options.leaveGroupOnClose;
    if (leave && this.#memberId !== '' && this.#epoch > 0) await this.#leave();
    this.#epoch = -1;
    await this.#channel.close();
  }

  async #leave(): Promise<void> {
    const group = this.#settings.groupId;
    try {
      const response = await this.#channel.send(() => this.#requests.leave(this.#memberId));
      if (response.errorCode !== 0)
        throw protocolErrorFromCode(response.errorCode, '/errorCode', response.errorMessage);
      this.#context.logger.info({ group, memberId: this.#memberId }, 'left the group');
    } catch (error) {
      // The session times out on the coordinator anyway; leaving is a courtesy that speeds it up.
      this.#context.logger.warn({ error, group }, 'leaving the group failed');
    }
  }

  async #run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    // However the loop ends, start() must settle: close() waits for it.
    signal.addEventListener('abort', () => this.#settle(closedBeforeJoin(signal)), { once: true });
    while (!signal.aborted) {
      let error: unknown = null;
      try {
        const response = await this.#channel.send((version) => this.#request(version), signal);
        error = await this.#handle(response);
      } catch (thrown) {
        error = thrown instanceof UnsupportedApiError ? noKip848(thrown.message) : thrown;
      }
      if (signal.aborted) return;
      if (error === null) {
        if (failures > 0)
          this.#context.logger.info(
            { attempts: failures + 1, epoch: this.#epoch },
            'group heartbeat recovered',
          );
        failures = 0;
        await this.#wake.waitAtMost(this.#intervalMs, signal);
        continue;
      }
      if (!this.#retriable(error) || (!this.#firstApplied && failures >= this.#context.rebalanceMaxRetries)) {
        this.#fatal(error);
        return;
      }
      this.#requests.resend();
      const delay = backoffDelay(failures++, this.#policy());
      this.#context.logger.warn(
        { error, attempt: failures, delayMs: delay },
        'group heartbeat failed; retrying',
      );
      await sleep(delay, signal).catch(() => {});
    }
  }

  #request(version: number) {
    if (version >= CLIENT_MEMBER_ID_VERSION && this.#memberId === '') this.#memberId = this.#clientMemberId;
    const topicId = this.#topicId() ?? (this.#owned.length === 0 ? '' : null);
    const owned = topicId === null ? null : { topicId, partitions: this.#owned };
    return this.#requests.heartbeat(this.#memberId, this.#epoch, owned);
  }

  /** Applies a response; returns the error to act on, or null. */
  async #handle(response: ConsumerGroupHeartbeatResponse): Promise<unknown> {
    if (response.errorCode !== 0) {
      if (response.errorCode === UNSUPPORTED_VERSION)
        return noKip848(response.errorMessage ?? 'UNSUPPORTED_VERSION');
      const error = protocolErrorFromCode(response.errorCode, '/errorCode', response.errorMessage);
      if (FENCED.has(error.code)) {
        await this.#rejoin(error);
        return null;
      }
      if (COORDINATOR_MOVED.has(error.code)) this.#channel.forget();
      return error;
    }
    if (response.memberId !== null && response.memberId !== '') this.#memberId = response.memberId;
    this.#epoch = response.memberEpoch;
    if (response.heartbeatIntervalMs > 0) this.#intervalMs = response.heartbeatIntervalMs;
    if (response.assignment !== null) this.#target = await this.#resolve(response.assignment.topicPartitions);
    this.#reconcile();
    return null;
  }

  /**
   * The target's partitions of our topic. Refreshes the topic's metadata first when the target
   * names a topic id or partition this client does not know yet (a recreated topic, added
   * partitions), so the consumer of the assignment finds their leaders.
   */
  async #resolve(topics: readonly { topicId: string; partitions: readonly number[] }[]): Promise<number[]> {
    const known = this.#context.cluster.metadata?.topics.get(this.#settings.topic);
    const stale = topics.some(
      (t) => t.topicId !== known?.topicId || t.partitions.some((p) => !known.partitions.has(p)),
    );
    if (stale) {
      await this.#context.cluster.refresh([this.#settings.topic]).catch((error: unknown) => {
        this.#context.logger.debug({ error }, 'metadata refresh for the assignment failed');
      });
    }
    const ours = this.#topicId();
    return topics.filter((t) => t.topicId === ours).flatMap((t) => [...t.partitions]);
  }

  /** Starts the next reconciliation step unless one is running; its end sends the acknowledgement at once. */
  #reconcile(): void {
    if (this.#reconciling !== null || this.#target === null || this.#signal.aborted) return;
    const step = nextStep(this.#owned, this.#target);
    // The first target is applied even when empty, so start() can resolve.
    if (step.kind === 'none' && this.#firstApplied) return;
    const partitions = step.kind === 'none' ? this.#owned : step.partitions;
    this.#reconciling = this.#context.assigned.assign(partitions).then(
      () => {
        this.#reconciling = null;
        this.#owned = [...partitions];
        this.#context.logger.debug({ kind: step.kind, partitions }, 'assignment step applied');
        this.#firstApplied = true;
        this.#settle(null);
        // Acknowledge at once rather than at the next interval.
        this.#wake.notify();
      },
      (error: unknown) => {
        this.#reconciling = null;
        this.#stepFailed(error);
      },
    );
  }

  /**
   * The assigned consumer could not take the new partitions (it then holds none). Before the
   * first assignment that ends the join; afterwards the error reaches consume(), the next
   * regular heartbeat reports the empty assignment and its answer starts the step again.
   */
  #stepFailed(error: unknown): void {
    if (this.#signal.aborted) return;
    if (!this.#firstApplied) {
      this.#fatal(error);
      return;
    }
    this.#owned = [];
    this.#context.logger.warn({ error }, 'applying the assignment failed; retrying on the next heartbeat');
    this.#context.fail(error);
  }

  /** Fenced or unknown: drop everything without committing and join again with epoch 0. */
  async #rejoin(reason: KafkaProtocolError): Promise<void> {
    this.#context.logger.warn(
      { error: reason, memberId: this.#memberId },
      'fenced by the coordinator; rejoining',
    );
    await this.#reconciling;
    await this.#context.assigned.lose();
    this.#owned = [];
    this.#target = null;
    this.#epoch = JOIN_EPOCH;
    this.#requests.resend();
    this.#wake.notify();
  }

  #retriable(error: unknown): boolean {
    if (error instanceof ConnectionError) this.#channel.forget();
    return isRetriable(error);
  }

  #policy(): ResolvedRetryOptions {
    const policy = this.#context.cluster.retryPolicy;
    return { ...policy, maxBackoffMs: Math.min(policy.maxBackoffMs, this.#context.rebalanceBackoffMs) };
  }

  #topicId(): string | null {
    return this.#context.cluster.metadata?.topics.get(this.#settings.topic)?.topicId ?? null;
  }

  #fatal(error: unknown): void {
    this.#context.logger.error({ error, group: this.#settings.groupId }, 'group membership failed');
    if (this.#onFirst !== null) this.#settle(error);
    else this.#context.fail(error);
    this.#stopped.abort();
    // Without heartbeats the coordinator gives the partitions to others: stop consuming them.
    if (this.#owned.length > 0) {
      this.#owned = [];
      this.#context.assigned.lose().catch(() => {});
    }
  }

  /** Resolves (error null) or rejects start() once. */
  #settle(error: unknown): void {
    const first = this.#onFirst;
    this.#onFirst = null;
    if (first === null) return;
    if (error === null) first.resolve();
    else first.reject(error);
  }
}

/** The typed error for a broker without the KIP-848 protocol, with what to do about it. */
function noKip848(detail: string): UnsupportedApiError {
  return new UnsupportedApiError(
    'ConsumerGroupHeartbeat',
    `the broker does not offer the consumer group protocol (KIP-848): groupProtocol 'consumer' needs Kafka 4.0 or newer in KRaft mode; use groupProtocol 'classic' with older brokers (${detail})`,
  );
}

function closedBeforeJoin(signal: AbortSignal): unknown {
  // The group consumer's close() aborts with its ClosedError; stop() aborts without a reason.
  return signal.reason instanceof KafkaError
    ? signal.reason
    : new ClosedError('the consumer was closed before it joined its group');
}
