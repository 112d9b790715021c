import zlib from 'node:zlib';
import { type CompressionCodec, decompress } from '../compression/codecs.js';
import { KafkaDecodeError } from '../errors/kafka-error.js';
import { Reader } from '../primitives/reader.js';
import type { DecodeRecordsOptions } from './decode-v2.js';
import { KafkaChecksumError } from './errors.js';
import { NO_HEADERS } from './record-cursor.js';
import type { RecordBatchHeader, TimestampType } from './types.js';
import type { RecordVisitor } from './visitor.js';

/** Smallest legacy entry after its offset and size fields: crc, magic, attributes, key and value lengths. */
export const LEGACY_MIN_SIZE = 14;
const TIMESTAMP_TYPE_BIT = 0x08;

/** One legacy message, parsed. */
interface Message {
  offset: bigint;
  crc: number;
  magic: number;
  attributes: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
}

/** Parses the complete legacy entry at `buf[at, end)`, checking its CRC-32. */
function readMessage(buf: Buffer, at: number, end: number, verifyCrc: boolean): Message {
  const r = new Reader(buf, at + 12, end);
  const crc = r.uint32();
  if (verifyCrc) {
    const actual = zlib.crc32(buf.subarray(at + 16, end));
    if (actual !== crc) throw new KafkaChecksumError('message', crc, actual, at);
  }
  const magic = r.int8();
  const attributes = r.int8();
  const timestamp = magic === 1 ? r.int32() * 4294967296 + r.uint32() : -1;
  const key = r.nullableBytes();
  const value = r.nullableBytes();
  if (r.offset !== end)
    r.fail(`message declares ${end - at - 12} bytes but its fields take ${r.offset - at - 12}`);
  return { offset: buf.readBigInt64BE(at), crc, magic, attributes, timestamp, key, value };
}

/** Splits a decompressed inner message set; it must hold only complete, uncompressed messages. */
function readInner(buf: Buffer, verifyCrc: boolean): Message[] {
  const messages: Message[] = [];
  let at = 0;
  while (at < buf.length) {
    if (buf.length - at < 12) throw new KafkaDecodeError('truncated message in a compressed message set', at);
    const size = buf.readInt32BE(at + 8);
    if (size < LEGACY_MIN_SIZE || size > buf.length - at - 12)
      throw new KafkaDecodeError(`inner message has bad size ${size}`, at + 8);
    const m = readMessage(buf, at, at + 12 + size, verifyCrc);
    if (m.attributes & 7) throw new KafkaDecodeError('nested compression in a message set', at + 17);
    messages.push(m);
    at += 12 + size;
  }
  return messages;
}

function header(m: Message, baseOffset: bigint, lastOffsetDelta: number, count: number): RecordBatchHeader {
  return {
    baseOffset,
    lastOffsetDelta,
    partitionLeaderEpoch: -1,
    magic: m.magic,
    crc: m.crc,
    attributes: m.attributes,
    compression: (m.attributes & 7) as CompressionCodec,
    timestampType: (m.magic === 1 && m.attributes & TIMESTAMP_TYPE_BIT ? 1 : 0) as TimestampType,
    isTransactional: false,
    isControl: false,
    hasDeleteHorizon: false,
    baseTimestamp: m.timestamp,
    maxTimestamp: m.timestamp,
    producerId: -1n,
    producerEpoch: -1,
    baseSequence: -1,
    recordCount: count,
  };
}

/**
 * Decodes the complete legacy (magic 0/1) entry at `buf[at, end)`: one plain message, or a
 * wrapper whose value is a compressed inner message set. Inner offsets are made absolute (magic
 * 1 stores them relative to the wrapper's, which is the last inner message's offset).
 */
export async function decodeLegacyEntry(
  buf: Buffer,
  at: number,
  end: number,
  visitor: RecordVisitor,
  options: DecodeRecordsOptions,
): Promise<void> {
  const verifyCrc = options.verifyCrc !== false;
  const outer = readMessage(buf, at, end, verifyCrc);
  const codec = outer.attributes & 7;
  if (codec === 0) {
    const h = header(outer, outer.offset, 0, 1);
    if (visitor.batch?.(h, null) === false) return;
    visitor.record(h, 0, outer.timestamp, outer.key, outer.value, NO_HEADERS);
    return;
  }
  if (codec > 3) throw new KafkaDecodeError(`message has unknown compression codec ${codec}`, at + 17);
  const plain = await decompress(codec, outer.value ?? Buffer.alloc(0), {
    maxBytes: options.maxDecompressedBytes,
    legacyLz4: outer.magic === 0,
  });
  const inner = readInner(plain, verifyCrc);
  if (inner.length === 0) return;
  const lastRelative = inner[inner.length - 1]!.offset;
  // magic 1 inner offsets are relative to the wrapper's, unless the wrapper offset is 0
  const shift = outer.magic === 1 && outer.offset !== 0n ? outer.offset - lastRelative : 0n;
  const base = inner[0]!.offset + shift;
  const h = header(outer, base, Number(lastRelative + shift - base), inner.length);
  if (visitor.batch?.(h, null) === false) return;
  const logAppend = h.timestampType === 1;
  for (const m of inner)
    visitor.record(
      h,
      Number(m.offset + shift - base),
      logAppend ? outer.timestamp : m.timestamp,
      m.key,
      m.value,
      NO_HEADERS,
    );
}
