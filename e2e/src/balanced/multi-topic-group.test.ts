import { type GroupProtocol, ManagedBalancedConsumer } from '@tskafka/balanced';
import { SimpleConsumer } from '@tskafka/consumer';
import { Producer } from '@tskafka/producer';
import { describe, expect, it } from 'vitest';
import { consumeN, suiteCluster } from '../consumer/helpers.js';
import { newTopic } from '../producer/helpers.js';
import { type Flavour, flavours, uniqueName } from '../setup/clusters.js';
import { FAST } from './managed-classic-helpers.js';

// One consumer group over two topics: each member consumes one topic (PyKafka's and this
// package's API bind a consumer to a topic), the coordinator balances each topic over its own
// subscribers, and the group's offsets cover both topics.

const run = (groupProtocol: GroupProtocol) => (kafka: Flavour) => ({
  name: `${kafka.name}, ${groupProtocol} protocol`,
  kafka,
  groupProtocol,
});
const cases = [
  ...flavours('kafka3.9-single', 'kafka4-single').map(run('classic')),
  ...flavours('kafka4-single').map(run('consumer')),
];

describe.each(cases)('one group over two topics on $name', ({ kafka, groupProtocol }) => {
  const use = suiteCluster(kafka.bootstrap);

  it('splits each topic over the members that consume it and commits offsets of both', async () => {
    const cluster = use();
    const [orders, refunds] = [await newTopic(cluster, 'multi-a', 4), await newTopic(cluster, 'multi-b', 2)];
    const group = uniqueName('multi-topic');
    const timing = groupProtocol === 'classic' ? FAST : { rebalanceTimeoutMs: 20_000 };
    const member = (topic: string) =>
      new ManagedBalancedConsumer(cluster, topic, { consumerGroup: group, groupProtocol, ...timing });
    await using a1 = member(orders);
    await using a2 = member(orders);
    await using b1 = member(refunds);
    await expect
      .poll(() => [[...a1.partitions, ...a2.partitions].sort(), a1.partitions.length, b1.partitions], {
        timeout: 30_000,
        interval: 200,
      })
      .toEqual([[0, 1, 2, 3], 2, [0, 1]]);

    for (const topic of [orders, refunds]) {
      await using producer = new Producer(cluster, topic, { lingerMs: 1 });
      await Promise.all([0, 1].map((partition) => producer.produce(`${topic}-${partition}`, { partition })));
    }
    const fromB = await consumeN(b1, 2);
    expect(fromB.map((m) => m.value?.toString()).sort()).toEqual([`${refunds}-0`, `${refunds}-1`]);
    await b1.commitOffsets();
    const holder = a1.partitions.includes(0) ? a1 : a2;
    const fromA = await consumeN(holder, 1);
    expect(fromA[0]?.value?.toString()).toBe(`${orders}-0`);
    await holder.commitOffsets();

    for (const [topic, partition] of [
      [orders, 0],
      [refunds, 1],
    ] as const) {
      await using reader = new SimpleConsumer(cluster, topic, {
        consumerGroup: group,
        partitions: [partition],
        resetOffsetOnFetch: false,
      });
      expect((await reader.fetchOffsets()).get(partition)?.offset, `${topic}/${partition}`).toBe(1n);
    }
  });
});
