import { ManagedBalancedConsumer } from '@tskafka/balanced';
import { SimpleConsumer } from '@tskafka/consumer';
import { type KafkaCluster, runKafkaTool, startKafka } from '@tskafka/harness';
import { Admin, type Cluster } from '@tskafka/network';
import { Producer } from '@tskafka/producer';
import { KafkaProtocolError } from '@tskafka/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTopic, openCluster } from '../producer/helpers.js';
import { uniqueName } from '../setup/clusters.js';
import { leaked, settle } from '../setup/leaks.js';
import {
  type DescribedMember,
  describeConsumerGroup,
  describeConsumerGroupState,
  drain,
  waitForSplit,
} from './kip848-helpers.js';
import { memberProcess } from './managed-classic-helpers.js';

const SESSION_MS = 6_000;
const HEARTBEAT_MS = 500;

// The shared flavours keep Kafka's 45 s session (and its 45 s minimum); a crash test needs a short one.
describe('KIP-848 on a Kafka 4 broker with 6 s sessions and 500 ms heartbeats', () => {
  let kafka: KafkaCluster | undefined;
  let client: Cluster | undefined;
  const use = () => client as Cluster;
  beforeAll(async () => {
    kafka = await startKafka({
      version: '4',
      brokerProperties: {
        'group.consumer.session.timeout.ms': SESSION_MS,
        'group.consumer.min.session.timeout.ms': SESSION_MS,
        'group.consumer.heartbeat.interval.ms': HEARTBEAT_MS,
        'group.consumer.min.heartbeat.interval.ms': HEARTBEAT_MS,
      },
    });
    client = openCluster(kafka.bootstrap);
  });
  afterAll(async () => {
    await client?.close();
    await kafka?.stop();
  });
  const member = (topic: string, group: string) =>
    new ManagedBalancedConsumer(use(), topic, { consumerGroup: group, groupProtocol: 'consumer' });

  it('a member that dies without leaving keeps its partitions until its session expires, then they move', async () => {
    const cluster = use();
    const topic = await newTopic(cluster, 'kip848-crash', 6);
    const group = uniqueName('kip848-crash');
    await using a = member(topic, group);
    await using b = member(topic, group);
    const child = await memberProcess(kafka?.bootstrap ?? '', topic, group, { groupProtocol: 'consumer' });
    try {
      await expect
        .poll(async () => (await describeConsumerGroup(cluster, group)).map((m) => m.partitions.length), {
          timeout: 15_000,
        })
        .toEqual([2, 2, 2]);
      await expect.poll(() => a.partitions.length + b.partitions.length).toBe(4);
    } finally {
      child.kill('SIGKILL');
    }
    const killed = performance.now();
    // No leave was sent: the coordinator still counts the dead member for most of the session.
    await new Promise((resolve) => setTimeout(resolve, SESSION_MS - 2_000));
    expect(await describeConsumerGroup(cluster, group)).toHaveLength(3);
    await waitForSplit(cluster, group, [a, b], [3, 3], 6, 15_000);
    const movedMs = performance.now() - killed;
    console.log(
      `crashed member's partitions moved ${movedMs.toFixed(0)} ms after the kill (session ${SESSION_MS} ms)`,
    );
    expect(movedMs).toBeGreaterThan(SESSION_MS - HEARTBEAT_MS - 500);
  });

  it('a member frozen past its session is fenced on waking: it drops its partitions and rejoins under the same member id', async () => {
    const cluster = use();
    const topic = await newTopic(cluster, 'kip848-fenced', 4);
    const group = uniqueName('kip848-fenced');
    await using a = member(topic, group);
    const child = await memberProcess(kafka?.bootstrap ?? '', topic, group, { groupProtocol: 'consumer' });
    try {
      await expect
        .poll(async () => (await describeConsumerGroup(cluster, group)).map((m) => m.partitions.length), {
          timeout: 15_000,
        })
        .toEqual([2, 2]);
      const frozen = (await describeConsumerGroup(cluster, group)).find(
        (m) => !a.partitions.includes(m.partitions[0] ?? -1),
      );
      child.kill('SIGSTOP');
      await waitForSplit(cluster, group, [a], [4], 4, 20_000);
      child.kill('SIGCONT');
      await expect
        .poll(async () => (await describeConsumerGroup(cluster, group)).map((m) => m.memberId).sort(), {
          timeout: 20_000,
        })
        .toContain(frozen?.memberId);
      await expect
        .poll(async () => (await describeConsumerGroup(cluster, group)).map((m) => m.partitions.length), {
          timeout: 15_000,
        })
        .toEqual([2, 2]);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('rebalance time: a joining member, until every partition is consumed again', async () => {
    const cluster = use();
    const topic = await newTopic(cluster, 'kip848-rebalance', 12);
    const group = uniqueName('kip848-rebalance');
    const seen = new Map<string, number>();
    const markers = new Set<string>();
    const onMessage = (v: unknown) => typeof v === 'string' && markers.delete(v);
    const members = [member(topic, group), member(topic, group), member(topic, group)];
    const drains = members.map((m) => drain(m, seen, (v) => onMessage(v?.toString())));
    await waitForSplit(cluster, group, members, [4, 4, 4], 12);
    await using producer = new Producer(cluster, topic, { lingerMs: 1 });
    const joined = performance.now();
    const fourth = member(topic, group);
    members.push(fourth);
    drains.push(drain(fourth, seen, (v) => onMessage(v?.toString())));
    const splitMs = await waitForSplit(cluster, group, members, [3, 3, 3, 3], 12);
    for (let p = 0; p < 12; p++) markers.add(`marker-${p}`);
    await Promise.all([...markers].map((v, p) => producer.produce(Buffer.from(v), { partition: p })));
    await expect.poll(() => markers.size, { timeout: 10_000, interval: 20 }).toBe(0);
    const allMs = performance.now() - joined;
    console.log(
      `rebalance (${HEARTBEAT_MS} ms heartbeats): split in ${splitMs.toFixed(0)} ms, every partition consumed again ${allMs.toFixed(0)} ms after the join`,
    );
    await Promise.all(members.map((m) => m.close()));
    await Promise.all(drains);
  });

  it("a partition moves only after its owner revoked it: the owner's onPartitionsRevoked (and commit) come before the new owner's onPartitionsAssigned, no message twice", async () => {
    const cluster = use();
    const topic = await newTopic(cluster, 'kip848-order', 4);
    const group = uniqueName('kip848-order');
    await using producer = new Producer(cluster, topic, { lingerMs: 1 });
    const produce = (round: string) =>
      Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          producer.produce(Buffer.from(`${round}${i}`), { partition: i % 4 }),
        ),
      );
    const timeline: string[] = [];
    const logged = (name: string) => ({
      onPartitionsRevoked: (p: readonly number[]) =>
        void timeline.push(...p.map((id) => `${name} revoked ${id}`)),
      onPartitionsAssigned: (p: readonly number[]) =>
        void timeline.push(...p.map((id) => `${name} assigned ${id}`)),
    });
    const listening = (name: string) =>
      new ManagedBalancedConsumer(cluster, topic, {
        consumerGroup: group,
        groupProtocol: 'consumer',
        autoCommitEnable: true,
        rebalanceListener: logged(name),
      });
    const seen = new Map<string, number>();
    const a = listening('a');
    const drains = [drain(a, seen)];
    await produce('before');
    await expect.poll(() => seen.size, { timeout: 15_000 }).toBe(40);
    const b = listening('b');
    drains.push(drain(b, seen));
    await waitForSplit(cluster, group, [a, b], [2, 2], 4);
    // The assignment is visible a moment before the new owner's listener has run.
    await expect.poll(() => b.partitions.every((id) => timeline.includes(`b assigned ${id}`))).toBe(true);
    for (const id of b.partitions) {
      const revoked = timeline.indexOf(`a revoked ${id}`);
      expect(revoked, timeline.join('; ')).toBeGreaterThanOrEqual(0);
      expect(timeline.indexOf(`b assigned ${id}`), timeline.join('; ')).toBeGreaterThan(revoked);
    }
    await produce('after');
    await expect.poll(() => seen.size, { timeout: 15_000 }).toBe(80);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    await Promise.all([a.close(), b.close()]);
    await Promise.all(drains);
  });

  it("shares a group with Kafka's Java consumer (group.protocol=consumer): the coordinator splits the partitions between them", async () => {
    const cluster = use();
    const topic = await newTopic(cluster, 'kip848-java', 4);
    const group = uniqueName('kip848-java');
    const seen = new Map<string, number>();
    await using ours = member(topic, group);
    const drained = drain(ours, seen);
    const java = runKafkaTool(
      '4',
      'org.apache.kafka.tools.consumer.ConsoleConsumer',
      [
        ...['--bootstrap-server', kafka?.bootstrap ?? '', '--topic', topic, '--group', group],
        ...['--from-beginning', '--timeout-ms', '6000', '--property', 'print.partition=true'],
        ...['--consumer-property', 'group.protocol=consumer'],
      ],
      { timeoutMs: 90_000, allowFailure: true },
    );
    await expect
      .poll(async () => (await describeConsumerGroup(cluster, group)).map((m) => m.partitions.length), {
        timeout: 30_000,
      })
      .toEqual([2, 2]);
    await expect.poll(() => ours.partitions.length, { timeout: 10_000 }).toBe(2);
    const theirs = [0, 1, 2, 3].filter((p) => !ours.partitions.includes(p));
    await using producer = new Producer(cluster, topic, { lingerMs: 1 });
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => producer.produce(Buffer.from(`v${i}`), { partition: i % 4 })),
    );
    const { stdout } = await java;
    // ConsoleConsumer prints "Partition:N\tvalue" per message.
    const javaPartitions = new Set([...stdout.matchAll(/Partition:(\d+)/g)].map((m) => Number(m[1])));
    expect([...javaPartitions].sort()).toEqual(theirs);
    expect(stdout.match(/Partition:\d+/g)).toHaveLength(20);
    expect(seen.size).toBe(20);
    await ours.close();
    await drained;
  });

  it("groupRemoteAssignor 'range' becomes the group's assignor (contiguous ranges); clientRack reaches the coordinator", async () => {
    const cluster = use();
    const topic = await newTopic(cluster, 'kip848-range', 6);
    const group = uniqueName('kip848-range');
    const ranged = (rack: string) =>
      new ManagedBalancedConsumer(cluster, topic, {
        consumerGroup: group,
        groupProtocol: 'consumer',
        groupRemoteAssignor: 'range',
        clientRack: rack,
      });
    await using a = ranged('rack-a');
    await using b = ranged('rack-b');
    await waitForSplit(cluster, group, [a, b], [3, 3], 6);
    expect([a.partitions, b.partitions].sort((x, y) => (x[0] ?? 0) - (y[0] ?? 0))).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    const described = await describeConsumerGroupState(cluster, group);
    expect(described.assignorName).toBe('range');
    expect(described.members.map((m) => m.rackId).sort()).toEqual(['rack-a', 'rack-b']);
  });

  it('a static member that closes (epoch -2) gets its partitions back when it returns, without a rebalance', async () => {
    const cluster = use();
    const topic = await newTopic(cluster, 'kip848-static', 4);
    const group = uniqueName('kip848-static');
    const staticMember = () =>
      new ManagedBalancedConsumer(cluster, topic, {
        consumerGroup: group,
        groupProtocol: 'consumer',
        groupInstanceId: 'instance-1',
      });
    await using dynamic = member(topic, group);
    const first = staticMember();
    await waitForSplit(cluster, group, [first, dynamic], [2, 2], 4);
    const held = first.partitions;
    const kept = dynamic.partitions;
    const before = await describeConsumerGroup(cluster, group);
    await first.close();
    // Gone for less than the session: the coordinator keeps its place and gives the others nothing.
    await new Promise((resolve) => setTimeout(resolve, 2 * HEARTBEAT_MS + 500));
    expect(dynamic.partitions).toEqual(kept);
    expect((await describeConsumerGroup(cluster, group)).map((m) => m.partitions)).toEqual(
      before.map((m) => m.partitions),
    );
    await using second = staticMember();
    await waitForSplit(cluster, group, [second, dynamic], [2, 2], 4);
    expect(second.partitions).toEqual(held);
    expect(dynamic.partitions).toEqual(kept);
  });

  it('a commit with a stale member epoch is retried with the fresh one; one that stays stale fails typed', async () => {
    const cluster = use();
    const topic = await newTopic(cluster, 'kip848-stale', 1);
    const group = uniqueName('kip848-stale');
    await using joined = member(topic, group);
    await expect.poll(() => joined.partitions, { timeout: 10_000 }).toEqual([0]);
    const [self] = await describeConsumerGroup(cluster, group);
    const { memberId, memberEpoch } = self as DescribedMember;
    const reads: number[] = [];
    const committer = (epochs: (read: number) => number) =>
      new SimpleConsumer(cluster, topic, {
        consumerGroup: group,
        partitions: [0],
        offsetsCommitMaxRetries: 1,
        offsetsChannelBackoffMs: 10,
        groupMembership: () => {
          reads.push(reads.length);
          return { generationIdOrMemberEpoch: epochs(reads.length), memberId, groupInstanceId: null };
        },
      });
    // Stale on the first attempt only (the heartbeat moved the epoch meanwhile): the retry lands.
    await using recovering = committer((read) => (read === 1 ? memberEpoch + 1 : memberEpoch));
    await recovering.commitOffsets([[0, 1n]]);
    expect(reads.length).toBe(2);
    expect((await recovering.fetchOffsets()).get(0)?.offset).toBe(1n);
    // Stale for good: a typed error once the retries are spent.
    await using stale = committer(() => memberEpoch + 1);
    const error = await stale.commitOffsets([[0, 2n]]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KafkaProtocolError);
    expect(error).toMatchObject({ errorName: 'STALE_MEMBER_EPOCH', code: 113 });
  });

  it('when the topic grows, the coordinator hands out the new partitions and they are consumed', async () => {
    const cluster = use();
    const topic = await newTopic(cluster, 'kip848-grow', 4);
    const group = uniqueName('kip848-grow');
    const seen = new Map<string, number>();
    const members = [member(topic, group), member(topic, group)];
    const drains = members.map((m) => drain(m, seen));
    await waitForSplit(cluster, group, members, [2, 2], 4);
    await new Admin(cluster).createPartitions(topic, 6);
    await waitForSplit(cluster, group, members, [3, 3], 6);
    await using producer = new Producer(cluster, topic, { lingerMs: 1 });
    const sent = await Promise.all(
      [4, 5].map((partition) => producer.produce(Buffer.from('new'), { partition })),
    );
    await expect
      .poll(() => sent.every((m) => seen.has(`${m.partition}:${m.offset}`)), { timeout: 10_000 })
      .toBe(true);
    await Promise.all(members.map((m) => m.close()));
    await Promise.all(drains);
  });

  it('close() leaves the group and releases its sockets and timers', async () => {
    const cluster = use();
    const topic = await newTopic(cluster, 'kip848-leak', 2);
    const group = uniqueName('kip848-leak');
    await cluster.refresh([topic]);
    await cluster.findCoordinator(group);
    await settle();
    const before = process.getActiveResourcesInfo();
    const consumer = member(topic, group);
    await consumer.ready();
    // Kafka 4.3 computes assignments off the heartbeat path: the first answer may hold none yet.
    await expect.poll(() => consumer.partitions, { timeout: 15_000 }).toEqual([0, 1]);
    expect(await describeConsumerGroup(cluster, group)).toHaveLength(1);
    await consumer.close();
    expect(await describeConsumerGroup(cluster, group)).toEqual([]);
    await settle();
    expect(leaked(before, process.getActiveResourcesInfo())).toEqual([]);
  });

  // Last: it restarts the suite's broker.
  it('members ride out a broker restart (lost connections, coordinator loading) and consume again', async () => {
    const cluster = use();
    const topic = await newTopic(cluster, 'kip848-restart', 4);
    const group = uniqueName('kip848-restart');
    const seen = new Map<string, number>();
    await using a = member(topic, group);
    await using b = member(topic, group);
    const drains = [drain(a, seen), drain(b, seen)];
    await waitForSplit(cluster, group, [a, b], [2, 2], 4);
    const restarted = performance.now();
    await kafka?.restart(1);
    await waitForSplit(cluster, group, [a, b], [2, 2], 4, 60_000);
    await using producer = new Producer(cluster, topic, { lingerMs: 1 });
    const sent = await Promise.all(
      [0, 1, 2, 3].map((partition) => producer.produce(Buffer.from('after'), { partition })),
    );
    await expect
      .poll(() => sent.every((m) => seen.has(`${m.partition}:${m.offset}`)), { timeout: 30_000 })
      .toBe(true);
    console.log(
      `consuming every partition again ${(performance.now() - restarted).toFixed(0)} ms after the broker restart began`,
    );
    await a.close();
    await b.close();
    await Promise.all(drains);
  });
});
