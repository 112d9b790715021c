import { SimpleConsumer } from '@tskafka/consumer';
import { producerPerformance } from '@tskafka/harness';
import { LATEST_OFFSET, listOffsets } from '@tskafka/network';
import { describe, expect, it } from 'vitest';
import { newTopic } from '../producer/helpers.js';
import { flavours, uniqueName } from '../setup/clusters.js';
import { leaked, settle } from '../setup/leaks.js';
import { consumeN, kcatWrite, LONG_RUN, offsetsByPartition, range, suiteCluster } from './helpers.js';

const RECORDS = LONG_RUN ? 1_000_000 : 12_000;

describe.each(flavours('kafka3.9-single', 'kafka4-single'))(
  'SimpleConsumer with Java-written data on $name',
  (kafka) => {
    const use = suiteCluster(kafka.bootstrap);

    it.each(['none', 'gzip', 'snappy', 'lz4', 'zstd'])(
      "reads every record of Kafka's ProducerPerformance (%s, 12 partitions) exactly once",
      async (codec) => {
        const cluster = use();
        const topic = await newTopic(cluster, `cons-perf-${codec}`, 12);
        const result = await producerPerformance(kafka, topic, {
          records: RECORDS,
          recordSize: 100,
          producerProps: { acks: 'all', 'linger.ms': 5, 'compression.type': codec },
        });
        expect(result.records).toBe(RECORDS);
        const ends = await listOffsets(cluster, topic, range(12).map(Number), LATEST_OFFSET);
        await using consumer = new SimpleConsumer(cluster, topic);
        const got = await consumeN(consumer, RECORDS);
        expect(await consumer.consume(500)).toBeNull();
        const offsets = offsetsByPartition(got);
        let total = 0;
        for (const [p, end] of ends) {
          expect(offsets.get(p) ?? [], `partition ${p}`).toEqual(range(Number(end.offset)));
          total += Number(end.offset);
        }
        expect(total).toBe(RECORDS);
        expect(got.every((m) => m.value?.length === 100)).toBe(true);
      },
    );

    it("close() releases the consumer's sockets and timers (the cluster's own stay until it closes)", async () => {
      const cluster = use();
      const topic = await newTopic(cluster, 'cons-leak', 3);
      const group = uniqueName('cons-leak');
      await kcatWrite(kafka.bootstrap, topic, ['a', 'b', 'c']);
      // Open the cluster's shared connections first (metadata, coordinator) so only the consumer's count.
      await cluster.refresh([topic]);
      await cluster.findCoordinator(group);
      await settle();
      const before = process.getActiveResourcesInfo();
      const consumer = new SimpleConsumer(cluster, topic, {
        consumerGroup: group,
        autoCommitEnable: true,
        autoCommitIntervalMs: 100,
      });
      await consumeN(consumer, 3);
      const during = leaked(before, process.getActiveResourcesInfo());
      expect(during).toContain('TCPSocketWrap');
      expect(during).toContain('Timeout');
      await consumer.close();
      await settle();
      expect(leaked(before, process.getActiveResourcesInfo())).toEqual([]);
    });
  },
);
