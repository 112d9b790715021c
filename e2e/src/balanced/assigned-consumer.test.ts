import { GroupConsumer, type GroupConsumerOptions, RebalanceCallbackError } from '@tskafka/balanced';
import { DeserializationError, type GroupMembership, NO_MEMBERSHIP, SimpleConsumer } from '@tskafka/consumer';
import { ClosedError, type Cluster } from '@tskafka/network';
import { describe, expect, it } from 'vitest';
import { consumeN, kcatWrite, range, suiteCluster, utf8 } from '../consumer/helpers.js';
import { newTopic } from '../producer/helpers.js';
import { flavours, uniqueName } from '../setup/clusters.js';
import { leaked, settle } from '../setup/leaks.js';

type Text = string | null;

/** A group consumer whose "coordination" is the test: it assigns what the test says. */
class ScriptedGroup extends GroupConsumer<Text, Text> {
  readonly #first: readonly number[];
  stopped = 0;

  constructor(
    cluster: Cluster,
    topic: string,
    first: readonly number[],
    options: GroupConsumerOptions<Text, Text>,
  ) {
    super(cluster, topic, { deserializer: utf8, ...options });
    this.#first = first;
  }

  reassign(partitions: readonly number[]): Promise<void> {
    return this.assigned.assign(partitions);
  }

  loseAll(): Promise<void> {
    return this.assigned.lose();
  }

