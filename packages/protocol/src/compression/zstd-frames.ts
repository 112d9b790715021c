import { KafkaCompressionError } from './errors.js';

const ZSTD_MAGIC = 0xfd2fb528;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const DICT_ID_SIZES = [0, 1, 2, 4];
const CONTENT_SIZE_SIZES = [0, 2, 4, 8];

function fail(message: string): never {
  throw new KafkaCompressionError(`corrupt zstd data: ${message}`);
}

/** Byte length of the zstd frame starting at `at`, found by walking its block headers. */
function frameLength(data: Buffer, at: number): number {
  const start = at;
  if (data.length - at < 5) fail('truncated frame header');
  const descriptor = data[at + 4]!;
  const singleSegment = (descriptor & 0x20) !== 0;
  const fcsFlag = descriptor >> 6;
  at +=
    5 +
    (singleSegment ? 0 : 1) +
    DICT_ID_SIZES[descriptor & 3]! +
    (fcsFlag === 0 && singleSegment ? 1 : CONTENT_SIZE_SIZES[fcsFlag]!);
  for (;;) {
    if (data.length - at < 3) fail('truncated block header');
    const header = data[at]! | (data[at + 1]! << 8) | (data[at + 2]! << 16);
    const type = (header >> 1) & 3;
    if (type === 3) fail('reserved block type');
    at += 3 + (type === 1 ? 1 : header >>> 3);
    if (at > data.length) fail('truncated block');
    if (header & 1) break;
  }
  if (descriptor & 0x04) at += 4; // content checksum
  if (at > data.length) fail('truncated frame checksum');
  return at - start;
}

/**
 * Splits concatenated zstd frames, dropping skippable frames. Node's zstd decoder stops after the
 * first frame, while Kafka's Java reader (a zstd stream) reads them all, so each is decoded apart.
 * @returns the zstd frames in order, as views of `data`
 */
export function zstdFrames(data: Uint8Array): Buffer[] {
  const view = Buffer.from(data.buffer, data.byteOffset, data.length);
  const frames: Buffer[] = [];
  let at = 0;
  while (at < view.length) {
    if (view.length - at < 8) fail('truncated frame');
    const magic = view.readUInt32LE(at);
    if (magic === ZSTD_MAGIC) {
      const n = frameLength(view, at);
      frames.push(view.subarray(at, at + n));
      at += n;
    } else if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      const size = view.readUInt32LE(at + 4);
      if (size > view.length - at - 8) fail('truncated skippable frame');
      at += 8 + size;
    } else {
      fail(`bad magic 0x${magic.toString(16)}`);
    }
  }
  return frames;
}
