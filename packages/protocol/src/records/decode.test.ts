import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompressionCodec } from '../compression/codecs.js';
import { KafkaCompressionError } from '../compression/errors.js';
import { KafkaDecodeError } from '../errors/kafka-error.js';
import { encodeControlRecordKey, encodeEndTxnMarkerValue } from './control.js';
import { crc32c } from './crc32c.js';
import { decodeRecordBatches, visitRecordBatches } from './decode.js';
import { encodeRecordBatch } from './encode-batch.js';
import { KafkaChecksumError } from './errors.js';
import { ControlRecordType } from './types.js';

const records = [
  { key: 'k1', value: 'v1', timestamp: 1000, headers: [{ key: 'h', value: 'x' }] },
  { key: null, value: null, timestamp: 1001 },
];

/** Re-seals a tampered batch so only the change under test is wrong. */
const reseal = (b: Buffer) => {
  b.writeUInt32BE(crc32c(b, 21), 17);
  return b;
};

describe('decodeRecordBatches', () => {
  it('decodes several batches and drops a trailing partial one at any cut', async () => {
    const a = await encodeRecordBatch(records, { baseOffset: 10n });
    const b = await encodeRecordBatch([{ value: 'z', timestamp: 5 }], { baseOffset: 12n });
    const both = Buffer.concat([a, b]);
    const decoded = await decodeRecordBatches(both);
    expect(decoded.map((x) => x.records.map((r) => r.offset))).toEqual([[10n, 11n], [12n]]);
    expect(decoded[0]!.records[0]!.headers).toEqual([{ key: 'h', value: Buffer.from('x') }]);
    expect(decoded[0]!.records[1]).toMatchObject({ key: null, value: null, headers: [] });
    for (let cut = a.length; cut < both.length; cut++)
      expect(await decodeRecordBatches(both.subarray(0, cut))).toHaveLength(1);
    for (const cut of [1, 16, 17, 61, a.length - 1])
      expect(await visitRecordBatches(both.subarray(0, cut), { record: () => undefined })).toBe(0);
    expect(await decodeRecordBatches(null)).toEqual([]);
    expect(await decodeRecordBatches(Buffer.alloc(0))).toEqual([]);
  });

  it('decodes header keys that change between records at the same position', async () => {
    const keys = ['ab', 'ac', 'ab', 'abc', 'é'];
    const batch = await encodeRecordBatch(
      keys.map((key) => ({ value: 'v', headers: [{ key, value: null }] })),
    );
    const [d] = await decodeRecordBatches(batch);
    expect(d!.records.map((r) => r.headers[0]!.key)).toEqual(keys);
  });

  it('reads timestamp deltas of every varlong length exactly, negative ones too', async () => {
    const base = 1_700_000_000_000;
    // deltas taking 1, 2, 3, 4, 5 and 8 bytes, both signs, up to the largest safe timestamp
    const deltas = [
      0,
      1,
      -1,
      63,
      -64,
      64,
      8191,
      -8192,
      8192,
      2 ** 27 - 1,
      -(2 ** 27),
      2 ** 27,
      2 ** 40,
      -(2 ** 40),
    ];
    const ts = [...deltas.map((d) => base + d), Number.MAX_SAFE_INTEGER, -base];
    const batch = await encodeRecordBatch(ts.map((timestamp) => ({ value: 'v', timestamp })));
    const [d] = await decodeRecordBatches(batch);
    expect(d!.records.map((r) => r.timestamp)).toEqual(ts);
  });

  it('reads offset deltas and lengths that take one, two and three varint bytes', async () => {
    const sizes = [0, 63, 64, 8191, 8192, 100_000];
    // 9000 records fill an array made at its final size; 17000 take the growing one
    for (const count of [9000, 17000]) {
      const many = Array.from({ length: count }, (_, i) => ({
        value: Buffer.alloc(sizes[i] ?? 1, i),
        timestamp: 1,
      }));
      const [d] = await decodeRecordBatches(await encodeRecordBatch(many, { baseOffset: 5n }));
      expect(d!.records).toHaveLength(count);
      expect(d!.records[count - 1]!.offset).toBe(BigInt(count + 4));
      expect(d!.records.map((r) => r.value)).toEqual(many.map((r) => r.value));
    }
  });

  it('gives LogAppendTime batches the max timestamp on every record', async () => {
    const batch = await encodeRecordBatch(records, { timestampType: 1 });
    batch.writeBigInt64BE(424242n, 35); // the broker stamps maxTimestamp
    const [d] = await decodeRecordBatches(reseal(batch));
    expect(d!.records.map((r) => r.timestamp)).toEqual([424242, 424242]);
  });

  it('reports control batches and their transaction markers', async () => {
    const marker = await encodeRecordBatch(
      [
        {
          key: encodeControlRecordKey(ControlRecordType.Commit),
          value: encodeEndTxnMarkerValue(3),
          timestamp: 1,
        },
      ],
      { isControl: true, transactional: true, producerId: 99n, producerEpoch: 2, baseOffset: 20n },
    );
    const [d] = await decodeRecordBatches(marker);
    expect(d).toMatchObject({ isControl: true, isTransactional: true, producerId: 99n, producerEpoch: 2 });
    expect(d!.control).toEqual({ version: 0, type: ControlRecordType.Commit });
    let seen = 0;
    await visitRecordBatches(marker, { batch: (_h, control) => control === null, record: () => seen++ });
    expect(seen).toBe(0);
  });

  it('accepts batches with zero records (left by compaction), compressed or not', async () => {
    for (const compression of [CompressionCodec.None, CompressionCodec.Zstd]) {
      const b = await encodeRecordBatch([{ value: 'x', timestamp: 1 }], { compression });
      const empty = Buffer.from(b.subarray(0, 61));
      empty.writeInt32BE(49, 8);
      empty.writeInt32BE(0, 57);
      const [d] = await decodeRecordBatches(reseal(empty));
      expect(d).toMatchObject({ recordCount: 0, compression, records: [] });
    }
  });

  it('hands the visitor views, not copies', async () => {
    const batch = await encodeRecordBatch(records);
    await visitRecordBatches(batch, {
      record: (_h, _o, _t, key) => {
        if (key) expect(key.buffer).toBe(batch.buffer);
      },
    });
  });
});