  protected async start(): Promise<void> {
    await this.assigned.assign(this.#first);
  }

  protected async stop(): Promise<void> {
    this.stopped++;
  }

  protected membership(): GroupMembership {
    return NO_MEMBERSHIP;
  }
}

const values = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

async function committed(cluster: Cluster, topic: string, group: string): Promise<Map<number, bigint>> {
  await using reader = new SimpleConsumer(cluster, topic, {
    consumerGroup: group,
    resetOffsetOnFetch: false,
  });
  const found = await reader.fetchOffsets();
  return new Map([...found].map(([p, c]) => [p, c.offset]));
}

describe.each(flavours('kafka3.9-single', 'kafka4-single'))(
  'the assigned-partition consumer on $name',
  (kafka) => {
    const use = suiteCluster(kafka.bootstrap);

    async function threePartitions(): Promise<string> {
      const topic = await newTopic(use(), 'bal-assigned', 3);
      for (const p of range(3).map(Number))
        await kcatWrite(kafka.bootstrap, topic, values(10, `p${p}-`), { partition: p });
      return topic;
    }

    it('keeps the position of retained partitions, starts new ones at the commit, commits revoked ones', async () => {
      const cluster = use();
      const topic = await threePartitions();
      const group = uniqueName('bal-assigned');
      const calls: string[] = [];
      await using consumer = new ScriptedGroup(cluster, topic, [0, 1], {
        consumerGroup: group,
        autoCommitEnable: true,
        rebalanceListener: {
          onPartitionsRevoked: (p) => void calls.push(`revoked ${p.join(',')}`),
          onPartitionsAssigned: (p) => void calls.push(`assigned ${p.join(',')}`),
        },
      });
      await consumer.ready();
      expect(calls).toEqual(['assigned 0,1']);
      const first = await consumeN(consumer, 8);
      const held = consumer.heldOffsets;
      await consumer.reassign([1, 2]);
      expect(calls).toEqual(['assigned 0,1', 'revoked 0', 'assigned 2']);
      expect(consumer.partitions).toEqual([1, 2]);
      // Partition 0's position was committed when it was revoked (nothing was committed before).
      expect((await committed(cluster, topic, group)).get(0)).toBe((held.get(0) as bigint) + 1n);
      const rest = await consumeN(consumer, 20 - first.filter((m) => m.partitionId === 1).length);
      expect(await consumer.consume(300)).toBeNull();
      const p1 = [...first, ...rest].filter((m) => m.partitionId === 1).map((m) => m.offset);
      expect(p1).toEqual(range(10)); // no re-delivery of partition 1 across the change, nothing skipped
      expect(rest.filter((m) => m.partitionId === 2).map((m) => m.offset)).toEqual(range(10));
      expect(rest.some((m) => m.partitionId === 0)).toBe(false);
    });

    it('applies resetOffsetOnStart to the first assignment only; partitions gained later resume at their commits', async () => {
      const cluster = use();
      const topic = await threePartitions();
      const group = uniqueName('bal-reset-start');
      {
        await using committer = new SimpleConsumer(cluster, topic, {
          consumerGroup: group,
          partitions: [0, 2],
        });
        await committer.commitOffsets([
          [0, 5n],
          [2, 5n],
        ]);
      }
      await using consumer = new ScriptedGroup(cluster, topic, [0], {
        consumerGroup: group,
        resetOffsetOnStart: true,
      });
      const first = await consumeN(consumer, 10);
      expect(first.map((m) => m.offset)).toEqual(range(10)); // the commit at 5 was ignored at start
      await consumer.reassign([0, 2]);
      const later = await consumeN(consumer, 5);
      expect(later.map((m) => [m.partitionId, m.offset])).toEqual(range(5, 5n).map((o) => [2, o]));
    });

    it('a deserializer error held by poll() is met again after a rebalance swaps the internal consumer', async () => {
      const cluster = use();
      const topic = await newTopic(cluster, 'bal-held', 2);
      await kcatWrite(kafka.bootstrap, topic, ['v0', 'v1', 'bad', 'v3'], { partition: 0 });
      await using consumer = new ScriptedGroup(cluster, topic, [0, 1], {
        consumerGroup: uniqueName('bal-held'),
        deserializer: (v, k) => {
          if (v?.toString() === 'bad') throw new Error('cannot parse');
          return utf8(v, k);
        },
      });
      const got: Text[] = [];
      for (let i = 0; i < 20 && got.length < 2; i++)
        got.push(...(await consumer.poll(10_000)).map((m) => m.value));
      expect(got).toEqual(['v0', 'v1']);
      // the bad message waits, unread, for the next call
      expect(consumer.heldOffsets.get(0)).toBe(1n);
      await consumer.reassign([0]); // a new internal consumer, partition 0 kept at its position
      const error = await consumer.poll(10_000).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeserializationError);
      expect((error as DeserializationError).offset).toBe(2n);
      expect((await consumer.poll(10_000)).map((m) => m.value)).toEqual(['v3']);
    });

    it('drops lost partitions without committing them', async () => {
      const cluster = use();
      const topic = await threePartitions();
      const group = uniqueName('bal-lost');
      const lost: number[][] = [];
      await using consumer = new ScriptedGroup(cluster, topic, [0], {
        consumerGroup: group,
        autoCommitEnable: true,
        rebalanceListener: { onPartitionsLost: (p) => void lost.push([...p]) },
      });
      await consumeN(consumer, 5);
      await consumer.loseAll();
      expect(lost).toEqual([[0]]);
      expect(consumer.partitions).toEqual([]);
      expect((await committed(cluster, topic, group)).get(0)).toBe(-1n);
      expect(await consumer.consume(200)).toBeNull(); // nothing assigned: null on timeout, not an error
    });

    it('surfaces a throwing listener once from consume() and completes the rebalance', async () => {
      const cluster = use();
      const topic = await threePartitions();
      const boom = new Error('listener bug');
      await using consumer = new ScriptedGroup(cluster, topic, [0], {
        consumerGroup: uniqueName('bal-throw'),
        rebalanceListener: {
          onPartitionsAssigned: (p) => {
            if (p.includes(2)) throw boom;
          },
        },
      });
      await consumer.ready();
      await consumer.reassign([2]);
      const failure = await consumer.consume(5_000).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(RebalanceCallbackError);
      expect((failure as RebalanceCallbackError).cause).toBe(boom);
      expect(consumer.partitions).toEqual([2]);
      expect((await consumeN(consumer, 10)).map((m) => m.value)).toEqual(values(10, 'p2-'));
    });

    it('close() stops consume(), runs stop() once, and leaves no socket or timer behind', async () => {
      const cluster = use();
      const topic = await threePartitions();
      const group = uniqueName('bal-close');
      await cluster.refresh([topic]);
      await cluster.findCoordinator(group);
      await settle();
      const before = process.getActiveResourcesInfo();
      const consumer = new ScriptedGroup(cluster, topic, [0, 1, 2], {
        consumerGroup: group,
        autoCommitEnable: true,
        autoCommitIntervalMs: 100,
      });
      await consumeN(consumer, 30);
      const during = leaked(before, process.getActiveResourcesInfo());
      expect(during).toContain('TCPSocketWrap');
      expect(during).toContain('Timeout');
      const waiting = consumer.consume(-1).catch((e: unknown) => e);
      await consumer.close();
      await consumer.close();
      expect(await waiting).toBeInstanceOf(ClosedError);
      expect(consumer.stopped).toBe(1);
      expect((await committed(cluster, topic, group)).get(2)).toBe(10n);
      await settle();
      expect(leaked(before, process.getActiveResourcesInfo())).toEqual([]);
    });
  },
);
