import { Producer } from '@tskafka/producer';
import { describe, expect, it } from 'vitest';
import { javaWrite } from '../records/java-tools.js';
import { flavours } from '../setup/clusters.js';
import { kcatReadAll, newTopic, suiteCluster } from './helpers.js';

const PARTITIONS = 7;
const KEYS = [
  ...Array.from({ length: 150 }, (_, i) => `user-${i * 7919}`),
  'a',
  'ab',
  'abc',
  'kafka',
  'sarama',
  'ключ',
  '鍵-キー',
  'a-little-bit-longer-string',
];

describe.each(flavours('kafka3.9-single', 'kafka4-single'))('keyed partitioning on $name', (kafka) => {
  const cluster = suiteCluster(kafka.bootstrap);

  it("puts every key on the partition Kafka's Java producer picks", async () => {
    const javaTopic = await newTopic(cluster(), 'part-java', PARTITIONS);
    const ourTopic = await newTopic(cluster(), 'part-tsk', PARTITIONS);
    await javaWrite(
      kafka,
      javaTopic,
      'none',
      KEYS.map((k) => `${k}:v`),
    );
    const java = new Map(
      (await kcatReadAll(kafka.bootstrap, javaTopic, KEYS.length)).map((m) => [m.key, m.partition]),
    );
    expect(java.size).toBe(KEYS.length);
    await using producer = new Producer(cluster(), ourTopic);
    const ours = await Promise.all(KEYS.map((k) => producer.produce('v', { partitionKey: k })));
    const mismatches = KEYS.filter((k, i) => java.get(k) !== ours[i]?.partition);
    expect(mismatches).toEqual([]);
    // The keys really spread, so agreement is not an accident of one partition.
    expect(new Set(ours.map((r) => r.partition)).size).toBe(PARTITIONS);
  });

  it('spreads keyless records in sticky runs over every partition', async () => {
    const topic = await newTopic(cluster(), 'part-sticky', 3);
    await using producer = new Producer(cluster(), topic, { batchSize: 1_000, lingerMs: 50 });
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        producer.produce(`value-${String(i).padStart(4, '0')}-${'x'.repeat(70)}`),
      ),
    );
    const runs = results.filter((r, i) => i === 0 || r.partition !== results[i - 1]?.partition).length;
    // ~100-byte records, 1 000-byte batches: about 30 runs of ~10 records, not 300 runs of 1.
    expect(runs).toBeGreaterThan(15);
    expect(runs).toBeLessThan(60);
    expect(new Set(results.map((r) => r.partition)).size).toBe(3);
  });
});
