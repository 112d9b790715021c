import { describe, expect, it } from 'vitest';
import { CompressionCodec } from '../compression/codecs.js';
import { KafkaDecodeError } from '../errors/kafka-error.js';
import { decodeRecordBatches, visitRecordBatches } from './decode.js';
import { encodeRecordBatch } from './encode-batch.js';
import { legacyMessage } from './test-support/legacy-message.js';
import type { RecordBatchHeader, RecordHeader } from './types.js';
import type { RecordVisitor } from './visitor.js';

type Seen = [
  via: string,
  offsetDelta: number,
  timestamp: number,
  key: string | null,
  value: string | null,
  headers: number,
];

/** Records what each callback got, with key and value read back from the spans. */
function spanVisitor(seen: Seen[]): RecordVisitor {
  const text = (memory: ArrayBufferLike, at: number, length: number) =>
    length < 0 ? null : Buffer.from(memory, at, length).toString();
  return {
    record(_h: RecordBatchHeader, delta, timestamp, key, value, headers: RecordHeader[]) {
      seen.push([
        'record',
        delta,
        timestamp,
        key?.toString() ?? null,
        value?.toString() ?? null,
        headers.length,
      ]);
    },
    recordSpans(_h, delta, timestamp, memory, keyAt, keyLength, valueAt, valueLength, headers) {
      const row: Seen = [
        'spans',
        delta,
        timestamp,
        text(memory, keyAt, keyLength),
        text(memory, valueAt, valueLength),
        headers.length,
      ];
      seen.push(row);
    },
  };
}

const records = [
  { key: 'k0', value: 'v0', timestamp: 1_000, headers: [{ key: 'h', value: 'x' }] },
  { key: null, value: 'v1', timestamp: 1_001 },
  { key: 'k2', value: null, timestamp: 1_002 },
  { key: null, value: '', timestamp: 1_003 },
];

describe('RecordVisitor.recordSpans', () => {
  it('reports v2 records as positions that read back to the same bytes, compressed or not', async () => {
    for (const compression of [CompressionCodec.None, CompressionCodec.Lz4, CompressionCodec.Gzip]) {
      const batch = await encodeRecordBatch(records, { baseOffset: 5n, compression });
      const seen: Seen[] = [];
      await visitRecordBatches(batch, spanVisitor(seen));
      const [decoded] = await decodeRecordBatches(batch);
      expect(seen).toEqual(
        (decoded?.records ?? []).map(
          (r, i): Seen => [
            'spans',
            i,
            r.timestamp,
            r.key?.toString() ?? null,
            r.value?.toString() ?? null,
            r.headers.length,
          ],
        ),
      );
    }
  });

  it('leaves legacy (magic 0/1) records to record()', async () => {
    const seen: Seen[] = [];
    await visitRecordBatches(legacyMessage(1, 7n, 'old', { key: 'k', timestamp: 9 }), spanVisitor(seen));
    expect(seen).toEqual([['record', 0, 9, 'k', 'old', 0]]);
  });

  it('still rejects a length that runs past the record', async () => {
    const batch = await encodeRecordBatch([{ value: 'abc' }]);
    // the value's length varint (zig-zag 3 = 6) becomes 60: past the end of the record
    const at = batch.indexOf(Buffer.from([6, 0x61, 0x62, 0x63]));
    batch[at] = 60;
    await expect(visitRecordBatches(batch, spanVisitor([]), { verifyCrc: false })).rejects.toBeInstanceOf(
      KafkaDecodeError,
    );
  });
});
