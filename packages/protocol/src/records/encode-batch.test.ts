import { describe, expect, it } from 'vitest';
import { CompressionCodec } from '../compression/codecs.js';
import { KafkaEncodeError } from '../errors/kafka-error.js';
import { crc32c } from './crc32c.js';
import { decodeRecordBatches } from './decode.js';
import { encodeRecordBatch } from './encode-batch.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('encodeRecordBatch', () => {
  it('writes into the buffer `allocate` gives, the same bytes as by default', async () => {
    const records = [{ key: 'k', value: Buffer.alloc(300, 7), timestamp: 1000 }];
    for (const compression of [CompressionCodec.None, CompressionCodec.Gzip]) {
      const given: Buffer[] = [];
      const allocate = (size: number) => {
        given.push(Buffer.alloc(size, 0xee));
        return given[given.length - 1]!;
      };
      const batch = await encodeRecordBatch(records, { compression, allocate });
      expect(given).toHaveLength(1);
      expect(batch).toBe(given[0]);
      expect(batch).toEqual(await encodeRecordBatch(records, { compression }));
    }
    const short = (size: number) => Buffer.alloc(size - 1);
    await expect(encodeRecordBatch(records, { allocate: short })).rejects.toThrow(KafkaEncodeError);
  });

  it('writes the bytes the spec prescribes for a hand-built batch', async () => {
    const batch = await encodeRecordBatch(
      [{ key: 'k', value: Buffer.from('v'), headers: [{ key: 'h', value: 'x' }], timestamp: 1000 }],
      { baseOffset: 5n, producerId: 7n, producerEpoch: 1, baseSequence: 3 },
    );
    const afterCrc = hex(`
      0000 00000000 00000000000003e8 00000000000003e8 0000000000000007 0001 00000003 00000001
      18 00 00 00 02 6b 02 76 02 02 68 02 78`);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32c(afterCrc));
    const expected = Buffer.concat([hex('0000000000000005 0000003e ffffffff 02'), crc, afterCrc]);
    expect(batch.toString('hex')).toBe(expected.toString('hex'));
  });

  it('writes deltas against the first timestamp, the max timestamp, and negative deltas', async () => {
    const batch = await encodeRecordBatch([
      { value: 'a', timestamp: 5000 },
      { value: 'b', timestamp: 4000 },
      { value: 'c', timestamp: 9000 },
    ]);
    expect(batch.readBigInt64BE(27)).toBe(5000n);
    expect(batch.readBigInt64BE(35)).toBe(9000n);
    expect(batch.readInt32BE(23)).toBe(2);
    const [decoded] = await decodeRecordBatches(batch);
    expect(decoded!.records.map((r) => [r.offset, r.timestamp])).toEqual([
      [0n, 5000],
      [1n, 4000],
      [2n, 9000],
    ]);
  });

  it('sets every attribute bit it is asked to', async () => {
    const batch = await encodeRecordBatch([{ value: null, timestamp: 1 }], {
      compression: CompressionCodec.Gzip,
      timestampType: 1,
      transactional: true,
      isControl: true,
      deleteHorizonMs: 77,
    });
    expect(batch.readInt16BE(21)).toBe(0x01 | 0x08 | 0x10 | 0x20 | 0x40);
    expect(batch.readBigInt64BE(27)).toBe(77n);
  });

  it('rejects what cannot be written with typed errors', async () => {
    const bad: Array<[Parameters<typeof encodeRecordBatch>[0], Parameters<typeof encodeRecordBatch>[1]]> = [
      [[], {}],
      [[{ value: 'x' }], { compression: 7 as CompressionCodec }],
      [[{ value: 'x' }], { producerEpoch: 40000 }],
      [[{ value: 'x' }], { baseSequence: 2 ** 31 }],
      [[{ value: 'x' }], { producerId: 1n << 63n }],
      [[{ value: 'x', timestamp: 1.5 }], {}],
      [[{ value: 'x', timestamp: Number.NaN }], {}],
    ];
    for (const [records, options] of bad)
      await expect(encodeRecordBatch(records, options)).rejects.toBeInstanceOf(KafkaEncodeError);
  });
});
