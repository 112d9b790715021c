import type { GroupMembership } from '@tskafka/consumer';
import { Wake } from '@tskafka/consumer';
import { backoffDelay, ClosedError, isRetriable, sleep } from '@tskafka/network';
import { apis, type JoinGroupResponse, protocolErrorFromCode } from '@tskafka/protocol';
import type { GroupMember, GroupMemberContext } from '../group-member.js';
import { CoordinatorLink, type CoordinatorRequests, isCoordinatorError } from './coordinator-link.js';
import {
  decodeMembers,
  encodeAssignments,
  joinProtocols,
  ownPartitions,
  PROTOCOL_TYPE,
} from './subscription.js';

/** What to do with the held partitions before rejoining: Java's `onJoinPrepare`. */
type BeforeJoin = 'keep' | 'revoke' | 'lose';
const severity: Record<BeforeJoin, number> = { keep: 0, revoke: 1, lose: 2 };

/** Error codes the member state machine handles itself. */
const ILLEGAL_GENERATION = 22;
const UNKNOWN_MEMBER_ID = 25;
const REBALANCE_IN_PROGRESS = 27;
const MEMBER_ID_REQUIRED = 79;
const FENCED_INSTANCE_ID = 82;
/** Longest wait for a LeaveGroup answer on close. */
const LEAVE_TIMEOUT_MS = 5_000;

/**
 * A member of a classic consumer group (JoinGroup / SyncGroup / Heartbeat / LeaveGroup, Kafka
 * 0.9+, KIP-394 member ids, KIP-345 static membership, KIP-429 cooperative rebalancing).
 *
 * Two loops: the main one (re)joins whenever a rejoin is pending (revoking or losing partitions
 * first, as the protocol requires), the leader assigning; the heartbeat loop beats every
 * `heartbeatIntervalMs` while the member is stable and turns the coordinator's answers into
 * pending rejoins. Retriable failures (lost connection, moved coordinator) are retried with
 * backoff; a fenced static member, an authorisation failure or a protocol mismatch stops the
 * member with the typed error (`start()` rejects, or the next `consume()` throws).
 */
export class ClassicMember implements GroupMember {
  readonly #context: GroupMemberContext;
  readonly #link: CoordinatorRequests;
  readonly #rejoinWake = new Wake();
  readonly #halt = new AbortController();
  #memberId = '';
  #generation = -1;
  #rejoin: { reason: string; before: BeforeJoin } | null = { reason: 'joining', before: 'keep' };
  #leader = false;
  /** Partition counts the leader assigned from; a change triggers a rejoin. */
  #counts = new Map<string, number>();
  #nextMetadataCheck = 0;
  #loops: Promise<unknown> | null = null;
  #first: { resolve: () => void; reject: (error: unknown) => void; done: boolean } | null = null;

  /** @param link the coordinator connection (a fake in unit tests) */
  constructor(context: GroupMemberContext, link?: CoordinatorRequests) {
    this.#context = context;
    this.#link = link ?? new CoordinatorLink(context.cluster, context.groupId);
  }

  membership(): GroupMembership {
    return {
      generationIdOrMemberEpoch: this.#generation,
      memberId: this.#memberId,
      groupInstanceId: this.#context.options.groupInstanceId,
    };
  }

