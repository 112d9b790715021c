import { SimpleConsumer } from '@tskafka/consumer';
import { Admin } from '@tskafka/network';
import { describe, expect, it } from 'vitest';
import { uniqueName } from '../setup/clusters.js';
import { ownClusterSuite } from '../setup/own-cluster.js';
import { consumeN, kcatWrite, offsetsByPartition, range } from './helpers.js';

const PARTITIONS = 3;
const BEFORE = 1_000; // per partition, written before the kill
const AFTER = 500; // per partition, written to the new leaders

// Killing brokers would disturb suites sharing the flavours: this suite starts its own lean
// 3-broker clusters (PLAINTEXT only), one Kafka line after the other.
describe.each(['3.9', '4'] as const)(
  'SimpleConsumer across a leader kill on a 3-broker Kafka %s',
  (version) => {
    const own = ownClusterSuite(version);

    it('continues on the new leaders from the right offsets: every offset once, no loss, no repeat', async () => {
      const { kafka, cluster } = own();
      const topic = uniqueName('cons-failover');
      await new Admin(cluster).createTopics([{ name: topic, partitions: PARTITIONS, replicationFactor: 3 }]);
      const write = (n: number, prefix: string) =>
        Promise.all(
          range(PARTITIONS).map((p) =>
            kcatWrite(
              kafka.bootstrap,
              topic,
              range(n).map((i) => `${prefix}-${p}-${i}`),
              { partition: Number(p) },
            ),
          ),
        );
      await write(BEFORE, 'before');
      await using consumer = new SimpleConsumer(cluster, topic, {
        queuedMaxMessages: 50,
        fetchMessageMaxBytes: 4_096,
      });
      const got = await consumeN(consumer, 300);

      const meta = await cluster.refresh([topic]);
      const victim = meta.topics.get(topic)?.partitions.get(0)?.leader ?? -1;
      expect(victim).toBeGreaterThanOrEqual(0);
      await kafka.kill(victim);
      got.push(...(await consumeN(consumer, 600, 60_000)));
      await write(AFTER, 'after');
      got.push(...(await consumeN(consumer, PARTITIONS * (BEFORE + AFTER) - got.length, 60_000)));
      expect(await consumer.consume(1_000)).toBeNull();

      const offsets = offsetsByPartition(got);
      for (const p of range(PARTITIONS).map(Number)) {
        expect(offsets.get(p), `partition ${p}`).toEqual(range(BEFORE + AFTER));
      }
      const placement = (await cluster.refresh([topic])).topics.get(topic)?.partitions.get(0);
      expect(placement?.leader).not.toBe(victim);
      await kafka.restart(victim);
    });
  },
);
