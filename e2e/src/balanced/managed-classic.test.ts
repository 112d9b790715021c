import { RebalanceCallbackError } from '@tskafka/balanced';
import { Admin } from '@tskafka/network';
import { Producer } from '@tskafka/producer';
import { KafkaProtocolError } from '@tskafka/protocol';
import { describe, expect, it } from 'vitest';
import { suiteCluster } from '../consumer/helpers.js';
import { newTopic } from '../producer/helpers.js';
import { flavours, uniqueName } from '../setup/clusters.js';
import { leaked, settle } from '../setup/leaks.js';
import {
  classicMember,
  consumeAll,
  describeGroup,
  FAST,
  listenerLog,
  memberProcess,
  waitForSplit,
} from './managed-classic-helpers.js';

const ids = (from: number, count: number, step = 1) =>
  Array.from({ length: count }, (_, i) => from + i * step);

describe.each(flavours('kafka3.9-single', 'kafka4-single'))(
  'ManagedBalancedConsumer, classic protocol, on $name',
  (kafka) => {
    const use = suiteCluster(kafka.bootstrap);

    it.each(['range', 'roundrobin', 'cooperative-sticky'] as const)(
      '%s: 3 members split 12 partitions exactly, a 4th makes it 3/3/3/3, one leaving makes it 4/4/4',
      async (assignor) => {
        const cluster = use();
        const topic = await newTopic(cluster, `classic-${assignor}`, 12);
        const group = uniqueName(`classic-${assignor}`);
        const logs = [listenerLog(), listenerLog(), listenerLog(), listenerLog()];
        const members = [0, 1, 2].map((i) =>
          classicMember(cluster, topic, group, {
            assignors: [assignor],
            rebalanceListener: logs[i]?.listener,
          }),
        );
        const markers = new Set<string>();
        const onMessage = (_p: number, _o: bigint, value: string) => markers.delete(value);
        const loops = members.map((m) => consumeAll(m, onMessage));
        await waitForSplit(cluster, group, members, [4, 4, 4]);
        expect((await describeGroup(cluster, group)).protocol).toBe(assignor);
        // Java's results: members in member-id order take ranges, or every third partition.
        const byId = [...members].sort((a, b) =>
          a.groupMetadata().memberId < b.groupMetadata().memberId ? -1 : 1,
        );
        if (assignor === 'range')
          expect(byId.map((m) => m.partitions)).toEqual([ids(0, 4), ids(4, 4), ids(8, 4)]);
        if (assignor === 'roundrobin')
          expect(byId.map((m) => m.partitions)).toEqual([ids(0, 4, 3), ids(1, 4, 3), ids(2, 4, 3)]);
        const before = members.map((m) => m.partitions);
        for (const log of logs) log.revoked.clear();

        await using producer = new Producer(cluster, topic, { lingerMs: 1 });
        const joined = performance.now();
        const fourth = classicMember(cluster, topic, group, {
          assignors: [assignor],
          rebalanceListener: logs[3]?.listener,
        });
        members.push(fourth);
        loops.push(consumeAll(fourth, onMessage));
        const splitMs = await waitForSplit(cluster, group, members, [3, 3, 3, 3]);
        for (let p = 0; p < 12; p++) markers.add(`marker-${p}`);
        await Promise.all([...markers].map((v, p) => producer.produce(Buffer.from(v), { partition: p })));
        await expect.poll(() => markers.size, { timeout: 15_000, interval: 20 }).toBe(0);
        console.log(
          `classic ${assignor} on ${kafka.name}: 4th member joined, split in ${splitMs.toFixed(0)} ms, ` +
            `every partition consumed again ${(performance.now() - joined).toFixed(0)} ms after the join`,
        );
        if (assignor === 'cooperative-sticky') {
          // KIP-429: each member kept 3 of its 4 and revoked only the one that moved.
          members.slice(0, 3).forEach((m, i) => {
            const kept = (before[i] ?? []).filter((p) => m.partitions.includes(p));
            expect(kept).toHaveLength(3);
            expect(kept.filter((p) => logs[i]?.revoked.has(p))).toEqual([]);
            expect(logs[i]?.revoked.size).toBe(1);
          });
        } else {
          // Eager: everything was revoked before rejoining.
          for (const log of logs.slice(0, 3)) expect(log.revoked.size).toBe(4);
        }

        await members[0]?.close();
        const left = members.slice(1);
        await waitForSplit(cluster, group, left, [4, 4, 4]);
        await Promise.all(left.map((m) => m.close()));
        await Promise.all(loops);
        const described = await describeGroup(cluster, group);
        expect(described.state).toBe('Empty');
        expect(described.members).toEqual([]);
      },
    );

    it('a static member (groupInstanceId) that closes and returns within the session gets its partitions back without a rebalance', async () => {
      const cluster = use();
      const topic = await newTopic(cluster, 'classic-static', 12);
      const group = uniqueName('classic-static');
      const logs = [listenerLog(), listenerLog()];
      const options = { assignors: ['range'] as const, sessionTimeoutMs: 10_000 };
      // The static member joins first, so it leads: its return exercises JoinGroup v9's skipAssignment too.
      const a = classicMember(cluster, topic, group, { ...options, groupInstanceId: 'static-a' });
      await a.ready();
      const others = logs.map((log) =>
        classicMember(cluster, topic, group, { ...options, rebalanceListener: log.listener }),
      );
      await waitForSplit(cluster, group, [a, ...others], [4, 4, 4]);
      // Partitions show before onPartitionsAssigned ran: wait for the listeners too.
      await expect.poll(() => logs.every((log) => log.calls.at(-1)?.startsWith('assigned'))).toBe(true);
      const held = a.partitions;
      const generation = others[0]?.groupMetadata().generationIdOrMemberEpoch;
      for (const log of logs) log.calls.length = 0;
      await a.close(); // no LeaveGroup: a static member keeps its place for the session
      expect((await describeGroup(cluster, group)).members.map((m) => m.groupInstanceId)).toContain(
        'static-a',
      );
      await using back = classicMember(cluster, topic, group, { ...options, groupInstanceId: 'static-a' });
      await back.ready();
      expect(back.partitions).toEqual(held);
      await waitForSplit(cluster, group, [back, ...others], [4, 4, 4]);
      for (const other of others) expect(other.groupMetadata().generationIdOrMemberEpoch).toBe(generation);
      expect(logs.map((log) => log.calls)).toEqual([[], []]);
      await Promise.all(others.map((m) => m.close()));
    });

    it('a static member asked to leave on close (leaveGroupOnClose) is gone from the group at once', async () => {
      const cluster = use();
      const topic = await newTopic(cluster, 'classic-static-leave', 2);
      const group = uniqueName('classic-static-leave');
      const member = classicMember(cluster, topic, group, {
        groupInstanceId: 'leaver',
        leaveGroupOnClose: true,
      });
      await member.ready();
      expect((await describeGroup(cluster, group)).members.map((m) => m.groupInstanceId)).toEqual(['leaver']);
      await member.close();
      expect((await describeGroup(cluster, group)).members).toEqual([]);
    });

    it('a static member replaced by another with its groupInstanceId is fenced: consume() throws FENCED_INSTANCE_ID', async () => {
      const cluster = use();
      const topic = await newTopic(cluster, 'classic-fenced', 2);
      const group = uniqueName('classic-fenced');
      await using old = classicMember(cluster, topic, group, { groupInstanceId: 'twin' });
      await old.ready();
      await using twin = classicMember(cluster, topic, group, { groupInstanceId: 'twin' });
      await twin.ready();
      expect(twin.partitions).toEqual([0, 1]);
      let failure: unknown = null;
      for (let i = 0; i < 50 && failure === null; i++)
        failure = await old.consume(100).then(
          () => null,
          (e: unknown) => e,
        );
      expect(failure).toBeInstanceOf(KafkaProtocolError);
      expect((failure as KafkaProtocolError).errorName).toBe('FENCED_INSTANCE_ID');
      expect(old.partitions).toEqual([]);
    });

    it('a crashed member (killed: no LeaveGroup, no heartbeats) keeps its partitions until sessionTimeoutMs, then they move', async () => {
      const cluster = use();
      const topic = await newTopic(cluster, 'classic-crash', 12);
      const group = uniqueName('classic-crash');
      await using a = classicMember(cluster, topic, group);
      await using b = classicMember(cluster, topic, group);
      await waitForSplit(cluster, group, [a, b], [6, 6]);
      const child = await memberProcess(kafka.bootstrap, topic, group);
      let killed: number;
      try {
        await waitForSplit(cluster, group, [a, b], [4, 4]);
      } finally {
        child.kill('SIGKILL');
        killed = performance.now();
      }
      // The coordinator still counts the dead member for most of the session.
      await new Promise((resolve) => setTimeout(resolve, FAST.sessionTimeoutMs - 2_000));
      expect((await describeGroup(cluster, group)).members).toHaveLength(3);
      expect([...a.partitions, ...b.partitions]).toHaveLength(8);
      await waitForSplit(cluster, group, [a, b], [6, 6], 15_000);
      const movedMs = performance.now() - killed;
      console.log(
        `classic on ${kafka.name}: a killed member's partitions moved ${movedMs.toFixed(0)} ms after the kill (session ${FAST.sessionTimeoutMs} ms)`,
      );
      expect(movedMs).toBeGreaterThan(FAST.sessionTimeoutMs - 1_000);
    });

    it('the leader notices added partitions (metadataMaxAgeMs) and the group rebalances over them', async () => {
      const cluster = use();
      const topic = await newTopic(cluster, 'classic-grow', 4);
      const group = uniqueName('classic-grow');
      const options = { metadataMaxAgeMs: 300 };
      await using a = classicMember(cluster, topic, group, options);
      await using b = classicMember(cluster, topic, group, options);
      await waitForSplit(cluster, group, [a, b], [2, 2]);
      await new Admin(cluster).createPartitions(topic, 8);
      await waitForSplit(cluster, group, [a, b], [4, 4], 15_000);
      expect([...a.partitions, ...b.partitions].sort((x, y) => x - y)).toEqual(ids(0, 8));
    });

    it('committed offsets resume after a restart with the same group, and commits carry the generation', async () => {
      const cluster = use();
      const topic = await newTopic(cluster, 'classic-resume', 1);
      const group = uniqueName('classic-resume');
      await using producer = new Producer(cluster, topic, { lingerMs: 1 });
      await Promise.all(ids(0, 10).map((i) => producer.produce(Buffer.from(`m${i}`), { partition: 0 })));
      const first = classicMember(cluster, topic, group, { autoOffsetReset: 'earliest' });
      for (let i = 0; i < 6; i++) expect(String((await first.consume(10_000))?.value)).toBe(`m${i}`);
      expect(first.groupMetadata().generationIdOrMemberEpoch).toBeGreaterThan(0);
      await first.commitOffsets();
      await first.close();
      await using again = classicMember(cluster, topic, group, { autoOffsetReset: 'earliest' });
      expect(String((await again.consume(10_000))?.value)).toBe('m6');
    });

    it('a rebalance listener that throws: consume() surfaces it once, the member keeps its partitions', async () => {
      const cluster = use();
      const topic = await newTopic(cluster, 'classic-listener', 3);
      const group = uniqueName('classic-listener');
      await using consumer = classicMember(cluster, topic, group, {
        rebalanceListener: {
          onPartitionsAssigned: () => {
            throw new Error('listener bug');
          },
        },
      });
      const error = await consumer.consume(5_000).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RebalanceCallbackError);
      expect((error as RebalanceCallbackError).cause).toEqual(new Error('listener bug'));
      expect(consumer.partitions).toEqual([0, 1, 2]);
      expect(await consumer.consume(200)).toBeNull();
    });

    it('more members than partitions: the extra member idles, and close() leaves and releases every socket and timer', async () => {
      const cluster = use();
      const topic = await newTopic(cluster, 'classic-idle', 1);
      const group = uniqueName('classic-idle');
      await cluster.refresh([topic]);
      await cluster.findCoordinator(group);
      await settle();
      const before = process.getActiveResourcesInfo();
      const busy = classicMember(cluster, topic, group);
      const idle = classicMember(cluster, topic, group);
      await waitForSplit(cluster, group, [busy, idle], [0, 1]);
      expect(await idle.consume(300)).toBeNull();
      await idle.close();
      await busy.close();
      expect((await describeGroup(cluster, group)).members).toEqual([]);
      await settle();
      expect(leaked(before, process.getActiveResourcesInfo())).toEqual([]);
    });
  },
);
