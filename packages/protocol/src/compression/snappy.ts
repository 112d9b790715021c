import { KafkaCompressionError } from './errors.js';
import { lazyOptionalModule } from './optional-module.js';

/** The part of the `snappy` npm package used here (raw snappy blocks). */
interface SnappyModule {
  compressSync(input: Uint8Array): Buffer;
  uncompressSync(input: Uint8Array, options: { asBuffer: true }): Buffer;
}

const loadSnappy = lazyOptionalModule<SnappyModule>('snappy', 'snappy', ['snappy']);

/** snappy-java's stream magic: 0x82 "SNAPPY" 0x00. */
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_SIZE = 16;
/** snappy-java's default block size: each chunk compresses at most this much input. */
const XERIAL_BLOCK_SIZE = 32 * 1024;

/**
 * Compresses in snappy-java's stream framing, as Kafka's Java producer writes it: a 16-byte
 * header (magic, version 1, compatible version 1) then, per 32 KiB of input, an INT32 length and
 * one raw snappy block. The blocks are compressed synchronously: snappy runs at GB/s, so a batch
 * takes less time than a thread-pool round trip would add.
 */
export function snappyCompress(data: Uint8Array): Buffer {
  const snappy = loadSnappy();
  const parts: Buffer[] = [];
  const header = Buffer.alloc(XERIAL_HEADER_SIZE);
  XERIAL_MAGIC.copy(header, 0);
  header.writeInt32BE(1, 8);
  header.writeInt32BE(1, 12);
  parts.push(header);
  let total = XERIAL_HEADER_SIZE;
  for (let at = 0; at < data.length; at += XERIAL_BLOCK_SIZE) {
    const block = snappy.compressSync(data.subarray(at, Math.min(data.length, at + XERIAL_BLOCK_SIZE)));
    const size = Buffer.allocUnsafe(4);
    size.writeInt32BE(block.length, 0);
    parts.push(size, block);
    total += 4 + block.length;
  }
  return Buffer.concat(parts, total);
}

/** Reads the uncompressed length a raw snappy block declares in its varint preamble. */
function declaredLength(block: Uint8Array): number {
  let result = 0;
  for (let i = 0, shift = 0; i < 5 && i < block.length; i++, shift += 7) {
    const byte = block[i]!;
    result += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return result;
  }
  throw new KafkaCompressionError('corrupt snappy block: bad length preamble');
}

function rawBlock(snappy: SnappyModule, block: Uint8Array, budget: number, maxBytes: number): Buffer {
  if (declaredLength(block) > budget)
    throw new KafkaCompressionError(`snappy data decompresses to more than ${maxBytes} bytes`);
  try {
    return snappy.uncompressSync(block, { asBuffer: true });
  } catch (err) {
    throw new KafkaCompressionError(`corrupt snappy block: ${(err as Error).message}`, { cause: err });
  }
}

function isXerial(data: Uint8Array): boolean {
  if (data.length < XERIAL_HEADER_SIZE) return false;
  for (let i = 0; i < XERIAL_MAGIC.length; i++) if (data[i] !== XERIAL_MAGIC[i]) return false;
  return true;
}

/**
 * Decompresses either framing real producers emit: snappy-java's stream (detected by its magic
 * alone; the version words are not checked, since some brokers write them differently) or one
 * raw snappy block (librdkafka). Output above `maxBytes` is refused before it is produced, using
 * the length each block declares.
 */
export function snappyDecompress(data: Uint8Array, maxBytes: number): Buffer {
  const snappy = loadSnappy();
  if (!isXerial(data)) return rawBlock(snappy, data, maxBytes, maxBytes);
  const view = Buffer.from(data.buffer, data.byteOffset, data.length);
  const parts: Buffer[] = [];
  let total = 0;
  let at = XERIAL_HEADER_SIZE;
  while (at < data.length) {
    if (data.length - at < 4) throw new KafkaCompressionError('truncated snappy-java chunk length');
    const size = view.readInt32BE(at);
    at += 4;
    if (size < 0 || size > data.length - at)
      throw new KafkaCompressionError(`snappy-java chunk of ${size} bytes runs past the end of the data`);
    const block = rawBlock(snappy, data.subarray(at, at + size), maxBytes - total, maxBytes);
    parts.push(block);
    total += block.length;
    at += size;
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts, total);
}
