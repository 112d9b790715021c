import { CompressionCodec, encodeRecordBatch, TimestampType } from '@tskafka/protocol';
import { describe, expect, it } from 'vitest';
import { flavours, uniqueName } from '../setup/clusters.js';
import { connect, fetchBatches, oneTopic, produceBatch } from './wire.js';

const records = Array.from({ length: 20 }, (_, i) => ({
  key: `k${i}`,
  value: `v${i}`,
  timestamp: 1_000_000 + i,
}));

describe.each(flavours('kafka3.9-single', 'kafka4-single'))(
  'batches the broker rewrites on $name',
  (kafka) => {
    it('LogAppendTime topic: the broker stamps the batch and every record reads its time', async () => {
      const topic = uniqueName('log-append');
      await oneTopic(kafka, topic, ['message.timestamp.type=LogAppendTime']);
      await using connection = await connect(kafka);
      const before = Date.now();
      await produceBatch(connection, topic, await encodeRecordBatch(records));
      const [batch] = await fetchBatches(connection, topic, records.length);
      expect(batch!.timestampType).toBe(TimestampType.LogAppendTime);
      expect(batch!.maxTimestamp).toBeGreaterThanOrEqual(before - 5_000);
      expect(new Set(batch!.records.map((r) => r.timestamp))).toEqual(new Set([batch!.maxTimestamp]));
    });

    it('topic compression differing from ours: the broker recompresses and we read its output', async () => {
      const topic = uniqueName('recompress');
      await oneTopic(kafka, topic, ['compression.type=zstd']);
      await using connection = await connect(kafka);
      await produceBatch(
        connection,
        topic,
        await encodeRecordBatch(records, { compression: CompressionCodec.Snappy }),
      );
      const [batch] = await fetchBatches(connection, topic, records.length);
      expect(batch!.compression).toBe(CompressionCodec.Zstd);
      expect(batch!.records.map((r) => [r.key?.toString(), r.value?.toString(), r.timestamp])).toEqual(
        records.map((r) => [r.key, r.value, r.timestamp]),
      );
    });
  },
);
