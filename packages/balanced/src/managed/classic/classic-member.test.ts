import { ConnectionError, DEFAULT_RETRY } from '@tskafka/network';
import {
  type Api,
  ConsumerProtocolAssignment,
  ConsumerProtocolSubscription,
  decodeBlob,
  encodeBlob,
  KafkaProtocolError,
  type RequestOf,
  type ResponseOf,
} from '@tskafka/protocol';
import { describe, expect, it } from 'vitest';
import type { AssignmentTarget, GroupMemberContext } from '../group-member.js';
import { splitManagedOptions } from '../managed-options.js';
import { ClassicMember } from './classic-member.js';
import type { CoordinatorRequests } from './coordinator-link.js';

type Body = Record<string, unknown>;
type Handler = (body: Body) => Body | Promise<Body>;

/** A scripted coordinator: each API answers from its queue of handlers (the last one repeats). */
class FakeCoordinator implements CoordinatorRequests {
  readonly sent: { api: string; body: Body }[] = [];
  readonly scripts = new Map<string, Handler[]>();
  forgotten = 0;

  on(api: string, ...handlers: Handler[]): this {
    this.scripts.set(api, [...(this.scripts.get(api) ?? []), ...handlers]);
    return this;
  }

  async request<A extends Api>(
    _channel: 'group' | 'heartbeat',
    api: A,
    body: RequestOf<A> | ((version: number) => RequestOf<A>),
    options: { signal?: AbortSignal } = {},
  ): Promise<ResponseOf<A>> {
    const built = (typeof body === 'function' ? body(5) : body) as Body;
    this.sent.push({ api: api.name, body: built });
    const queue = this.scripts.get(api.name) ?? [];
    const handler = queue.length > 1 ? (queue.shift() as Handler) : queue[0];
    if (handler === undefined) {
      // Unscripted: hang like a coordinator holding a JoinGroup, until aborted.
      return new Promise((_, reject) =>
        options.signal?.addEventListener('abort', () => reject(options.signal?.reason)),
      );
    }
    return (await handler(built)) as ResponseOf<A>;
  }

  forget(): void {
    this.forgotten++;
  }

  async close(): Promise<void> {}

  names(): string[] {
    return this.sent.map((s) => s.api);
  }
}

/** Records what the member does to the assigned partitions. */
class FakeAssigned implements AssignmentTarget {
  partitions: number[] = [];
  readonly log: string[] = [];

  /** Errors the next assign() calls throw (the consumer of the new partitions failing to start). */
  readonly failNext: Error[] = [];

  async assign(partitions: readonly number[]): Promise<void> {
    const failure = this.failNext.shift();
    if (failure !== undefined) {
      this.log.push(`assign failed ${partitions.join(',')}`);
      this.partitions = [];
      throw failure;
    }
    this.log.push(`assign ${partitions.join(',')}`);
    this.partitions = [...partitions];
  }

  async revoke(): Promise<void> {
    this.log.push(`revoke ${this.partitions.join(',')}`);
    this.partitions = [];
  }

  async lose(): Promise<void> {
    this.log.push(`lose ${this.partitions.join(',')}`);
    this.partitions = [];
  }
}

const TOPIC = 't';

function setup(options: Record<string, unknown> = {}, partitions = 4) {
  const coordinator = new FakeCoordinator().on('LeaveGroup', () => ({ errorCode: 0, members: [] }));
  const assigned = new FakeAssigned();
  const failures: unknown[] = [];
  const { managed } = splitManagedOptions({ consumerGroup: 'g', heartbeatIntervalMs: 5, ...options });
  const cluster = {
    retryPolicy: { ...DEFAULT_RETRY, initialBackoffMs: 1 },
    refresh: async () => ({
      topics: new Map([
        [TOPIC, { partitions: new Map(Array.from({ length: partitions }, (_, p) => [p, {}])) }],
      ]),
    }),
  };
  const context: GroupMemberContext = {
    cluster: cluster as never,
    topic: TOPIC,
    groupId: 'g',
    options: managed,
    rebalanceMaxRetries: 3,
    rebalanceBackoffMs: 1,
    assigned,
    fail: (error) => failures.push(error),
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  };
  const member = new ClassicMember(context, coordinator);
  const abort = new AbortController();
  return { coordinator, assigned, failures, member, abort };
}

/** A JoinGroup answer making `memberId` the only member (and leader) of `generation`. */
const joined =
  (memberId: string, generation: number, protocolName = 'range') =>
  (body: Body): Body => ({
    errorCode: 0,
    generationId: generation,
    protocolName,
    leader: memberId,
    skipAssignment: false,
    memberId,
    members: [
      {
        memberId,
        groupInstanceId: null,
        metadata: (body.protocols as { name: string; metadata: Buffer }[]).find(
          (p) => p.name === protocolName,
        )?.metadata,
      },
    ],
  });

