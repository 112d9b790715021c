import {
  ClosedError,
  type Cluster,
  DEFAULT_RETRY,
  silentLogger,
  UnsupportedApiError,
} from '@tskafka/network';
import {
  type ConsumerGroupHeartbeatRequest,
  type ConsumerGroupHeartbeatResponse,
  KafkaProtocolError,
} from '@tskafka/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AssignmentTarget, GroupMemberContext } from '../group-member.js';
import type { ResolvedManagedOptions } from '../managed-options.js';
import { ConsumerProtocolMember } from './consumer-protocol-member.js';
import type { HeartbeatChannel } from './heartbeat-channel.js';

const TOPIC_ID = 'AAAAAAAAAAAAAAAAAAAAAQ';
/** The membership settings the member reads (classic-only ones left at their defaults). */
interface Settings {
  instanceId: string | null;
  leaveGroupOnClose: boolean;
}

function context(
  assigned: AssignmentTarget,
  fail: () => void,
  settings: Partial<Settings> = {},
): GroupMemberContext {
  const instanceId = settings.instanceId ?? null;
  const options = {
    groupProtocol: 'consumer',
    rebalanceTimeoutMs: 30_000,
    groupInstanceId: instanceId,
    leaveGroupOnClose: settings.leaveGroupOnClose ?? instanceId === null,
    consumerProtocol: { serverAssignor: 'uniform', rackId: null },
  } as unknown as ResolvedManagedOptions;
  return {
    cluster,
    topic: 't',
    groupId: 'g',
    options,
    rebalanceMaxRetries: 3,
    rebalanceBackoffMs: 5,
    assigned,
    fail,
    logger: silentLogger,
  };
}

type Reply = Partial<ConsumerGroupHeartbeatResponse> | Error;

/** A coordinator that answers each heartbeat with the next scripted reply (then plain acks). */
class FakeCoordinator implements HeartbeatChannel {
  readonly requests: ConsumerGroupHeartbeatRequest[] = [];
  forgotten = 0;
  closed = false;
  #replies: Reply[];
  readonly #version: number;
  #waiters: (() => void)[] = [];

  constructor(replies: Reply[], version = 1) {
    this.#replies = replies;
    this.#version = version;
  }