  start(signal: AbortSignal): Promise<void> {
    const first = new Promise<void>((resolve, reject) => {
      this.#first = { resolve, reject, done: false };
    });
    const running = AbortSignal.any([signal, this.#halt.signal]);
    // Closing before the first assignment settles start() at once (close() waits for it).
    running.addEventListener('abort', () => this.#settleFirst(this.#closedBeforeJoin()), { once: true });
    this.#loops = Promise.all([this.#run(running), this.#beat(running)]);
    return first;
  }

  async stop(): Promise<void> {
    this.#halt.abort();
    await this.#loops;
    this.#settleFirst(this.#closedBeforeJoin());
    if (this.#context.options.leaveGroupOnClose && this.#memberId !== '') await this.#leave();
    await this.#link.close();
  }

  /** The main loop: rebalance whenever a rejoin is pending, else wait for one. */
  async #run(signal: AbortSignal): Promise<void> {
    const { rebalanceMaxRetries, logger } = this.#context;
    let failures = 0;
    while (!signal.aborted) {
      try {
        if (this.#rejoin === null) {
          const wait = this.#leader
            ? Math.max(0, this.#nextMetadataCheck - Date.now())
            : Number.POSITIVE_INFINITY;
          await this.#rejoinWake.waitAtMost(wait, signal);
          if (this.#rejoin === null && this.#leader && Date.now() >= this.#nextMetadataCheck)
            await this.#checkPartitionCounts(signal);
          continue;
        }
        await this.#rebalance(signal);
        failures = 0;
        this.#settleFirst(null);
      } catch (error) {
        if (signal.aborted) return;
        failures++;
        const firstDone = this.#first?.done ?? false;
        if (!this.#retriable(error) || (!firstDone && failures >= rebalanceMaxRetries)) {
          await this.#giveUp(error);
          return;
        }
        this.#rejoin ??= { reason: 'retrying after a failure', before: 'keep' };
        const delay = this.#retryDelay(Math.min(failures, rebalanceMaxRetries));
        logger.warn(
          { error, group: this.#context.groupId, attempt: failures, delayMs: delay },
          'rebalance failed',
        );
        await sleep(delay, signal).catch(() => {});
      }
    }
  }

  /** One rebalance: prepare the held partitions, JoinGroup, assign if leader, SyncGroup, apply. */
  async #rebalance(signal: AbortSignal): Promise<void> {
    const { assigned, options, topic } = this.#context;
    for (;;) {
      const rejoin = this.#rejoin as { reason: string; before: BeforeJoin };
      if (rejoin.before === 'lose') await assigned.lose();
      else if (rejoin.before === 'revoke') await assigned.revoke();
      rejoin.before = 'keep';
      const joined = await this.#join(rejoin.reason, signal);
      this.#leader = joined.leader === joined.memberId;
      // A static leader that rejoined (KIP-345, JoinGroup v9 skipAssignment) keeps the stored assignment.
      const assignments = this.#leader ? await this.#assign(joined, signal) : [];
      const assignment = await this.#sync(joined, assignments, signal);
      if (assignment === null) continue; // the group moved on: join again at once
      const mine = ownPartitions(assignment, topic);
      const revoked = assigned.partitions.filter((p) => !mine.includes(p));
      this.#rejoin = null;
      if (!(await this.#apply(mine, signal))) continue;
      // KIP-429: what this member gave up can now go to its new owner in a second rebalance.
      if (options.rebalanceProtocol === 'cooperative' && revoked.length > 0)
        this.#requestRejoin('partitions were revoked in a cooperative rebalance');
      this.#context.logger.info(
        {
          group: this.#context.groupId,
          generation: this.#generation,
          memberId: this.#memberId,
          partitions: mine,
        },
        'joined the group',
      );
      return;
    }
  }

  /**
   * Hands the assignment to the consumer, retrying a passing failure (say, committed offsets
   * asked of a coordinator that just died) while staying in the group. False when the group
   * rebalanced meanwhile: join again.
   */
  async #apply(partitions: number[], signal: AbortSignal): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#context.assigned.assign(partitions);
        return true;
      } catch (error) {
        if (this.#rejoin !== null && !signal.aborted) return false;
        if (signal.aborted || !this.#retriable(error) || attempt >= this.#context.rebalanceMaxRetries) {
          this.#requestRejoin('applying the assignment failed');
          throw error;
        }
        this.#context.logger.warn(
          { error, group: this.#context.groupId, attempt },
          'applying the assignment failed',
        );
        await sleep(this.#retryDelay(attempt), signal).catch(() => {});
      }
    }
  }

  /** PyKafka's backoff (attempt × `rebalanceBackoffMs`), but the first retry comes at the cluster's quick pace. */
  #retryDelay(failures: number): number {
    if (failures <= 1) return backoffDelay(0, this.#context.cluster.retryPolicy);
    return this.#context.rebalanceBackoffMs * (failures - 1);
  }

  async #join(reason: string, signal: AbortSignal): Promise<JoinGroupResponse> {
    const { options, groupId, topic, assigned } = this.#context;
    for (let attempt = 0; ; attempt++) {
      const response = await this.#link.request(
        'group',
        apis.JoinGroup,
        {
          groupId,
          sessionTimeoutMs: options.sessionTimeoutMs,
          rebalanceTimeoutMs: options.rebalanceTimeoutMs,
          memberId: this.#memberId,
          groupInstanceId: options.groupInstanceId,
          protocolType: PROTOCOL_TYPE,
          protocols: joinProtocols(options.assignors, {
            topic,
            owned: assigned.partitions,
            generationId: this.#generation,
          }),
          reason,
        },
        { timeoutMs: options.rebalanceTimeoutMs + 5_000, signal },
      );
      const code = response.errorCode;
      if (code === 0) {
        this.#memberId = response.memberId;
        this.#generation = response.generationId;
        return response;
      }
      // KIP-394: the first join gets a member id to join with; a forgotten member starts over.
      if (code === MEMBER_ID_REQUIRED && attempt < 3) {
        this.#memberId = response.memberId;
        continue;
      }
      if (code === UNKNOWN_MEMBER_ID && attempt < 3) {
        this.#resetMember();
        continue;
      }
      throw this.#brokerError(code, '/JoinGroup/errorCode');
    }
  }

  /** The leader's SyncGroup assignments, from fresh metadata of every subscribed topic. */
  async #assign(joined: JoinGroupResponse, signal: AbortSignal) {
    const { options } = this.#context;
    const assignor = options.assignors.find((a) => a.name === joined.protocolName);
    if (assignor === undefined)
      throw protocolErrorFromCode(23, '/JoinGroup/protocolName', joined.protocolName);
    const { members, version } = decodeMembers(joined.members);
    const topics = [...new Set(members.flatMap((m) => m.topics))];
    this.#counts = await this.#partitionCounts(topics, signal);
    this.#nextMetadataCheck = Date.now() + options.metadataMaxAgeMs;
    if (joined.skipAssignment) return [];
    return encodeAssignments(assignor, this.#counts, members, version);
  }

  /** The member's assignment, or null when the group must be joined again first. */
  async #sync(
    joined: JoinGroupResponse,
    assignments: { memberId: string; assignment: Buffer }[],
    signal: AbortSignal,
  ): Promise<Buffer | null> {
    const { options, groupId } = this.#context;
    const response = await this.#link.request(
      'group',
      apis.SyncGroup,
      {
        groupId,
        generationId: this.#generation,
        memberId: this.#memberId,
        groupInstanceId: options.groupInstanceId,
        protocolType: PROTOCOL_TYPE,
        protocolName: joined.protocolName,
        assignments,
      },
      { timeoutMs: options.rebalanceTimeoutMs + 5_000, signal },
    );
    switch (response.errorCode) {
      case 0:
        return response.assignment;
      case REBALANCE_IN_PROGRESS:
        this.#rejoin = { reason: 'the group rebalanced during SyncGroup', before: 'keep' };
        return null;
      case ILLEGAL_GENERATION:
      case UNKNOWN_MEMBER_ID:
        this.#expire(response.errorCode);
        return null;
      default:
        throw this.#brokerError(response.errorCode, '/SyncGroup/errorCode');
    }
  }

  /** The heartbeat loop: beats while stable; the coordinator's answer may call for a rejoin. */
  async #beat(signal: AbortSignal): Promise<void> {
    const { options, groupId, logger } = this.#context;
    while (!signal.aborted) {
      await sleep(options.heartbeatIntervalMs, signal).catch(() => {});
      if (signal.aborted) return;
      if (this.#rejoin !== null || this.#generation < 0) continue;
      const generation = this.#generation;
      let code: number;
      try {
        const response = await this.#link.request(
          'heartbeat',
          apis.Heartbeat,
          {
            groupId,
            generationId: generation,
            memberId: this.#memberId,
            groupInstanceId: options.groupInstanceId,
          },
          { timeoutMs: Math.min(options.sessionTimeoutMs, 30_000), signal },
        );
        code = response.errorCode;
      } catch (error) {
        if (signal.aborted) return;
        // A lost or moved coordinator: the link looks it up again for the next beat.
        if (this.#retriable(error)) {
          logger.debug({ error, group: groupId }, 'heartbeat failed');
          continue;
        }
        await this.#giveUp(error);
        return;
      }
      // A rebalance finished while this beat was in flight: its answer is about the old generation.
      if (generation !== this.#generation || this.#rejoin !== null) continue;
      if (code === 0) continue;
      if (code === REBALANCE_IN_PROGRESS) this.#requestRejoin('the coordinator started a rebalance');
      else if (code === ILLEGAL_GENERATION || code === UNKNOWN_MEMBER_ID) this.#expire(code);
      else {
        const error = this.#brokerError(code, '/Heartbeat/errorCode');
        if (this.#retriable(error)) continue;
        await this.#giveUp(error);
        return;
      }
    }
  }

  /** Leader only: rejoin when a subscribed topic's partition count changed. */
  async #checkPartitionCounts(signal: AbortSignal): Promise<void> {
    this.#nextMetadataCheck = Date.now() + this.#context.options.metadataMaxAgeMs;
    let now: Map<string, number>;
    try {
      now = await this.#partitionCounts([...this.#counts.keys()], signal);
    } catch (error) {
      this.#context.logger.debug({ error }, 'metadata refresh failed; checking again later');
      return;
    }
    const changed = [...now].some(([topic, count]) => this.#counts.get(topic) !== count);
    if (changed) this.#requestRejoin('the partition count of a subscribed topic changed');
  }

  async #partitionCounts(topics: readonly string[], signal: AbortSignal): Promise<Map<string, number>> {
    const metadata = await this.#context.cluster.refresh(topics, signal);
    const counts = new Map<string, number>();
    for (const topic of topics) {
      const found = metadata.topics.get(topic);
      if (found !== undefined) counts.set(topic, found.partitions.size);
    }
    return counts;
  }

  /** Asks the main loop to rejoin; an eager member revokes everything first (Java's rule). */
  #requestRejoin(reason: string, before?: BeforeJoin): void {
    const wanted = before ?? (this.#context.options.rebalanceProtocol === 'eager' ? 'revoke' : 'keep');
    const current = this.#rejoin;
    if (current === null) this.#rejoin = { reason, before: wanted };
    else if (severity[wanted] > severity[current.before]) current.before = wanted;
    this.#rejoinWake.notify();
  }

  /** The coordinator no longer knows this generation (or member): its partitions are lost. */
  #expire(code: number): void {
    if (code === UNKNOWN_MEMBER_ID) this.#resetMember();
    else this.#generation = -1;
    this.#requestRejoin(code === UNKNOWN_MEMBER_ID ? 'unknown member id' : 'illegal generation', 'lose');
  }

