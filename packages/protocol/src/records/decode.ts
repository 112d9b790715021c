import { KafkaDecodeError } from '../errors/kafka-error.js';
import { decodeLegacyEntry, LEGACY_MIN_SIZE } from './decode-legacy.js';
import { type DecodeRecordsOptions, decodeBatchV2 } from './decode-v2.js';
import { BATCH_HEADER_SIZE } from './encode-batch.js';
import { recordOffset } from './record-offset.js';
import type { ControlRecordKey, KafkaRecord, RecordBatch, RecordBatchHeader, RecordHeader } from './types.js';
import type { RecordVisitor } from './visitor.js';

/** Largest record array made at its final length up front (V8 makes larger ones sparse). */
const PREALLOCATE_MAX = 16384;

/** Entries put their magic byte here, after offset (8), size (4) and epoch or CRC (4). */
const MAGIC_OFFSET = 16;

/**
 * Walks a RECORDS field (a Produce or Fetch `records` buffer): any mix of v2 batches and legacy
 * magic 0/1 messages. A trailing entry cut short by the broker's size limit is dropped, as Kafka
 * clients do; anything else malformed is a {@link KafkaDecodeError} (a bad checksum its subclass
 * {@link KafkaChecksumError}; corrupt compressed data a `KafkaCompressionError`).
 * @param records the field's bytes; null counts as empty
 * @returns the number of complete entries (batches or legacy top-level messages) visited; 0 for a
 *   non-empty buffer means even the first entry was cut short (the fetch size is too small for it)
 */
export async function visitRecordBatches(
  records: Buffer | null,
  visitor: RecordVisitor,
  options: DecodeRecordsOptions = {},
): Promise<number> {
  if (records === null) return 0;
  const end = records.length;
  let at = 0;
  let entries = 0;
  while (end - at > MAGIC_OFFSET) {
    const size = records.readInt32BE(at + 8);
    const magic = records[at + MAGIC_OFFSET]!;
    const minimum = magic === 2 ? BATCH_HEADER_SIZE - 12 : LEGACY_MIN_SIZE;
    if (magic > 2) throw new KafkaDecodeError(`unknown record format magic ${magic}`, at + MAGIC_OFFSET);
    if (size < minimum)
      throw new KafkaDecodeError(`entry has size ${size}, below the minimum ${minimum}`, at + 8);
    if (size > end - at - 12) break; // partial trailing entry
    const entryEnd = at + 12 + size;
    if (magic === 2) await decodeBatchV2(records, at, entryEnd, visitor, options);
    else await decodeLegacyEntry(records, at, entryEnd, visitor, options);
    entries++;
    at = entryEnd;
  }
  return entries;
}

/**
 * Decodes a RECORDS field into batches with their records (see {@link visitRecordBatches} for
 * what is accepted). Each record is one small object whose key and value are views into `records`
 * or into the batch's decompressed bytes; use {@link visitRecordBatches} to avoid even that.
 */
export async function decodeRecordBatches(
  records: Buffer | null,
  options: DecodeRecordsOptions = {},
): Promise<RecordBatch[]> {
  const collector = new BatchCollector();
  await visitRecordBatches(records, collector, options);
  return collector.batches;
}

/** Builds the batches of {@link decodeRecordBatches}: one record object per record. */
class BatchCollector implements RecordVisitor {
  readonly batches: RecordBatch[] = [];
  private current: KafkaRecord[] = [];
  private filled = 0;

  batch(header: RecordBatchHeader, control: ControlRecordKey | null): boolean {
    // a batch delivers exactly recordCount records or the decode throws, so the array can be
    // made at its final length (no growth copies); capped, as the count is not checked yet
    const n = header.recordCount;
    this.current = n <= PREALLOCATE_MAX ? new Array(n) : [];
    this.filled = 0;
    this.batches.push({ ...header, records: this.current, control });
    return true;
  }

  record(
    h: RecordBatchHeader,
    offsetDelta: number,
    timestamp: number,
    key: Buffer | null,
    value: Buffer | null,
    headers: RecordHeader[],
  ): void {
    const offset = recordOffset(h.baseOffset, offsetDelta);
    this.current[this.filled++] = { offset, timestamp, key, value, headers };
  }
}
