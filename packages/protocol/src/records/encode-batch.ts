import { CompressionCodec, compress } from '../compression/codecs.js';
import { lz4Compress } from '../compression/lz4-frame.js';
import { Scratch } from '../compression/scratch.js';
import { KafkaEncodeError } from '../errors/kafka-error.js';
import { crc32c } from './crc32c.js';
import type { ProduceRecord, RecordBatchOptions, RecordBytes } from './types.js';
import { utf8Length, writeUtf8 } from './utf8.js';
import { varintSize, writeVarint } from './varint.js';

/** Size of the record batch v2 header, up to and including recordsCount. */
export const BATCH_HEADER_SIZE = 61;
/** Offset of the first byte the CRC covers (attributes). */
export const CRC_START = 21;

const ATTR_TRANSACTIONAL = 0x10;
const ATTR_CONTROL = 0x20;
const ATTR_DELETE_HORIZON = 0x40;
const ATTR_LOG_APPEND_TIME = 0x08;

/** Uncompressed records of an lz4 batch, compressed inline before the next batch is encoded. */
const lz4Input = new Scratch(16 * 1024 * 1024);

/** Reused per call: body sizes of each record, so the second pass does not recompute them. */
let sizes = new Int32Array(1024);

const byteLength = (b: RecordBytes): number =>
  b === null ? -1 : typeof b === 'string' ? utf8Length(b) : b.length;

/** Size of a length-prefixed field (VARINT length, -1 for null, then the bytes). */
const fieldSize = (n: number): number => (n < 0 ? 1 : varintSize(n) + n);

function writeField(buf: Buffer, pos: number, b: RecordBytes, n: number): number {
  pos = writeVarint(buf, pos, n);
  if (b === null) return pos;
  if (typeof b === 'string') return writeUtf8(buf, pos, b, n);
  buf.set(b, pos);
  return pos + n;
}

function bodySize(r: ProduceRecord, offsetDelta: number, timestampDelta: number): number {
  let n = 1 + varintSize(timestampDelta) + varintSize(offsetDelta);
  n += fieldSize(byteLength(r.key ?? null)) + fieldSize(byteLength(r.value));
  const headers = r.headers;
  const count = headers === undefined ? 0 : headers.length;
  n += varintSize(count);
  for (let i = 0; i < count; i++) {
    const h = headers![i]!;
    n += fieldSize(utf8Length(h.key)) + fieldSize(byteLength(h.value));
  }
  return n;
}

function writeRecord(
  buf: Buffer,
  pos: number,
  r: ProduceRecord,
  size: number,
  offsetDelta: number,
  timestampDelta: number,
): number {
  pos = writeVarint(buf, pos, size);
  buf[pos++] = 0; // record attributes: unused
  pos = writeVarint(buf, pos, timestampDelta);
  pos = writeVarint(buf, pos, offsetDelta);
  const key = r.key ?? null;
  pos = writeField(buf, pos, key, byteLength(key));
  pos = writeField(buf, pos, r.value, byteLength(r.value));
  const headers = r.headers;
  const count = headers === undefined ? 0 : headers.length;
  pos = writeVarint(buf, pos, count);
  for (let i = 0; i < count; i++) {
    const h = headers![i]!;
    pos = writeField(buf, pos, h.key, utf8Length(h.key));
    pos = writeField(buf, pos, h.value, byteLength(h.value));
  }
  return pos;
}

/** Writes the records section at `start` of `buf` (sized by the caller from `total`). */
function writeRecords(
  buf: Buffer,
  start: number,
  records: readonly ProduceRecord[],
  base: number,
  now: number,
) {
  let pos = start;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    pos = writeRecord(buf, pos, r, sizes[i]!, i, (r.timestamp ?? now) - base);
  }
  return pos;
}

/** Wraps a caller's allocator: the header's length field assumes the exact size. */
const exactly =
  (allocate: (size: number) => Buffer) =>
  (size: number): Buffer => {
    const b = allocate(size);
    if (b.length !== size) throw new KafkaEncodeError(`allocate(${size}) returned ${b.length} bytes`);
    return b;
  };

function checkInt(name: string, v: number | undefined, bits: 16 | 32): void {
  const limit = 2 ** (bits - 1);
  if (v !== undefined && !(Number.isInteger(v) && v >= -limit && v < limit))
    throw new KafkaEncodeError(`${name} ${v} is not an INT${bits}`);
}

