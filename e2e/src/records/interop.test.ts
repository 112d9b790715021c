import { CompressionCodec, codecName, encodeRecordBatch } from '@tskafka/protocol';
import { describe, expect, it } from 'vitest';
import { flavours, uniqueName } from '../setup/clusters.js';
import { connect, fetchBatches, kcatRead, kcatWrite, oneTopic, produceBatch } from './wire.js';

const CODECS = [CompressionCodec.Gzip, CompressionCodec.Snappy, CompressionCodec.Lz4, CompressionCodec.Zstd];
const COUNT = 200;
const values = Array.from({ length: COUNT }, (_, i) => `value-${i}-${'x'.repeat(i % 50)}`);

describe.each(flavours('kafka3.9-single', 'kafka4-single'))('record batch interop on $name', (kafka) => {
  describe.each(CODECS.map((codec) => ({ codec, name: codecName(codec) })))('$name', ({ codec, name }) => {
    it('decodes the batches kcat (librdkafka) wrote, as fetched raw from the broker', async () => {
      const topic = uniqueName(`kcat-${name}`);
      await oneTopic(kafka, topic);
      const lines = values.map((v, i) => `key-${i}:${v}`);
      await kcatWrite(kafka, topic, name, lines, ['h1=one', 'h2=two']);
      await using connection = await connect(kafka);
      const batches = await fetchBatches(connection, topic, COUNT);
      const records = batches.flatMap((b) => b.records);
      expect(batches.every((b) => b.magic === 2 && b.compression === codec)).toBe(true);
      expect(records.map((r) => r.offset)).toEqual(values.map((_, i) => BigInt(i)));
      expect(records.map((r) => r.key?.toString())).toEqual(values.map((_, i) => `key-${i}`));
      expect(records.map((r) => r.value?.toString())).toEqual(values);
      for (const r of records)
        expect(r.headers.map((h) => [h.key, h.value?.toString()])).toEqual([
          ['h1', 'one'],
          ['h2', 'two'],
        ]);
    });

    it('writes batches kcat reads back: keys, values, headers, timestamps', async () => {
      const topic = uniqueName(`tsk-${name}`);
      await oneTopic(kafka, topic);
      const timestamp = Date.now() - 60_000;
      const batch = await encodeRecordBatch(
        values.map((value, i) => ({
          key: i % 7 === 0 ? null : `k${i}`,
          value,
          headers: i % 2 === 0 ? [{ key: 'n', value: String(i) }] : [],
          timestamp: timestamp + i,
        })),
        { compression: codec },
      );
      await using connection = await connect(kafka);
      const base = await produceBatch(connection, topic, batch);
      expect(base).toBe(0n);
      const read = await kcatRead(kafka, topic, COUNT);
      expect(read.map((m) => m.payload)).toEqual(values);
      expect(read.map((m) => m.key)).toEqual(values.map((_, i) => (i % 7 === 0 ? null : `k${i}`)));
      expect(read.map((m) => m.ts)).toEqual(values.map((_, i) => timestamp + i));
      expect(read.map((m) => m.headers ?? [])).toEqual(
        values.map((_, i) => (i % 2 === 0 ? ['n', String(i)] : [])),
      );
    });
  });
});
