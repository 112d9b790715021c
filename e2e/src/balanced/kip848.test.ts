import { ManagedBalancedConsumer } from '@tskafka/balanced';
import { UnsupportedApiError } from '@tskafka/network';
import { Producer } from '@tskafka/producer';
import { describe, expect, it } from 'vitest';
import { consumeN, kcatWrite, suiteCluster, utf8 } from '../consumer/helpers.js';
import { newTopic } from '../producer/helpers.js';
import { flavours, uniqueName } from '../setup/clusters.js';
import { describeConsumerGroup, drain, waitForSplit } from './kip848-helpers.js';

type Text = string | null;
const PARTITIONS = 12;

describe.each(flavours('kafka4-single', 'kafka4-cluster'))(
  'KIP-848 ManagedBalancedConsumer on $name',
  (kafka) => {
    const use = suiteCluster(kafka.bootstrap);
    const member = (topic: string, group: string) =>
      new ManagedBalancedConsumer<Text, Text>(use(), topic, {
        consumerGroup: group,
        groupProtocol: 'consumer',
        autoCommitEnable: true,
        autoCommitIntervalMs: 500,
        deserializer: utf8,
      });

    it('splits 12 partitions over 3, then 4 members, then 3 after a close; every message arrives at least once', async () => {
      const cluster = use();
      const topic = await newTopic(cluster, 'kip848-split', PARTITIONS, kafka.brokers.length);
      const group = uniqueName('kip848-split');
      const seen = new Map<string, number>();
      const produced = new Set<string>();
      const markers = new Set<string>();
      await using producer = new Producer<string, string>(cluster, topic, { lingerMs: 5 });
      let producing = true;
      const background = (async () => {
        for (let i = 0; producing; i++) {
          const meta = await producer.produce(`m${i}`, { partition: i % PARTITIONS });
          produced.add(`${meta.partition}:${meta.offset}`);
          if (i % PARTITIONS === PARTITIONS - 1) await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();

      const members = [member(topic, group), member(topic, group), member(topic, group)];
      const drains = members.map((m) => drain(m, seen, (v) => typeof v === 'string' && markers.delete(v)));
      await Promise.all(members.map((m) => m.ready()));
      await waitForSplit(cluster, group, members, [4, 4, 4], PARTITIONS);

      // A 4th joins: time until every partition delivers again (a marker produced to each after the split).
      const joined = performance.now();
      const fourth = member(topic, group);
      members.push(fourth);
      drains.push(drain(fourth, seen, (v) => typeof v === 'string' && markers.delete(v)));
      const splitMs = await waitForSplit(cluster, group, members, [3, 3, 3, 3], PARTITIONS);
      for (let p = 0; p < PARTITIONS; p++) markers.add(`marker-${p}`);
      await Promise.all([...markers].map((v, p) => producer.produce(v, { partition: p })));
      await expect.poll(() => markers.size, { timeout: 15_000 }).toBe(0);
      const rebalanceMs = performance.now() - joined;
      console.log(
        `${kafka.name}: 4th member joined → split in ${splitMs.toFixed(0)} ms, all partitions consumed again in ${rebalanceMs.toFixed(0)} ms`,
      );

      // One leaves: the others take its partitions.
      const leaver = members.shift();
      await leaver?.close();
      await waitForSplit(cluster, group, members, [4, 4, 4], PARTITIONS);

      producing = false;
      await background;
      await expect.poll(() => [...produced].filter((k) => !seen.has(k)).length, { timeout: 20_000 }).toBe(0);
      const duplicates = [...seen.values()].reduce((sum, n) => sum + n - 1, 0);
      console.log(
        `${kafka.name}: ${produced.size} produced, ${seen.size} distinct consumed, ${duplicates} duplicates`,
      );
      await Promise.all(members.map((m) => m.close()));
      await Promise.all(drains);
      expect(await describeConsumerGroup(cluster, group)).toEqual([]);
    });

    it('resumes from the offsets it committed after a restart of the group', async () => {
      const cluster = use();
      const topic = await newTopic(cluster, 'kip848-resume', 2, kafka.brokers.length);
      const group = uniqueName('kip848-resume');
      await kcatWrite(kafka.bootstrap, topic, ['a0', 'a1', 'a2', 'a3'], { partition: 0 });
      await kcatWrite(kafka.bootstrap, topic, ['b0', 'b1', 'b2', 'b3'], { partition: 1 });
      const plain = () =>
        new ManagedBalancedConsumer<Text, Text>(cluster, topic, {
          consumerGroup: group,
          groupProtocol: 'consumer',
          deserializer: utf8,
        });
      const first = plain();
      await first.ready();
      // Kafka 4.3 computes assignments off the heartbeat path: the first answer may hold none yet.
      await expect.poll(() => first.partitions, { timeout: 15_000 }).toEqual([0, 1]);
      expect(await consumeN(first, 8)).toHaveLength(8);
      // OffsetCommit carries the member id and epoch; the coordinator rejects it if they are wrong.
      await first.commitOffsets([
        [0, 2n],
        [1, 3n],
      ]);
      await first.close();
      await using second = plain();
      await second.ready();
      // Kafka 4.3 computes assignments off the heartbeat path: the first answer may hold none yet.
      await expect.poll(() => second.partitions, { timeout: 15_000 }).toEqual([0, 1]);
      const resumed = await consumeN(second, 3);
      expect(resumed.map((m) => m.value).sort()).toEqual(['a2', 'a3', 'b3']);
    });
  },
);

describe.each(flavours('kafka3.9-single'))('KIP-848 on $name (ZooKeeper, no KIP-848)', (kafka) => {
  const use = suiteCluster(kafka.bootstrap);

  it("groupProtocol 'consumer' fails ready() and consume() with UnsupportedApiError, without hanging", async () => {
    const topic = await newTopic(use(), 'kip848-old', 1);
    const started = performance.now();
    await using consumer = new ManagedBalancedConsumer(use(), topic, {
      consumerGroup: uniqueName('kip848-old'),
      groupProtocol: 'consumer',
    });
    await expect(consumer.ready()).rejects.toBeInstanceOf(UnsupportedApiError);
    await expect(consumer.consume(1_000)).rejects.toThrow(/groupProtocol 'classic'/);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
