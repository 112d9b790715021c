import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompressionCodec } from '../compression/codecs.js';
import { encodeControlRecordKey } from './control.js';
import { decodeRecordBatches } from './decode.js';
import { encodeRecordBatch } from './encode-batch.js';
import { ControlRecordType, type ProduceRecord, type RecordBatchOptions } from './types.js';

const bytes = fc.option(
  fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
  { nil: null },
);
const record: fc.Arbitrary<ProduceRecord> = fc.record({
  key: bytes,
  value: bytes,
  headers: fc.array(fc.record({ key: fc.string({ maxLength: 10 }), value: bytes }), { maxLength: 3 }),
  timestamp: fc.integer({ min: 0, max: 2 ** 45 }),
});
const options: fc.Arbitrary<RecordBatchOptions> = fc.record({
  compression: fc.constantFrom(0, 1, 2, 3, 4) as fc.Arbitrary<CompressionCodec>,
  baseOffset: fc.bigInt({ min: 0n, max: (1n << 62n) - 1n }),
  partitionLeaderEpoch: fc.integer({ min: -1, max: 2 ** 31 - 1 }),
  producerId: fc.bigInt({ min: -1n, max: (1n << 63n) - 1n }),
  producerEpoch: fc.integer({ min: -1, max: 32767 }),
  baseSequence: fc.integer({ min: -1, max: 2 ** 31 - 1 }),
  transactional: fc.boolean(),
  timestampType: fc.constantFrom(0, 1) as fc.Arbitrary<0 | 1>,
  deleteHorizonMs: fc.option(fc.integer({ min: 0, max: 2 ** 45 }), { nil: undefined }),
});
/** null for a data batch, else the control type whose key the first record carries. */
const control = fc.constantFrom(null, ControlRecordType.Abort, ControlRecordType.Commit, 42);

describe('record batch round trip', () => {
  it('decodes what it encodes, for every codec and attribute', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(record, { minLength: 1, maxLength: 20 }),
        options,
        control,
        async (recs, o, type) => {
          if (type !== null) recs[0] = { ...recs[0]!, key: encodeControlRecordKey(type) };
          const [b, ...rest] = await decodeRecordBatches(
            await encodeRecordBatch(recs, { ...o, isControl: type !== null }),
          );
          expect(rest).toHaveLength(0);
          const maxTs = Math.max(...recs.map((r) => r.timestamp!));
          const { transactional, deleteHorizonMs, ...same } = o;
          expect(b).toMatchObject({
            ...same,
            isTransactional: transactional,
            magic: 2,
            isControl: type !== null,
            control: type === null ? null : { version: 0, type },
            hasDeleteHorizon: deleteHorizonMs !== undefined,
            recordCount: recs.length,
            lastOffsetDelta: recs.length - 1,
            baseTimestamp: deleteHorizonMs ?? recs[0]!.timestamp,
            maxTimestamp: maxTs,
          });
          expect(b!.records).toEqual(
            recs.map((r, i) => ({
              offset: o.baseOffset! + BigInt(i),
              timestamp: o.timestampType === 1 ? maxTs : r.timestamp,
              key: r.key,
              value: r.value,
              headers: r.headers,
            })),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