  async send(
    build: (version: number) => ConsumerGroupHeartbeatRequest,
  ): Promise<ConsumerGroupHeartbeatResponse> {
    const request = build(this.#version);
    this.requests.push(request);
    for (const w of this.#waiters.splice(0)) w();
    const reply = this.#replies.shift() ?? {};
    if (reply instanceof Error) throw reply;
    return {
      throttleTimeMs: 0,
      errorCode: 0,
      errorMessage: null,
      memberId: null,
      memberEpoch: Math.max(request.memberEpoch, 1),
      heartbeatIntervalMs: 5,
      assignment: null,
      ...reply,
    };
  }

  forget(): void {
    this.forgotten++;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Resolves once `n` requests have arrived. */
  async received(n: number): Promise<void> {
    while (this.requests.length < n) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }
}

/** Records every assignment change the member makes. */
class Assigned implements AssignmentTarget {
  readonly calls: string[] = [];
  partitions: number[] = [];
  async revoke(): Promise<void> {
    this.calls.push('revoke');
  }
  async assign(partitions: readonly number[]): Promise<void> {
    this.calls.push(`assign ${partitions.join(',')}`);
  }
  async lose(): Promise<void> {
    this.calls.push('lose');
  }
}

/** Metadata knows partitions 0-3 of 't' until a refresh adds 4-5. */
const partitionsOf = (n: number) => new Map(Array.from({ length: n }, (_, p) => [p, { partition: p }]));
const refreshed: string[][] = [];
const topics = new Map([['t', { topicId: TOPIC_ID, partitions: partitionsOf(4) }]]);
const cluster = {
  metadata: { topics },
  retryPolicy: { ...DEFAULT_RETRY, initialBackoffMs: 1, maxBackoffMs: 5 },
  refresh: async (names: string[]) => {
    refreshed.push(names);
    topics.set('t', { topicId: TOPIC_ID, partitions: partitionsOf(6) });
  },
} as unknown as Cluster;

const assignment = (...partitions: number[]) => ({ topicPartitions: [{ topicId: TOPIC_ID, partitions }] });
const owned = (...partitions: number[]) => [{ topicId: TOPIC_ID, partitions }];

function member(coordinator: HeartbeatChannel, settings: Partial<Settings> = {}) {
  const assigned = new Assigned();
  const fail = vi.fn();
  const m = new ConsumerProtocolMember(context(assigned, fail, settings), coordinator);
  return { member: m, assigned, fail };
}

const running: ConsumerProtocolMember[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((m) => m.stop()));
});

function started(coordinator: FakeCoordinator, overrides: Partial<Settings> = {}) {
  const made = member(coordinator, overrides);
  running.push(made.member);
  return { ...made, ready: made.member.start(new AbortController().signal) };
}

describe('ConsumerProtocolMember', () => {
  it('joins with its full state and a client-made member id, then sends only what changed', async () => {
    const coordinator = new FakeCoordinator([{ memberEpoch: 3, assignment: assignment(0, 1) }]);
    const { member: m, ready, assigned } = started(coordinator);
    await ready;
    expect(assigned.calls).toEqual(['assign 0,1']);
    await coordinator.received(3);
    const [join, ack, plain] = coordinator.requests as [
      ConsumerGroupHeartbeatRequest,
      ConsumerGroupHeartbeatRequest,
      ConsumerGroupHeartbeatRequest,
    ];
    expect(join).toMatchObject({
      groupId: 'g',
      memberEpoch: 0,
      rebalanceTimeoutMs: 30_000,
      subscribedTopicNames: ['t'],
      serverAssignor: 'uniform',
      topicPartitions: [],
    });
    expect(join.memberId).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect(ack).toMatchObject({
      memberId: join.memberId,
      memberEpoch: 3,
      rebalanceTimeoutMs: -1,
      subscribedTopicNames: null,
      serverAssignor: null,
      topicPartitions: owned(0, 1),
    });
    expect(plain.topicPartitions).toBeNull();
    expect(m.membership()).toEqual({
      generationIdOrMemberEpoch: 3,
      memberId: join.memberId,
      groupInstanceId: null,
    });
  });

  it('with v0 joins without a member id and adopts the one the coordinator assigns', async () => {
    const coordinator = new FakeCoordinator([{ memberId: 'from-broker', assignment: assignment() }], 0);
    const { member: m, ready, assigned } = started(coordinator);
    await ready;
    await coordinator.received(2);
    expect(coordinator.requests[0]?.memberId).toBe('');
    expect(coordinator.requests[1]?.memberId).toBe('from-broker');
    expect(m.membership().memberId).toBe('from-broker');
    expect(assigned.calls).toEqual(['assign ']);
  });

  it('revokes first, acknowledges, and only then takes the new partitions', async () => {
    const coordinator = new FakeCoordinator([
      { memberEpoch: 1, assignment: assignment(0, 1, 2) },
      {},
      { memberEpoch: 2, assignment: assignment(1, 2, 3) },
    ]);
    const { ready, assigned } = started(coordinator);
    await ready;
    await vi.waitFor(() => expect(assigned.calls).toEqual(['assign 0,1,2', 'assign 1,2', 'assign 1,2,3']));
    await coordinator.received(6);
    // The heartbeat after the revocation reports [1,2]; the new partition comes after its answer.
    const reported = coordinator.requests.map((r) => r.topicPartitions?.[0]?.partitions.join(',') ?? null);
    const revokedAt = reported.indexOf('1,2');
    expect(revokedAt).toBeGreaterThan(2);
    expect(reported.indexOf('1,2,3')).toBeGreaterThan(revokedAt);
  });

  it('keeps heartbeating (reporting what it still owns) while a slow revocation runs', async () => {
    const coordinator = new FakeCoordinator([
      { memberEpoch: 1, assignment: assignment(0, 1) },
      {},
      { memberEpoch: 1, assignment: assignment(1) },
    ]);
    const { ready, assigned } = started(coordinator);
    await ready;
    let release = (): void => {};
    const assign = assigned.assign.bind(assigned);
    assigned.assign = async (partitions) => {
      if (partitions.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return assign(partitions);
    };
    await coordinator.received(4);
    const during = coordinator.requests.length;
    await coordinator.received(during + 3);
    // Still reporting nothing new: partition 0 is not released yet.
    expect(coordinator.requests.slice(during).every((r) => r.topicPartitions === null)).toBe(true);
    release();
    await vi.waitFor(() =>
      expect(coordinator.requests.map((r) => r.topicPartitions?.[0]?.partitions.join(','))).toContain('1'),
    );
    expect(assigned.calls).toEqual(['assign 0,1', 'assign 1']);
  });

  it('when fenced loses its partitions and rejoins with epoch 0 and the same member id', async () => {
    const coordinator = new FakeCoordinator([
      { memberEpoch: 4, assignment: assignment(0) },
      { errorCode: 110, errorMessage: 'fenced' },
      { memberEpoch: 6, assignment: assignment(1) },
    ]);
    const { member: m, ready, assigned } = started(coordinator);
    await ready;
    await vi.waitFor(() => expect(assigned.calls).toEqual(['assign 0', 'lose', 'assign 1']));
    const rejoin = coordinator.requests[2];
    expect(rejoin).toMatchObject({ memberEpoch: 0, topicPartitions: [], subscribedTopicNames: ['t'] });
    expect(rejoin?.memberId).toBe(coordinator.requests[0]?.memberId);
    await vi.waitFor(() => expect(m.membership().generationIdOrMemberEpoch).toBe(6));
  });

  it('looks the coordinator up again after NOT_COORDINATOR and resends its full state', async () => {
    const coordinator = new FakeCoordinator([
      { memberEpoch: 2, assignment: assignment(0) },
      { errorCode: 16 },
      {},
    ]);
    const { ready } = started(coordinator);
    await ready;
    await coordinator.received(4);
    expect(coordinator.forgotten).toBe(1);
    expect(coordinator.requests[2]).toMatchObject({ memberEpoch: 2, subscribedTopicNames: ['t'] });
  });

  it('rejects start() with UnsupportedApiError when the coordinator answers UNSUPPORTED_VERSION', async () => {
    const coordinator = new FakeCoordinator([{ errorCode: 35 }]);
    const { ready } = started(coordinator);
    await expect(ready).rejects.toThrow(/groupProtocol 'classic'/);
    await expect(ready).rejects.toBeInstanceOf(UnsupportedApiError);
  });

  it('settles start() with ClosedError when stopped before joining', async () => {
    const never: HeartbeatChannel = {
      send: (_build, signal) =>
        new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason))),
      forget: () => {},
      close: async () => {},
    };
    const { member: silent } = member(never);
    const ready = silent.start(new AbortController().signal);
    await silent.stop();
    await expect(ready).rejects.toBeInstanceOf(ClosedError);
  });