function checkOptions(o: RecordBatchOptions, count: number): void {
  if (count === 0) throw new KafkaEncodeError('a record batch needs at least one record');
  const c = o.compression ?? CompressionCodec.None;
  if (!Number.isInteger(c) || c < 0 || c > 4) throw new KafkaEncodeError(`unknown compression codec ${c}`);
  checkInt('partitionLeaderEpoch', o.partitionLeaderEpoch, 32);
  checkInt('producerEpoch', o.producerEpoch, 16);
  checkInt('baseSequence', o.baseSequence, 32);
  const int64 = 1n << 63n;
  for (const [name, v] of [
    ['baseOffset', o.baseOffset],
    ['producerId', o.producerId],
  ] as const)
    if (v !== undefined && (v < -int64 || v >= int64))
      throw new KafkaEncodeError(`${name} ${v} is not an INT64`);
  if (o.deleteHorizonMs !== undefined) checkTimestamp(o.deleteHorizonMs);
}

function checkTimestamp(ts: number): void {
  if (!Number.isSafeInteger(ts)) throw new KafkaEncodeError(`timestamp ${ts} is not an integer number of ms`);
}

/**
 * Encodes records as one record batch v2 (magic 2), ready for Produce's `records` field.
 * Offsets are deltas 0…n-1 from `baseOffset`; the base timestamp is the first record's (or the
 * delete horizon when given); the CRC-32C covers attributes to the end. Uncompressed batches are
 * written in one allocation of the exact size.
 * @throws KafkaEncodeError for an empty record list or an unknown codec
 */
export async function encodeRecordBatch(
  records: readonly ProduceRecord[],
  options: RecordBatchOptions = {},
): Promise<Buffer> {
  checkOptions(options, records.length);
  const now = Date.now();
  const first = records[0]!.timestamp ?? now;
  const base = options.deleteHorizonMs ?? first;
  if (sizes.length < records.length) sizes = new Int32Array(records.length * 2);
  let total = 0;
  let maxTimestamp = first;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    const ts = r.timestamp ?? now;
    checkTimestamp(ts);
    if (ts > maxTimestamp) maxTimestamp = ts;
    const size = bodySize(r, i, ts - base);
    sizes[i] = size;
    total += varintSize(size) + size;
  }
  const codec = options.compression ?? CompressionCodec.None;
  const allocate = options.allocate === undefined ? Buffer.allocUnsafe : exactly(options.allocate);
  let batch: Buffer;
  if (codec === CompressionCodec.None) {
    batch = allocate(BATCH_HEADER_SIZE + total);
    writeRecords(batch, BATCH_HEADER_SIZE, records, base, now);
  } else if (codec === CompressionCodec.Lz4) {
    // lz4 runs inline, so its input and output can be scratch buffers reused for every batch:
    // only the batch itself is new (a fresh 1 MB pair per batch kept the collector busy)
    const plain = lz4Input.take(total);
    writeRecords(plain, 0, records, base, now);
    const frame = lz4Compress(plain, undefined, true);
    batch = allocate(BATCH_HEADER_SIZE + frame.length);
    batch.set(frame, BATCH_HEADER_SIZE);
  } else {
    const plain = Buffer.allocUnsafe(total);
    writeRecords(plain, 0, records, base, now);
    const packed = await compress(codec, plain, { level: options.compressionLevel });
    batch = allocate(BATCH_HEADER_SIZE + packed.length);
    batch.set(packed, BATCH_HEADER_SIZE);
  }
  let attributes = codec;
  if (options.timestampType === 1) attributes |= ATTR_LOG_APPEND_TIME;
  if (options.transactional) attributes |= ATTR_TRANSACTIONAL;
  if (options.isControl) attributes |= ATTR_CONTROL;
  if (options.deleteHorizonMs !== undefined) attributes |= ATTR_DELETE_HORIZON;
  writeHeader(batch, options, attributes, records.length, base, maxTimestamp);
  return batch;
}

function writeHeader(
  b: Buffer,
  o: RecordBatchOptions,
  attributes: number,
  count: number,
  baseTimestamp: number,
  maxTimestamp: number,
): void {
  b.writeBigInt64BE(o.baseOffset ?? 0n, 0);
  b.writeInt32BE(b.length - 12, 8);
  b.writeInt32BE(o.partitionLeaderEpoch ?? -1, 12);
  b[16] = 2;
  b.writeInt16BE(attributes, 21);
  b.writeInt32BE(count - 1, 23);
  writeInt64(b, 27, baseTimestamp);
  writeInt64(b, 35, maxTimestamp);
  b.writeBigInt64BE(o.producerId ?? -1n, 43);
  b.writeInt16BE(o.producerEpoch ?? -1, 51);
  b.writeInt32BE(o.baseSequence ?? -1, 53);
  b.writeInt32BE(count, 57);
  b.writeUInt32BE(crc32c(b, CRC_START), 17);
}

/** Writes a millisecond timestamp (|v| < 2^53) as a big-endian INT64 without a bigint. */
function writeInt64(b: Buffer, at: number, v: number): void {
  const hi = Math.floor(v / 4294967296);
  b.writeInt32BE(hi, at);
  b.writeUInt32BE(v - hi * 4294967296, at + 4);
}