/** A follower's JoinGroup answer (the leader is someone else). */
const followed = (memberId: string, generation: number) => (): Body => ({
  errorCode: 0,
  generationId: generation,
  protocolName: 'cooperative-sticky',
  leader: 'other',
  skipAssignment: false,
  memberId,
  members: [],
});

const synced = (partitions: number[]) => (): Body => ({
  errorCode: 0,
  assignment: encodeBlob(ConsumerProtocolAssignment, 3, {
    assignedPartitions: [{ topic: TOPIC, partitions }],
    userData: null,
  }),
});

const error = (errorCode: number) => (): Body => ({ errorCode, memberId: '', members: [] });

const until = async (condition: () => boolean) => {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > 2_000) throw new Error('condition not met within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
};

describe('ClassicMember', () => {
  it('rejoins with the member id MEMBER_ID_REQUIRED gives, leads, assigns with range and syncs', async () => {
    const { coordinator, assigned, member, abort } = setup();
    coordinator
      .on('JoinGroup', (b) => ({ ...error(79)(), memberId: 'm-1', seen: b }), joined('m-1', 1))
      .on('SyncGroup', synced([0, 1, 2, 3]))
      .on('Heartbeat', error(0));
    await member.start(abort.signal);
    const joins = coordinator.sent.filter((s) => s.api === 'JoinGroup');
    expect(joins.map((j) => j.body.memberId)).toEqual(['', 'm-1']);
    const sync = coordinator.sent.find((s) => s.api === 'SyncGroup')?.body as Body;
    const assignment = (sync.assignments as { memberId: string; assignment: Buffer }[])[0];
    expect(assignment?.memberId).toBe('m-1');
    expect(
      decodeBlob(ConsumerProtocolAssignment, assignment?.assignment as Buffer).body.assignedPartitions,
    ).toEqual([{ topic: TOPIC, partitions: [0, 1, 2, 3] }]);
    expect(assigned.log).toEqual(['assign 0,1,2,3']);
    expect(member.membership()).toEqual({
      generationIdOrMemberEpoch: 1,
      memberId: 'm-1',
      groupInstanceId: null,
    });
    await until(() => coordinator.names().includes('Heartbeat'));
    abort.abort();
    await member.stop();
    expect(coordinator.names().at(-1)).toBe('LeaveGroup');
  });

  it('eager: REBALANCE_IN_PROGRESS revokes everything before the next JoinGroup', async () => {
    const { coordinator, assigned, member, abort } = setup({ assignors: ['range'] });
    coordinator
      .on('JoinGroup', joined('m', 1), joined('m', 2))
      .on('SyncGroup', synced([0, 1, 2, 3]), synced([0, 1]))
      .on('Heartbeat', error(27), error(0));
    await member.start(abort.signal);
    await until(() => assigned.log.length === 3);
    expect(assigned.log).toEqual(['assign 0,1,2,3', 'revoke 0,1,2,3', 'assign 0,1']);
    const second = coordinator.sent.filter((s) => s.api === 'JoinGroup')[1]?.body as Body;
    const subscription = decodeBlob(
      ConsumerProtocolSubscription,
      (second.protocols as { metadata: Buffer }[])[0]?.metadata as Buffer,
    ).body;
    expect(subscription.ownedPartitions).toEqual([]);
    abort.abort();
    await member.stop();
  });

  it('cooperative: keeps its partitions while rejoining, reports them, and rejoins again after giving some up (KIP-429)', async () => {
    const { coordinator, assigned, member, abort } = setup({ assignors: ['cooperative-sticky'] });
    coordinator
      .on('JoinGroup', followed('m', 1), followed('m', 2), followed('m', 3))
      .on('SyncGroup', synced([0, 1, 2, 3]), synced([0, 1]), synced([0, 1]))
      .on('Heartbeat', error(27), error(0));
    await member.start(abort.signal);
    await until(() => coordinator.names().filter((n) => n === 'SyncGroup').length === 3);
    await until(() => member.membership().generationIdOrMemberEpoch === 3);
    expect(assigned.log).toEqual(['assign 0,1,2,3', 'assign 0,1', 'assign 0,1']);
    const joins = coordinator.sent.filter((s) => s.api === 'JoinGroup').map((s) => s.body);
    const owned = joins.map((j) => {
      const blob = (j.protocols as { metadata: Buffer }[])[0]?.metadata as Buffer;
      const { body } = decodeBlob(ConsumerProtocolSubscription, blob);
      return [body.generationId, body.ownedPartitions.flatMap((t) => t.partitions)];
    });
    expect(owned).toEqual([
      [-1, []],
      [1, [0, 1, 2, 3]],
      [2, [0, 1]],
    ]);
    abort.abort();
    await member.stop();
  });

  it('UNKNOWN_MEMBER_ID loses the partitions and joins again without a member id', async () => {
    const { coordinator, assigned, member, abort } = setup();
    coordinator
      .on('JoinGroup', joined('m-1', 1), joined('m-2', 2))
      .on('SyncGroup', synced([0, 1]), synced([2, 3]))
      .on('Heartbeat', error(25), error(0));
    await member.start(abort.signal);
    await until(() => assigned.log.length === 3);
    expect(assigned.log).toEqual(['assign 0,1', 'lose 0,1', 'assign 2,3']);
    expect(coordinator.sent.filter((s) => s.api === 'JoinGroup').map((s) => s.body.memberId)).toEqual([
      '',
      '',
    ]);
    abort.abort();
    await member.stop();
  });

  it('ILLEGAL_GENERATION loses the partitions and rejoins with its member id', async () => {
    const { coordinator, assigned, member, abort } = setup();
    coordinator
      .on('JoinGroup', joined('m', 1), joined('m', 2))
      .on('SyncGroup', synced([0, 1]), synced([0, 1]))
      .on('Heartbeat', error(22), error(0));
    await member.start(abort.signal);
    await until(() => assigned.log.length === 3);
    expect(assigned.log).toEqual(['assign 0,1', 'lose 0,1', 'assign 0,1']);
    expect(coordinator.sent.filter((s) => s.api === 'JoinGroup').map((s) => s.body.memberId)).toEqual([
      '',
      'm',
    ]);
    abort.abort();
    await member.stop();
  });

  it('a fenced static member loses its partitions and surfaces FENCED_INSTANCE_ID; close sends no LeaveGroup', async () => {
    const { coordinator, assigned, member, failures, abort } = setup({ groupInstanceId: 'inst-1' });
    coordinator
      .on('JoinGroup', joined('m', 1))
      .on('SyncGroup', synced([0, 1]))
      .on('Heartbeat', error(82));
    await member.start(abort.signal);
    await until(() => failures.length === 1);
    expect(failures[0]).toBeInstanceOf(KafkaProtocolError);
    expect((failures[0] as KafkaProtocolError).errorName).toBe('FENCED_INSTANCE_ID');
    expect(assigned.log).toEqual(['assign 0,1', 'lose 0,1']);
    expect(coordinator.sent[0]?.body.groupInstanceId).toBe('inst-1');
    await member.stop();
    expect(coordinator.names()).not.toContain('LeaveGroup');
  });

  it('retries applying an assignment whose consumer failed to start (retriable), without rejoining', async () => {
    const { coordinator, assigned, member, abort } = setup();
    assigned.failNext.push(new ConnectionError('offsets fetch lost its coordinator'));
    coordinator
      .on('JoinGroup', joined('m', 1))
      .on('SyncGroup', synced([0, 1]))
      .on('Heartbeat', error(0));
    await member.start(abort.signal);
    expect(assigned.log).toEqual(['assign failed 0,1', 'assign 0,1']);
    expect(coordinator.names().filter((n) => n === 'JoinGroup')).toHaveLength(1);
    abort.abort();
    await member.stop();
  });

  it('retries a moved coordinator (NOT_COORDINATOR), looking it up again', async () => {
    const { coordinator, member, abort } = setup();
    coordinator
      .on('JoinGroup', error(16), joined('m', 1))
      .on('SyncGroup', synced([0]))
      .on('Heartbeat', error(0));
    await member.start(abort.signal);
    expect(coordinator.forgotten).toBeGreaterThan(0);
    abort.abort();
    await member.stop();
  });

  it('start() rejects with the typed error: at once when fatal, after rebalanceMaxRetries when retriable', async () => {
    const fatal = setup();
    fatal.coordinator.on('JoinGroup', error(23)); // INCONSISTENT_GROUP_PROTOCOL
    await expect(fatal.member.start(fatal.abort.signal)).rejects.toMatchObject({
      errorName: 'INCONSISTENT_GROUP_PROTOCOL',
    });
    await fatal.member.stop();
    const flaky = setup();
    flaky.coordinator.on('JoinGroup', error(15)); // COORDINATOR_NOT_AVAILABLE, forever
    await expect(flaky.member.start(flaky.abort.signal)).rejects.toMatchObject({
      errorName: 'COORDINATOR_NOT_AVAILABLE',
    });
    expect(flaky.coordinator.names()).toEqual(['JoinGroup', 'JoinGroup', 'JoinGroup']);
    await flaky.member.stop();
  });

  it('stop() while the JoinGroup hangs settles start() and leaves nothing running', async () => {
    const { coordinator, member, abort } = setup();
    const started = member.start(abort.signal);
    await until(() => coordinator.names().length === 1);
    await member.stop();
    await expect(started).rejects.toThrow(/closed before it joined/);
  });
});