  it('rejects start() with UnsupportedApiError when the broker lacks KIP-848', async () => {
    const coordinator = new FakeCoordinator([new UnsupportedApiError('ConsumerGroupHeartbeat', 'no')]);
    const { ready } = started(coordinator);
    await expect(ready).rejects.toBeInstanceOf(UnsupportedApiError);
  });

  it.each([
    [81, 'GROUP_MAX_SIZE_REACHED'],
    [111, 'UNRELEASED_INSTANCE_ID'],
    [42, 'INVALID_REQUEST'],
  ])('rejects start() with KafkaProtocolError %i %s', async (code, name) => {
    const coordinator = new FakeCoordinator([{ errorCode: code }]);
    const { ready } = started(coordinator);
    const error = await ready.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KafkaProtocolError);
    expect((error as KafkaProtocolError).errorName).toBe(name);
  });

  it('gives up joining after maxRetries retriable failures', async () => {
    const coordinator = new FakeCoordinator(Array.from({ length: 10 }, () => ({ errorCode: 15 })));
    const { ready } = started(coordinator);
    const error = await ready.catch((e: unknown) => e);
    expect((error as KafkaProtocolError).errorName).toBe('COORDINATOR_NOT_AVAILABLE');
    expect(coordinator.requests).toHaveLength(4);
  });

  it('surfaces a failure after joining through fail() and stops consuming its partitions', async () => {
    const coordinator = new FakeCoordinator([
      { memberEpoch: 1, assignment: assignment(0) },
      { errorCode: 82 },
    ]);
    const { ready, fail, assigned } = started(coordinator);
    await ready;
    await vi.waitFor(() => expect(fail).toHaveBeenCalledOnce());
    expect(assigned.calls).toEqual(['assign 0', 'lose']);
    expect(fail.mock.calls[0]?.[0]).toMatchObject({ errorName: 'FENCED_INSTANCE_ID' });
    expect(fail.mock.calls[0]?.[0]).toBeInstanceOf(KafkaProtocolError);
  });

  it('after joining, a failed assignment step reaches consume() and is retried on a later heartbeat', async () => {
    const coordinator = new FakeCoordinator([
      { memberEpoch: 1, assignment: assignment(0) },
      {},
      { memberEpoch: 2, assignment: assignment(0, 1) },
    ]);
    const { ready, assigned, fail } = started(coordinator);
    await ready;
    const failure = new Error('offsets unavailable');
    let failures = 1;
    const assign = assigned.assign.bind(assigned);
    assigned.assign = async (partitions) => {
      if (partitions.length === 2 && failures-- > 0) throw failure;
      return assign(partitions);
    };
    await vi.waitFor(() => expect(assigned.calls).toEqual(['assign 0', 'assign 0,1']));
    expect(fail).toHaveBeenCalledWith(failure);
    // The coordinator was told the member held nothing after the failure, then both partitions.
    const reported = () =>
      coordinator.requests.map((r) => r.topicPartitions?.map((t) => t.partitions.join(',')).join());
    await vi.waitFor(() => expect(reported()).toContain('0,1'));
    const sent = reported();
    const empty = sent.indexOf('', sent.indexOf('0'));
    expect(empty).toBeGreaterThan(sent.indexOf('0'));
    expect(sent.indexOf('0,1')).toBeGreaterThan(empty);
  });

  it('refreshes metadata before taking partitions it does not know (the topic grew)', async () => {
    const coordinator = new FakeCoordinator([
      { memberEpoch: 1, assignment: assignment(0, 1) },
      { memberEpoch: 2, assignment: assignment(0, 1, 5) },
    ]);
    const { ready, assigned } = started(coordinator);
    await ready;
    expect(refreshed).toEqual([]);
    await vi.waitFor(() => expect(assigned.calls).toEqual(['assign 0,1', 'assign 0,1,5']));
    expect(refreshed).toEqual([['t']]);
  });

  it.each([
    [null, -1],
    ['instance-1', -2],
  ])('leaves with instance id %s using epoch %i', async (instanceId, epoch) => {
    const coordinator = new FakeCoordinator([{ memberEpoch: 1, assignment: assignment(0) }]);
    const { member: m, ready } = started(coordinator, { instanceId });
    await ready;
    await m.stop();
    const leave = coordinator.requests.at(-1);
    expect(leave).toMatchObject({ memberEpoch: epoch, instanceId });
    expect(coordinator.closed).toBe(true);
    const count = coordinator.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(coordinator.requests).toHaveLength(count);
  });

  it('with leaveGroupOnClose false a dynamic member stops without leaving', async () => {
    const coordinator = new FakeCoordinator([{ memberEpoch: 1, assignment: assignment(0) }]);
    const { member: m, ready } = started(coordinator, { leaveGroupOnClose: false });
    await ready;
    await m.stop();
    expect(coordinator.requests.every((r) => r.memberEpoch >= 0)).toBe(true);
    expect(coordinator.closed).toBe(true);
  });
});
