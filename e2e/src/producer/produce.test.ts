import { type CompressionName, Producer, type RecordMetadata, SyncProducer } from '@tskafka/producer';
import { describe, expect, it } from 'vitest';
import { flavours } from '../setup/clusters.js';
import {
  byPartition,
  type KcatRecord,
  kcatReadAll,
  newTopic,
  pythonReadAll,
  suiteCluster,
} from './helpers.js';

// 3 000 records per codec keeps the suite quick on 2 cores; TSKAFKA_PRODUCER_COUNT=100000 runs
// the full-size check.
const COUNT = Number(process.env.TSKAFKA_PRODUCER_COUNT ?? 3_000);
const CODECS: CompressionName[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

interface Sent {
  key: string | null;
  value: string;
  headers: { key: string; value: string }[];
  timestamp: number;
}

function records(count: number): Sent[] {
  const base = Date.now() - 3_600_000;
  return Array.from({ length: count }, (_, i) => ({
    key: i % 11 === 0 ? null : `key-${i % 97}`,
    value: `value-${i}-${'x'.repeat(i % 40)}`,
    headers:
      i % 3 === 0
        ? []
        : [
            { key: 'n', value: String(i) },
            { key: 'h2', value: 'two' },
          ],
    timestamp: base + i,
  }));
}

/** Every record read is one we sent, at the offset its ack named, with key, headers and timestamp. */
function expectExactly(read: KcatRecord[], where: Map<string, Sent>): void {
  expect(read).toHaveLength(where.size);
  for (const m of read) {
    const r = where.get(`${m.partition}/${m.offset}`);
    expect(r, `p${m.partition} @${m.offset}`).toBeDefined();
    expect(m.payload).toBe(r?.value);
    expect(m.key).toBe(r?.key);
    expect(m.ts).toBe(r?.timestamp);
    expect(m.headers ?? []).toEqual(r?.headers.flatMap((h) => [h.key, h.value]));
  }
}

describe.each(flavours('kafka3.9-single', 'kafka4-single'))('Producer on $name', (kafka) => {
  const cluster = suiteCluster(kafka.bootstrap);

  it.each(CODECS)(
    'writes %s batches that kcat (and python3-kafka for none/gzip) read back exactly, in order per partition',
    async (compression) => {
      const topic = await newTopic(cluster(), `prod-${compression}`, 3);
      const sent = records(COUNT);
      await using producer = new Producer(cluster(), topic, { compression, lingerMs: 20 });
      const acks = await Promise.all(
        sent.map((r) =>
          producer.produce(r.value, {
            partitionKey: r.key ?? undefined,
            headers: r.headers,
            timestamp: r.timestamp,
          }),
        ),
      );
      // Offsets returned per partition are 0..n-1 in produce order: nothing lost, nothing reordered.
      for (const [partition, list] of byPartition(acks)) {
        expect(list.map((a) => a.offset)).toEqual(list.map((_, i) => BigInt(i)));
        const order = acks.filter((a) => a.partition === partition).map((a) => a.offset);
        expect(order).toEqual([...order].sort((a, b) => Number(a - b)));
      }
      const where = new Map(acks.map((a, i) => [`${a.partition}/${a.offset}`, sent[i] as Sent]));
      expectExactly(await kcatReadAll(kafka.bootstrap, topic, COUNT), where);
      if (compression === 'none' || compression === 'gzip')
        expectExactly(await pythonReadAll(kafka.bootstrap, topic, COUNT), where);
      expect(acks.map((a) => a.timestamp)).toEqual(sent.map((r) => r.timestamp));
    },
  );

  it('honours acks 0, 1 and all (acks 0 reports offset -1)', async () => {
    const topic = await newTopic(cluster(), 'prod-acks', 1);
    for (const requiredAcks of [0, 1, 'all'] as const) {
      await using producer = new Producer(cluster(), topic, { requiredAcks });
      const result = await Promise.all(['a', 'b'].map((v) => producer.produce(`${requiredAcks}-${v}`)));
      if (requiredAcks === 0) expect(result.map((r) => r.offset)).toEqual([-1n, -1n]);
      else expect(result.map((r) => r.offset)).toEqual(result.map((_, i) => result[0]!.offset + BigInt(i)));
    }
    const read = await kcatReadAll(kafka.bootstrap, topic, 6);
    expect(read.map((m) => m.payload)).toEqual(['0-a', '0-b', '1-a', '1-b', 'all-a', 'all-b']);
  });

  it('SyncProducer sends one record at a time, each acknowledged before the next', async () => {
    const topic = await newTopic(cluster(), 'prod-sync', 2);
    await using producer = new SyncProducer(cluster(), topic, { partitioner: 'round-robin' });
    const results: RecordMetadata[] = [];
    const pending = Array.from({ length: 6 }, (_, i) =>
      producer.produce(`s${i}`).then((r) => {
        results.push(r);
        return r;
      }),
    );
    await Promise.all(pending);
    expect(results.map((r) => r.partition)).toEqual([1, 0, 1, 0, 1, 0]);
    expect(results.map((r) => r.offset)).toEqual([0n, 0n, 1n, 1n, 2n, 2n]);
  });

  it('fills PyKafka-style delivery reports, successes and failures', async () => {
    const topic = await newTopic(cluster(), 'prod-reports', 1);
    await using producer = new Producer(cluster(), topic, { deliveryReports: true, maxRequestSize: 10_000 });
    await producer.produce('ok-1', { partitionKey: 'k' });
    await producer.produce('ok-2');
    const first = await producer.getDeliveryReport(1000);
    const second = await producer.getDeliveryReport(1000);
    expect(first?.[0]).toMatchObject({ value: 'ok-1', partitionKey: 'k', partition: 0, offset: 0n });
    expect(first?.[1]).toBeNull();
    expect(second?.[0].offset).toBe(1n);
    expect(await producer.getDeliveryReport(0)).toBeUndefined();
  });

  it('uses a serializer for values and keys', async () => {
    const topic = await newTopic(cluster(), 'prod-serializer', 1);
    await using producer = new Producer<{ n: number }, number>(cluster(), topic, {
      serializer: (value, key) => [JSON.stringify(value), key === undefined ? null : `k${key}`],
    });
    await producer.produce({ n: 1 }, { partitionKey: 7 });
    const [m] = await kcatReadAll(kafka.bootstrap, topic, 1);
    expect([m?.key, m?.payload]).toEqual(['k7', '{"n":1}']);
  });
});
