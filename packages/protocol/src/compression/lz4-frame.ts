import { KafkaCompressionError } from './errors.js';
import { type Lz4Blocks, lz4Blocks } from './lz4-blocks.js';
import { Scratch } from './scratch.js';
import { xxhash32 } from './xxhash32.js';

const MAGIC = 0x184d2204;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
/** Kafka's Java writer: version 01, independent blocks, no checksums, no content size. */
const JAVA_FLG = 0x60;
/** Kafka's Java writer: 64 KiB maximum block size. */
const JAVA_BD = 0x40;
const JAVA_BLOCK_SIZE = 64 * 1024;
const UNCOMPRESSED_BIT = 0x80000000;
/** Largest scratch buffer kept between calls; bigger ones are dropped after use. */
const SCRATCH_KEEP = 16 * 1024 * 1024;

let scratch = Buffer.allocUnsafe(0);
/** Output of {@link lz4Compress} with `reuse` (the record-batch encoder copies it at once). */
const packed = new Scratch(SCRATCH_KEEP);
/** The last block of a frame being decoded, decompressed first to learn the output's real size. */
const lastTail = new Scratch(SCRATCH_KEEP);

/** Options of {@link lz4Decompress}. */
export interface Lz4DecodeOptions {
  /** Refuse output larger than this many bytes. */
  maxBytes: number;
  /**
   * Accept the header checksum Kafka's magic-0 messages carry (computed over the magic number
   * too, a bug fixed by KIP-57) as well as the correct one.
   */
  legacyHeaderChecksum?: boolean;
  /** Block codec override (tests). */
  blocks?: Lz4Blocks;
}

/**
 * LZ4 frame as Kafka's Java producer writes it: header `04 22 4D 18 60 40 82`, independent
 * blocks of at most 64 KiB (stored uncompressed when compression does not pay), an end mark, no
 * checksums. Compressed synchronously, as snappy is: LZ4 is faster than a thread-pool round trip.
 * @param blocks block codec override (tests)
 * @param reuse write into a buffer shared between calls: the result is valid only until the next
 *   call with `reuse`, for a caller that copies it right away
 */
export function lz4Compress(data: Uint8Array, blocks: Lz4Blocks = lz4Blocks(), reuse = false): Buffer {
  const nBlocks = Math.ceil(data.length / JAVA_BLOCK_SIZE);
  const size = 7 + 4 + nBlocks * (4 + blocks.bound(JAVA_BLOCK_SIZE));
  const out = reuse ? packed.take(size) : Buffer.allocUnsafe(size);
  out.writeUInt32LE(MAGIC, 0);
  out[4] = JAVA_FLG;
  out[5] = JAVA_BD;
  out[6] = (xxhash32(out, 4, 6) >>> 8) & 0xff;
  let pos = 7;
  for (let at = 0; at < data.length; at += JAVA_BLOCK_SIZE) {
    const chunk = data.subarray(at, Math.min(data.length, at + JAVA_BLOCK_SIZE));
    const n = blocks.compress(chunk, out, pos + 4, out.length);
    if (n > 0 && n < chunk.length) {
      out.writeUInt32LE(n, pos);
      pos += 4 + n;
    } else {
      out.writeUInt32LE((UNCOMPRESSED_BIT | chunk.length) >>> 0, pos);
      out.set(chunk, pos + 4);
      pos += 4 + chunk.length;
    }
  }
  out.writeUInt32LE(0, pos);
  return out.subarray(0, pos + 4);
}

function fail(message: string): never {
  throw new KafkaCompressionError(`corrupt lz4 frame: ${message}`);
}

function ensureScratch(size: number, used: number): void {
  if (scratch.length >= size) return;
  const next = Buffer.allocUnsafe(Math.max(size, scratch.length * 2));
  scratch.copy(next, 0, 0, used);
  scratch = next;
}

/** Reads one frame header at `at`; returns where its blocks start plus the header's flags. */
function readHeader(data: Uint8Array, at: number, legacy: boolean) {
  if (data.length - at < 7) fail('truncated frame header');
  const flg = data[at + 4]!;
  const bd = data[at + 5]!;
  if (flg >> 6 !== 1) fail(`unsupported frame version ${flg >> 6}`);
  if (flg & 0x01) fail('preset dictionaries are not supported');
  if ((flg & 0x20) === 0) fail('linked blocks are not supported (Kafka writes independent blocks)');
  const sizeCode = (bd >> 4) & 7;
  if (sizeCode < 4) fail(`invalid block maximum size code ${sizeCode}`);
  const descriptorEnd = at + 6 + (flg & 0x08 ? 8 : 0);
  if (data.length <= descriptorEnd) fail('truncated frame header');
  const hc = data[descriptorEnd]!;
  if (hc !== ((xxhash32(data, at + 4, descriptorEnd) >>> 8) & 0xff)) {
    const broken = (xxhash32(data, at, descriptorEnd) >>> 8) & 0xff;
    if (!legacy || hc !== broken) fail('header checksum mismatch');
  }
  return {
    blocksStart: descriptorEnd + 1,
    blockMax: 1 << (8 + 2 * sizeCode),
    blockChecksum: (flg & 0x10) !== 0,
    contentChecksum: (flg & 0x04) !== 0,
  };
}

