import v8 from 'node:v8';
import vm from 'node:vm';
import { SimpleConsumer } from '@tskafka/consumer';
import { producerPerformance } from '@tskafka/harness';
import { describe, expect, it } from 'vitest';
import { newTopic } from '../producer/helpers.js';
import { flavours } from '../setup/clusters.js';
import { LONG_RUN, suiteCluster } from './helpers.js';

// In CI 300 000 records of 100 bytes (30 MB of values) stand in for the 1M-record long run.
const RECORDS = LONG_RUN ? 1_000_000 : 300_000;
const QUEUED_MAX = 2_000;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Bytes of live Buffers/ArrayBuffers after a full collection. */
function liveBufferBytes(): number {
  gc();
  return process.memoryUsage().arrayBuffers;
}

describe.each(flavours('kafka3.9-single', 'kafka4-single'))('SimpleConsumer memory on $name', (kafka) => {
  const use = suiteCluster(kafka.bootstrap);

  it('a slow application keeps the queue near queuedMaxMessages and memory independent of topic size', async () => {
    const cluster = use();
    const topic = await newTopic(cluster, 'cons-memory', 1);
    await producerPerformance(kafka, topic, {
      records: RECORDS,
      recordSize: 100,
      producerProps: { acks: 1, 'linger.ms': 5 },
    });
    const baseline = liveBufferBytes();
    await using consumer = new SimpleConsumer(cluster, topic, { queuedMaxMessages: QUEUED_MAX });
    // One fetch (fetchMessageMaxBytes, 1 MiB: about 8 000 of these records) may land past the bound.
    const bound = QUEUED_MAX + 10_000;
    const samples: { queued: number; extraBytes: number }[] = [];
    let read = 0;
    for (let round = 0; round < 6; round++) {
      await new Promise((resolve) => setTimeout(resolve, 400)); // the application is busy: fetching must stop
      samples.push({ queued: consumer.queuedMessages, extraBytes: liveBufferBytes() - baseline });
      const target = ((round + 1) * RECORDS) / 6;
      while (read < target) {
        const m = await consumer.consume(10_000);
        if (m === null) throw new Error(`stalled after ${read} records`);
        if (m.offset !== BigInt(read)) throw new Error(`offset ${m.offset} where ${read} was expected`);
        read++;
      }
    }
    expect(read).toBe(RECORDS);
    expect(await consumer.consume(300)).toBeNull();
    const MiB = 1024 * 1024;
    for (const s of samples) {
      expect(s.queued).toBeGreaterThan(0);
      expect(s.queued).toBeLessThanOrEqual(bound);
      // The topic holds over 30 MB and the last sample comes after 25 MB were consumed, so memory
      // that grew with what was read would pass this bound; what the consumer keeps is a few fetch
      // responses (queued messages are views into them) plus whatever else the test worker holds.
      expect(s.extraBytes).toBeLessThan(16 * MiB);
    }
  });

  it('queuedMaxBytes bounds the queue by key and value bytes when the message bound is far away', async () => {
    const cluster = use();
    const topic = await newTopic(cluster, 'cons-memory-bytes', 1);
    const records = 20_000;
    await producerPerformance(kafka, topic, {
      records,
      recordSize: 1_024,
      producerProps: { acks: 1, 'linger.ms': 5 },
    });
    const queuedMaxBytes = 100_000;
    await using consumer = new SimpleConsumer(cluster, topic, {
      queuedMaxMessages: 1_000_000,
      queuedMaxBytes,
    });
    // The bound, plus one fetch (fetchMessageMaxBytes, 1 MiB: about 1 000 of these records).
    const bound = Math.ceil(queuedMaxBytes / 1_024) + 1_030;
    let read = 0;
    for (let round = 0; round < 4; round++) {
      await new Promise((resolve) => setTimeout(resolve, 300)); // the application is busy
      expect(consumer.queuedMessages).toBeGreaterThan(0);
      expect(consumer.queuedMessages).toBeLessThanOrEqual(bound);
      const target = ((round + 1) * records) / 4;
      while (read < target) {
        const m = await consumer.consume(10_000);
        if (m === null) throw new Error(`stalled after ${read} records`);
        if (m.offset !== BigInt(read)) throw new Error(`offset ${m.offset} where ${read} was expected`);
        read++;
      }
    }
    expect(await consumer.consume(300)).toBeNull();
  });
});