  #resetMember(): void {
    this.#memberId = '';
    this.#generation = -1;
  }

  #brokerError(code: number, location: string) {
    if (code === FENCED_INSTANCE_ID)
      return protocolErrorFromCode(
        code,
        location,
        `another member joined with group.instance.id ${this.#context.options.groupInstanceId}`,
      );
    const error = protocolErrorFromCode(code, location);
    if (isCoordinatorError(error)) this.#link.forget();
    return error;
  }

  #retriable(error: unknown): boolean {
    return isCoordinatorError(error) || isRetriable(error);
  }

  /** Stops for good: the partitions are lost and the error reaches the user. */
  async #giveUp(error: unknown): Promise<void> {
    if (this.#halt.signal.aborted) return; // closing, or the other loop already gave up
    this.#context.logger.error({ error, group: this.#context.groupId }, 'group membership failed');
    const joined = this.#first?.done ?? false;
    this.#settleFirst(error); // before the abort, which would settle it as closed
    this.#halt.abort();
    this.#resetMember();
    if (joined) {
      await this.#context.assigned.lose().catch(() => {});
      this.#context.fail(error);
    }
  }

  #closedBeforeJoin(): ClosedError {
    return new ClosedError(`the member of group ${this.#context.groupId} was closed before it joined`);
  }

  #settleFirst(error: unknown): void {
    const first = this.#first;
    if (first === null || first.done) return;
    first.done = true;
    if (error === null) first.resolve();
    else first.reject(error);
  }

  /** LeaveGroup on the heartbeat connection (a JoinGroup may still hold the group one); failures are only logged. */
  async #leave(): Promise<void> {
    const { groupId, options, logger } = this.#context;
    const memberId = this.#memberId;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), LEAVE_TIMEOUT_MS);
    try {
      const member = {
        memberId,
        groupInstanceId: options.groupInstanceId,
        reason: 'the consumer is closing',
      };
      // v3+ (KIP-345) names members in a list, which lets a static member leave too.
      const response = await this.#link.request(
        'heartbeat',
        apis.LeaveGroup,
        (version) => (version >= 3 ? { groupId, members: [member] } : { groupId, memberId }),
        { timeoutMs: LEAVE_TIMEOUT_MS, signal: timeout.signal },
      );
      const code = response.errorCode || (response.members[0]?.errorCode ?? 0);
      if (code !== 0) logger.warn({ group: groupId, code }, 'LeaveGroup failed');
    } catch (error) {
      logger.warn({ error, group: groupId }, 'LeaveGroup failed');
    } finally {
      clearTimeout(timer);
      this.#resetMember();
    }
  }
}
