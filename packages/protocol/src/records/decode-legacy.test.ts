import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CompressionCodec, compress } from '../compression/codecs.js';
import { KafkaCompressionError } from '../compression/errors.js';
import { xxhash32 } from '../compression/xxhash32.js';
import { KafkaDecodeError } from '../errors/kafka-error.js';
import { decodeRecordBatches } from './decode.js';
import { encodeRecordBatch } from './encode-batch.js';
import { KafkaChecksumError } from './errors.js';
import { legacyMessage } from './test-support/legacy-message.js';

const message = legacyMessage;

const offsets = (batches: Awaited<ReturnType<typeof decodeRecordBatches>>) =>
  batches.flatMap((b) => b.records.map((r) => r.offset));

describe('legacy message sets', () => {
  it('decodes plain magic 0 and magic 1 messages, mixed with a v2 batch', async () => {
    const set = Buffer.concat([
      message(0, 7n, 'zero', { key: 'k' }),
      message(1, 8n, 'one', { timestamp: 1234 }),
      await encodeRecordBatch([{ value: 'two', timestamp: 5 }], { baseOffset: 9n }),
    ]);
    const batches = await decodeRecordBatches(set);
    expect(batches.map((b) => b.magic)).toEqual([0, 1, 2]);
    expect(offsets(batches)).toEqual([7n, 8n, 9n]);
    expect(batches[0]!.records[0]).toMatchObject({
      key: Buffer.from('k'),
      value: Buffer.from('zero'),
      timestamp: -1,
    });
    expect(batches[1]!.records[0]!.timestamp).toBe(1234);
    expect(batches[0]).toMatchObject({ producerId: -1n, isControl: false, recordCount: 1 });
  });

  it('makes magic 1 inner offsets absolute from the wrapper offset, gaps included', async () => {
    const inner = Buffer.concat([
      message(1, 0n, 'a', { timestamp: 1 }),
      message(1, 2n, 'b', { timestamp: 2 }),
    ]);
    for (const codec of [CompressionCodec.Gzip, CompressionCodec.Snappy, CompressionCodec.Lz4]) {
      const wrapper = message(1, 50n, await compress(codec, inner), { attributes: codec, timestamp: 2 });
      const [b] = await decodeRecordBatches(wrapper);
      expect(b!.records.map((r) => [r.offset, r.value?.toString(), r.timestamp])).toEqual([
        [48n, 'a', 1],
        [50n, 'b', 2],
      ]);
      expect(b).toMatchObject({ baseOffset: 48n, lastOffsetDelta: 2, compression: codec, recordCount: 2 });
    }
    const zeroWrapper = message(1, 0n, await compress(1, inner), { attributes: 1 });
    expect(offsets(await decodeRecordBatches(zeroWrapper))).toEqual([0n, 2n]);
  });

  it('keeps magic 0 inner offsets absolute and gives LogAppendTime wrappers their timestamp', async () => {
    const inner0 = Buffer.concat([message(0, 30n, 'a'), message(0, 31n, 'b')]);
    expect(
      offsets(await decodeRecordBatches(message(0, 31n, await compress(1, inner0), { attributes: 1 }))),
    ).toEqual([30n, 31n]);
    const inner1 = Buffer.concat([
      message(1, 0n, 'a', { timestamp: 1 }),
      message(1, 1n, 'b', { timestamp: 2 }),
    ]);
    const logAppend = message(1, 5n, await compress(1, inner1), { attributes: 1 | 0x08, timestamp: 999 });
    const [b] = await decodeRecordBatches(logAppend);
    expect(b!.timestampType).toBe(1);
    expect(b!.records.map((r) => r.timestamp)).toEqual([999, 999]);
  });

  it('reads lz4 with the broken header checksum of magic 0, and only there', async () => {
    const inner = Buffer.concat([message(0, 0n, 'a'), message(0, 1n, 'b')]);
    const framed = Buffer.from(await compress(CompressionCodec.Lz4, inner));
    framed[6] = (xxhash32(framed, 0, 6) >>> 8) & 0xff;
    expect(offsets(await decodeRecordBatches(message(0, 1n, framed, { attributes: 3 })))).toEqual([0n, 1n]);
    await expect(decodeRecordBatches(message(1, 1n, framed, { attributes: 3 }))).rejects.toBeInstanceOf(
      KafkaCompressionError,
    );
  });

  it('rejects bad CRCs, nested compression, zstd and malformed entries', async () => {
    const bad = message(1, 1n, 'x', { timestamp: 1 });
    bad[bad.length - 1]! ^= 1;
    await expect(decodeRecordBatches(bad)).rejects.toBeInstanceOf(KafkaChecksumError);
    const nested = message(0, 0n, await compress(1, message(0, 0n, 'deep')), { attributes: 1 });
    const wrapper = message(0, 0n, await compress(1, nested), { attributes: 1 });
    await expect(decodeRecordBatches(wrapper)).rejects.toThrow(/nested compression/);
    await expect(decodeRecordBatches(message(1, 0n, 'x', { attributes: 4 }))).rejects.toThrow(/codec 4/);
    const longKey = message(0, 0n, 'x');
    longKey.writeInt32BE(100, 18); // key length past the end (CRC refreshed below)
    longKey.writeUInt32BE(zlib.crc32(longKey.subarray(16)), 12);
    await expect(decodeRecordBatches(longKey)).rejects.toBeInstanceOf(KafkaDecodeError);
    const truncatedInner = message(0, 0n, await compress(1, message(0, 0n, 'x').subarray(0, 20)), {
      attributes: 1,
    });
    await expect(decodeRecordBatches(truncatedInner)).rejects.toThrow(/inner message|truncated/);
  });
});
