import { silentLogger } from '@tskafka/network';
import { Producer, type RecordMetadata } from '@tskafka/producer';
import { describe, expect, it } from 'vitest';
import { ownClusterSuite } from '../setup/own-cluster.js';
import { byPartition, kcatReadAll, newTopic } from './helpers.js';

// 20 000 records (the 200k scaled down for CI on 2 cores; TSKAFKA_FAILOVER_COUNT=200000
// for the full run), 3 partitions, RF 3, acks all.
const COUNT = Number(process.env.TSKAFKA_FAILOVER_COUNT ?? 20_000);
const WINDOW = 2_000;

// Killing brokers would disturb the shared flavours: this suite starts its own 3-broker clusters.
describe.each(['3.9', '4'] as const)(
  'producer through a leader kill on a 3-broker Kafka %s cluster',
  (version) => {
    const own = ownClusterSuite(version);

    it('loses, duplicates and reorders nothing when the leader dies mid-stream and comes back', async () => {
      const { kafka, cluster } = own();
      const topic = await newTopic(cluster, 'prod-failover', 3, 3);
      await using producer = new Producer(cluster, topic, {
        partitioner: 'round-robin',
        maxRetries: 60,
        retryBackoffMs: 100,
        lingerMs: 5,
        logger: { ...silentLogger, warn: (_fields, message) => resends.push(message) },
      });
      const resends: string[] = [];
      const acks: Promise<RecordMetadata>[] = [];
      let killed = -1;
      for (let i = 0; i < COUNT; i++) {
        acks.push(producer.produce(String(i)));
        if (i >= WINDOW) await acks[i - WINDOW];
        if (i === COUNT / 4) {
          const leader = cluster.metadata?.topics.get(topic)?.partitions.get(0)?.leader ?? -1;
          expect(leader).toBeGreaterThan(0);
          killed = leader;
          await kafka.kill(leader);
        }
        if (i === COUNT / 2) await kafka.restart(killed);
      }
      const results = await Promise.all(acks);
      // The kill really hit batches in flight: some were resent.
      expect(resends.filter((m) => m === 'resending batch').length).toBeGreaterThan(0);
      const after = cluster.metadata?.topics.get(topic)?.partitions.get(0)?.leader;
      expect(after).not.toBe(killed);

      // Every acknowledged record once, at the offset its ack named, in produce order per partition.
      const read = await kcatReadAll(kafka.bootstrap, topic, COUNT);
      expect(read).toHaveLength(COUNT);
      const values = read.map((m) => Number(m.payload));
      expect(new Set(values).size).toBe(COUNT);
      const at = new Map(read.map((m) => [`${m.partition}/${m.offset}`, Number(m.payload)]));
      results.forEach((r, i) => {
        expect(at.get(`${r.partition}/${r.offset}`)).toBe(i);
      });
      for (const list of byPartition(read).values()) {
        const inPartition = list.map((m) => Number(m.payload));
        expect(inPartition).toEqual([...inPartition].sort((a, b) => a - b));
        expect(list.map((m) => m.offset)).toEqual(list.map((_, i) => i));
      }
    });
  },
);