/** One block of a frame, as {@link eachBlock} reports it. */
type BlockHandler = (block: Uint8Array, uncompressed: boolean, blockMax: number) => void;

/**
 * Walks the blocks of one or more concatenated LZ4 frames in `data` (skippable frames are
 * skipped), checking the structure as it goes: rejects what Kafka's Java reader rejects (linked
 * blocks, other frame versions, dictionaries) and verifies the header checksum, and the block
 * checksums when flagged and `verifyBlocks` is set.
 */
function eachBlock(data: Uint8Array, legacy: boolean, verifyBlocks: boolean, onBlock: BlockHandler): void {
  const view = Buffer.from(data.buffer, data.byteOffset, data.length);
  let at = 0;
  while (at < data.length) {
    if (data.length - at < 8) fail('truncated frame');
    const magic = view.readUInt32LE(at);
    if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      const size = view.readUInt32LE(at + 4);
      if (size > data.length - at - 8) fail('truncated skippable frame');
      at += 8 + size;
      continue;
    }
    if (magic !== MAGIC) fail(`bad magic 0x${magic.toString(16)}`);
    const h = readHeader(data, at, legacy);
    at = h.blocksStart;
    for (;;) {
      if (data.length - at < 4) fail('truncated block size');
      const word = view.readUInt32LE(at);
      at += 4;
      if (word === 0) break;
      const size = word & 0x7fffffff;
      if (size > h.blockMax) fail(`block of ${size} bytes exceeds the frame's ${h.blockMax}-byte maximum`);
      if (size + (h.blockChecksum ? 4 : 0) > data.length - at) fail('truncated block');
      const block = data.subarray(at, at + size);
      at += size;
      if (h.blockChecksum) {
        if (verifyBlocks && view.readUInt32LE(at) !== xxhash32(block)) fail('block checksum mismatch');
        at += 4;
      }
      onBlock(block, (word & UNCOMPRESSED_BIT) !== 0, h.blockMax);
    }
    // Java's reader skips the content checksum without verifying it; so do we.
    if (h.contentChecksum) {
      if (data.length - at < 4) fail('truncated content checksum');
      at += 4;
    }
  }
}

/**
 * Decodes one or more concatenated LZ4 frames (see {@link eachBlock} for what is checked) and
 * refuses output above `maxBytes`.
 *
 * The records of a batch are views into the result, so it must be fresh memory, sized as
 * closely as possible: V8 counts every byte of it towards the external memory that triggers
 * full collections, and a queue of batches keeps all of it alive. A first pass over the block
 * headers bounds the output (each compressed block at most its frame's block maximum) and
 * decompresses the last block, usually the only short one, into scratch memory for its real
 * size; the other blocks are decompressed straight into a buffer of that size: no zero-filling
 * and no second copy of them, which cost more than the decompression itself on megabyte batches.
 */
export function lz4Decompress(data: Uint8Array, options: Lz4DecodeOptions): Buffer {
  const blocks = options.blocks ?? lz4Blocks();
  const { maxBytes } = options;
  const legacy = options.legacyHeaderChecksum === true;
  let bound = 0;
  let count = 0;
  let lastBlock: Uint8Array | null = null;
  let lastMax = 0;
  eachBlock(data, legacy, false, (block, uncompressed, blockMax) => {
    bound += uncompressed ? block.length : blockMax;
    count++;
    lastBlock = uncompressed ? null : block;
    lastMax = blockMax;
  });
  let lastSize = -1;
  let lastOut: Buffer | null = null;
  const tail = lastBlock as Uint8Array | null;
  if (tail !== null && bound <= maxBytes) {
    lastOut = lastTail.take(lastMax);
    lastSize = blocks.decompress(tail, lastOut);
    if (lastSize < 0) fail('bad block data');
    bound -= lastMax - lastSize;
  }
  // a bound above the limit may still be honest (short blocks): decode into the scratch buffer,
  // which grows only as far as the output really does, and copy the result out
  const direct = bound <= maxBytes;
  let target = direct ? Buffer.allocUnsafe(bound) : scratch;
  let out = 0;
  let index = 0;
  eachBlock(data, legacy, true, (block, uncompressed, blockMax) => {
    if (!direct) {
      ensureScratch(out + blockMax, out);
      target = scratch;
    }
    let n: number;
    index++;
    if (uncompressed) {
      target.set(block, out);
      n = block.length;
    } else if (index === count && lastOut !== null) {
      lastOut.copy(target, out, 0, lastSize);
      n = lastSize;
    } else {
      n = blocks.decompress(block, target.subarray(out, out + blockMax));
      if (n < 0) fail('bad block data');
    }
    out += n;
    if (out > maxBytes)
      throw new KafkaCompressionError(`lz4 data decompresses to more than ${maxBytes} bytes`);
  });
  if (!direct) {
    const result = Buffer.from(scratch.subarray(0, out));
    if (scratch.length > SCRATCH_KEEP) scratch = Buffer.allocUnsafe(0);
    return result;
  }
  // frames whose other blocks were short too (not as Kafka's writers make them) would leave
  // much of the buffer unused, and the record views would keep it alive: copy those out
  return bound - out > Math.max(out, JAVA_BLOCK_SIZE)
    ? Buffer.from(target.subarray(0, out))
    : target.subarray(0, out);
}
