import { CompressionCodec, codecName, encodeRecordBatch } from '@tskafka/protocol';
import { describe, expect, it } from 'vitest';
import { flavours, uniqueName } from '../setup/clusters.js';
import { javaRead, javaWrite } from './java-tools.js';
import { connect, fetchBatches, fetchRaw, oneTopic, produceBatch } from './wire.js';

const CODECS = [CompressionCodec.Gzip, CompressionCodec.Snappy, CompressionCodec.Lz4, CompressionCodec.Zstd];
const COUNT = 50;

describe.each(flavours('kafka3.9-single', 'kafka4-single'))('Java client interop on $name', (kafka) => {
  it.each(CODECS.map((codec) => ({ codec, name: codecName(codec) })))(
    'decodes $name batches written by the Java producer',
    async ({ codec, name }) => {
      const topic = uniqueName(`java-${name}`);
      await oneTopic(kafka, topic);
      const values = Array.from({ length: COUNT }, (_, i) => `java-${name}-${i}`);
      await javaWrite(
        kafka,
        topic,
        name,
        values.map((v, i) => `k${i}:${v}`),
      );
      await using connection = await connect(kafka);
      const batches = await fetchBatches(connection, topic, COUNT);
      expect(batches.every((b) => b.compression === codec)).toBe(true);
      const records = batches.flatMap((b) => b.records);
      expect(records.map((r) => r.value?.toString())).toEqual(values);
      expect(records.map((r) => r.key?.toString())).toEqual(values.map((_, i) => `k${i}`));
      if (codec === CompressionCodec.Snappy) {
        // the Java client frames snappy as snappy-java's stream: magic right after the batch header
        const raw = await fetchRaw(connection, topic);
        expect(raw?.subarray(61, 69).toString('latin1')).toBe('\x82SNAPPY\x00');
      }
    },
  );

  it('writes batches with every codec that the Java consumer reads back', async () => {
    const topic = uniqueName('tsk-java');
    await oneTopic(kafka, topic);
    await using connection = await connect(kafka);
    const expected: string[] = [];
    for (const codec of CODECS) {
      const name = codecName(codec);
      const records = Array.from({ length: 10 }, (_, i) => ({
        key: `${name}-k${i}`,
        value: `${name}-v${i}`,
        headers: [{ key: 'codec', value: name }],
      }));
      await produceBatch(connection, topic, await encodeRecordBatch(records, { compression: codec }));
      expected.push(...records.map((r) => `codec:${name}|${r.key}|${r.value}`));
    }
    expect(await javaRead(kafka, topic, expected.length)).toEqual(expected);
  });
});
