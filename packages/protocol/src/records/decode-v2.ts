import { type CompressionCodec, decompress } from '../compression/codecs.js';
import { KafkaDecodeError } from '../errors/kafka-error.js';
import { decodeControlRecordKey } from './control.js';
import { crc32c } from './crc32c.js';
import { BATCH_HEADER_SIZE, CRC_START } from './encode-batch.js';
import { KafkaChecksumError } from './errors.js';
import { NO_HEADERS, RecordCursor } from './record-cursor.js';
import type { ControlRecordKey, RecordBatchHeader, TimestampType } from './types.js';
import type { RecordVisitor } from './visitor.js';

/** Options shared by the batch decoders. */
export interface DecodeRecordsOptions {
  /** Verify each batch's checksum (default true, like Java's `check.crcs`). */
  verifyCrc?: boolean;
  /** Bound on one batch's decompressed size (default 64 MiB). */
  maxDecompressedBytes?: number;
}

/** Largest high word of an INT64 whose value is a safe integer (|v| < 2^53). */
const SAFE_HIGH = 0x1fffff;

/** Reads a big-endian INT64 millisecond timestamp as a number; beyond 2^53 it would be rounded, so it is rejected. */
function int64Number(b: Buffer, at: number): number {
  const high = b.readInt32BE(at);
  if (high > SAFE_HIGH || high < -SAFE_HIGH)
    throw new KafkaDecodeError('record batch timestamp is beyond 2^53, not exact as a number', at);
  return high * 4294967296 + b.readUInt32BE(at + 4);
}

/** Parses the 61-byte v2 header of the batch at `at`, whose `size` bytes are all present. */
function readHeader(b: Buffer, at: number, verifyCrc: boolean): RecordBatchHeader {
  const end = at + 12 + b.readInt32BE(at + 8);
  const crc = b.readUInt32BE(at + 17);
  if (verifyCrc) {
    const actual = crc32c(b, at + CRC_START, end);
    if (actual !== crc) throw new KafkaChecksumError('record batch', crc, actual, at);
  }
  const attributes = b.readInt16BE(at + 21);
  const compression = attributes & 7;
  if (compression > 4)
    throw new KafkaDecodeError(`record batch has unknown compression codec ${compression}`, at + 21);
  return {
    baseOffset: b.readBigInt64BE(at),
    lastOffsetDelta: b.readInt32BE(at + 23),
    partitionLeaderEpoch: b.readInt32BE(at + 12),
    magic: 2,
    crc,
    attributes,
    compression: compression as CompressionCodec,
    timestampType: ((attributes >> 3) & 1) as TimestampType,
    isTransactional: (attributes & 0x10) !== 0,
    isControl: (attributes & 0x20) !== 0,
    hasDeleteHorizon: (attributes & 0x40) !== 0,
    baseTimestamp: int64Number(b, at + 27),
    maxTimestamp: int64Number(b, at + 35),
    producerId: b.readBigInt64BE(at + 43),
    producerEpoch: b.readInt16BE(at + 51),
    baseSequence: b.readInt32BE(at + 53),
    recordCount: b.readInt32BE(at + 57),
  };
}

/** Parses `count` records from `c` and hands them to the visitor. */
function readRecords(c: RecordCursor, h: RecordBatchHeader, visitor: RecordVisitor): void {
  const b = c.buf;
  const logAppend = h.timestampType === 1;
  const base = h.baseTimestamp;
  const spans = visitor.recordSpans !== undefined;
  for (let i = 0; i < h.recordCount; i++) {
    const size = c.varint();
    if (size < 0 || size > c.end - c.pos) c.fail(`record of ${size} bytes runs past the end of the batch`);
    const recordEnd = c.pos + size;
    const outerEnd = c.end;
    c.end = recordEnd;
    c.pos++; // record attributes: unused
    const timestamp = base + c.varlong();
    const offsetDelta = c.varint();
    let key: Buffer | null = null;
    let value: Buffer | null = null;
    let keyLength = 0;
    let keyAt = 0;
    let valueLength = 0;
    let valueAt = 0;
    if (spans) {
      keyLength = c.span();
      keyAt = c.spanAt;
      valueLength = c.span();
      valueAt = c.spanAt;
    } else {
      key = c.bytes();
      value = c.bytes();
    }
    // most records have no headers: a count of zero as the record's last byte skips the call
    let headers = NO_HEADERS;
    if (c.pos === recordEnd - 1 && b[c.pos] === 0) c.pos = recordEnd;
    else headers = c.headers();
    if (c.pos !== recordEnd)
      c.fail(`record declares ${size} bytes but its fields take ${size - (recordEnd - c.pos)}`);
    // both terms are below 2^53, their sum may not be
    if (timestamp > Number.MAX_SAFE_INTEGER || timestamp < -Number.MAX_SAFE_INTEGER)
      c.fail('record timestamp is beyond 2^53, not exact as a number');
    c.end = outerEnd;
    const stamp = logAppend ? h.maxTimestamp : timestamp;
    if (spans)
      visitor.recordSpans?.(h, offsetDelta, stamp, c.memory, keyAt, keyLength, valueAt, valueLength, headers);
    else visitor.record(h, offsetDelta, stamp, key, value, headers);
  }
  if (c.pos !== c.end) c.fail(`${c.end - c.pos} bytes left after the batch's ${h.recordCount} records`);
}

/** The control key of the batch's first record, read without moving `c`. */
function firstKey(c: RecordCursor): ControlRecordKey {
  const peek = new RecordCursor(c.buf, c.pos, c.end);
  peek.varint(); // record size
  peek.pos++; // attributes
  peek.varlong();
  peek.varint();
  return decodeControlRecordKey(peek.bytes());
}

/**
 * Decodes the complete v2 batch at `buf[at, end)`: checks the CRC, decompresses, then reports the
 * batch and its records to `visitor`.
 */
export async function decodeBatchV2(
  buf: Buffer,
  at: number,
  end: number,
  visitor: RecordVisitor,
  options: DecodeRecordsOptions,
): Promise<void> {
  const h = readHeader(buf, at, options.verifyCrc !== false);
  if (h.recordCount < 0) throw new KafkaDecodeError(`record batch has ${h.recordCount} records`, at + 57);
  if (h.recordCount === 0) {
    // an empty batch left by compaction: Java reads no records from it, whatever follows
    visitor.batch?.(h, null);
    return;
  }
  let cursor: RecordCursor;
  if (h.compression === 0) {
    cursor = new RecordCursor(buf, at + BATCH_HEADER_SIZE, end);
  } else {
    const plain = await decompress(h.compression, buf.subarray(at + BATCH_HEADER_SIZE, end), {
      maxBytes: options.maxDecompressedBytes,
    });
    cursor = new RecordCursor(plain, 0, plain.length);
  }
  const control = h.isControl ? firstKey(cursor) : null;
  if (visitor.batch?.(h, control) === false) return;
  readRecords(cursor, h, visitor);
}