describe('hostile record batches', () => {
  const rejects = async (
    b: Buffer,
    type: new (...a: never[]) => Error,
    pattern: RegExp,
    maxBytes?: number,
  ) => {
    const err = await decodeRecordBatches(b, { maxDecompressedBytes: maxBytes }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(type);
    expect((err as Error).message).toMatch(pattern);
  };

  it('checks the CRC over attributes..end, and not over the leader epoch', async () => {
    const batch = await encodeRecordBatch(records);
    const epoch = Buffer.from(batch);
    epoch.writeInt32BE(7, 12);
    expect((await decodeRecordBatches(epoch))[0]!.partitionLeaderEpoch).toBe(7);
    const flipped = Buffer.from(batch);
    flipped[69]! ^= 1; // inside the first record's value
    await rejects(flipped, KafkaChecksumError, /checksum mismatch/);
    expect(await decodeRecordBatches(flipped, { verifyCrc: false })).toHaveLength(1);
  });

  it('rejects bad sizes, magic, codec bits, counts, varints and lengths', async () => {
    const batch = await encodeRecordBatch(records);
    const tamper = (f: (b: Buffer) => void, sealed = true) => {
      const b = Buffer.from(batch);
      f(b);
      return sealed ? reseal(b) : b;
    };
    await rejects(
      tamper((b) => b.writeInt32BE(-1, 8), false),
      KafkaDecodeError,
      /size -1/,
    );
    await rejects(
      tamper((b) => b.writeInt32BE(10, 8), false),
      KafkaDecodeError,
      /below the minimum/,
    );
    await rejects(
      tamper((b) => (b[16] = 3), false),
      KafkaDecodeError,
      /magic 3/,
    );
    await rejects(
      tamper((b) => b.writeInt16BE(5, 21)),
      KafkaDecodeError,
      /unknown compression codec 5/,
    );
    await rejects(
      tamper((b) => b.writeInt32BE(-2, 57)),
      KafkaDecodeError,
      /-2 records/,
    );
    await rejects(
      tamper((b) => b.writeInt32BE(3, 57)),
      KafkaDecodeError,
      /runs past the end/,
    );
    await rejects(
      tamper((b) => b.writeInt32BE(1, 57)),
      KafkaDecodeError,
      /bytes left after/,
    );
    await rejects(
      tamper((b) => b.fill(0xff, 63, 74)),
      KafkaDecodeError,
      /longer than 10/,
    ); // timestamp delta
    await rejects(
      tamper((b) => (b[61] = 0x7f)),
      KafkaDecodeError,
      /runs past the end/,
    ); // record size
    await rejects(
      tamper((b) => (b[65] = 0x05)),
      KafkaDecodeError,
      /negative length -3/,
    ); // key length
    await rejects(
      tamper((b) => (b[65] = 0x40)),
      KafkaDecodeError,
      /runs past the end/,
    );
  });

  it('rejects timestamps beyond 2^53, which a number cannot hold exactly', async () => {
    const batch = await encodeRecordBatch([{ value: 'v', timestamp: 1 }]);
    const base = Buffer.from(batch);
    base.writeBigInt64BE(2n ** 60n, 27);
    await rejects(reseal(base), KafkaDecodeError, /timestamp is beyond 2\^53/);
    const max = Buffer.from(batch);
    max.writeBigInt64BE(-(2n ** 53n), 35);
    await rejects(reseal(max), KafkaDecodeError, /timestamp is beyond 2\^53/);
    // a record whose delta is safe on its own but whose sum with the base is not
    const sum = await encodeRecordBatch([
      { value: 'v', timestamp: 0 },
      { value: 'v', timestamp: 20 },
    ]);
    const rebase = (base: number) => {
      const c = Buffer.from(sum);
      c.writeBigInt64BE(BigInt(base), 27);
      c.writeBigInt64BE(BigInt(Math.min(base + 20, Number.MAX_SAFE_INTEGER)), 35);
      return reseal(c);
    };
    const [ok] = await decodeRecordBatches(rebase(Number.MAX_SAFE_INTEGER - 20));
    expect(ok!.records.map((r) => r.timestamp)).toEqual([
      Number.MAX_SAFE_INTEGER - 20,
      Number.MAX_SAFE_INTEGER,
    ]);
    await rejects(rebase(Number.MAX_SAFE_INTEGER - 19), KafkaDecodeError, /record timestamp is beyond 2\^53/);
  });

  it('rejects a varlong timestamp delta beyond 2^53', async () => {
    // one record, built by hand, whose delta is 2^60 (zig-zag 2^61: nine bytes)
    const batch = await encodeRecordBatch([{ value: null, timestamp: 0 }]);
    const head = batch.subarray(0, 61);
    const z = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20]; // 2^61
    const body = [1 + z.length + 4, 0, ...z, 0, 1, 1, 0].map((n, i) => (i === 0 ? n * 2 : n));
    const b = Buffer.concat([head, Buffer.from(body)]);
    b.writeInt32BE(b.length - 12, 8);
    await rejects(reseal(b), KafkaDecodeError, /varlong is beyond 2\^53/);
  });

  it('turns corrupt compressed data and decompression bombs into typed errors', async () => {
    const gz = await encodeRecordBatch([{ value: Buffer.alloc(1 << 20), timestamp: 1 }], {
      compression: CompressionCodec.Gzip,
    });
    expect(gz.length).toBeLessThan(5000);
    await rejects(gz, KafkaCompressionError, /more than 65536 bytes/, 65536);
    const junk = Buffer.from(gz);
    junk.fill(0x33, 70, 90);
    await rejects(reseal(junk), KafkaCompressionError, /gzip/);
  });

  it('never throws anything but a KafkaError on mutated batches, and never hangs', async () => {
    const base = Buffer.concat([
      await encodeRecordBatch(records),
      await encodeRecordBatch(records, { compression: CompressionCodec.Lz4 }),
    ]);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.boolean(),
        async (edits, sealed) => {
          const b = Buffer.from(base);
          for (const [at, v] of edits) b[at] = v;
          if (sealed) reseal(b);
          const err = await decodeRecordBatches(b).then(
            () => undefined,
            (e: unknown) => e,
          );
          if (err !== undefined)
            expect(err, String(err)).toSatisfy(
              (e) => e instanceof KafkaDecodeError || e instanceof KafkaCompressionError,
            );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
