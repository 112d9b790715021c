import { KafkaCompressionError } from './errors.js';
import { lz4Compress, lz4Decompress } from './lz4-frame.js';
import { snappyCompress, snappyDecompress } from './snappy.js';
import { gzipCompress, gzipDecompress, zstdCompress, zstdDecompress } from './zlib-codecs.js';

/** Kafka's compression codec ids, as stored in bits 0–2 of batch and message attributes. */
export const CompressionCodec = {
  None: 0,
  Gzip: 1,
  Snappy: 2,
  Lz4: 3,
  Zstd: 4,
} as const;

/** One of the {@link CompressionCodec} ids. */
export type CompressionCodec = (typeof CompressionCodec)[keyof typeof CompressionCodec];

/** Default bound on the decompressed size of one batch (guards against decompression bombs). */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

/** Options of {@link decompress}. */
export interface DecompressOptions {
  /** Refuse output larger than this (default {@link DEFAULT_MAX_DECOMPRESSED_BYTES}). */
  maxBytes?: number;
  /** The data comes from a magic-0 message: accept LZ4's historic broken header checksum. */
  legacyLz4?: boolean;
}

/** Options of {@link compress}. */
export interface CompressOptions {
  /** Codec level (gzip 1–9, zstd 1–22); ignored by snappy and lz4. */
  level?: number;
}

/** The codec's name as Kafka's `compression.type` spells it. */
export function codecName(codec: number): string {
  return ['none', 'gzip', 'snappy', 'lz4', 'zstd'][codec] ?? `unknown(${codec})`;
}

/**
 * Compresses `data` with a Kafka codec, in the framing Kafka's Java producer writes. gzip and
 * zstd run on libuv's thread pool; snappy and lz4 run inline (they are faster than the hand-off).
 * `None` returns the input as it is.
 */
export async function compress(
  codec: CompressionCodec,
  data: Uint8Array,
  options: CompressOptions = {},
): Promise<Buffer> {
  switch (codec) {
    case CompressionCodec.None:
      return Buffer.from(data.buffer, data.byteOffset, data.length);
    case CompressionCodec.Gzip:
      return gzipCompress(data, options.level);
    case CompressionCodec.Snappy:
      return snappyCompress(data);
    case CompressionCodec.Lz4:
      return lz4Compress(data);
    case CompressionCodec.Zstd:
      return zstdCompress(data, options.level);
    default:
      throw new KafkaCompressionError(`unknown compression codec ${codec as number}`);
  }
}

/**
 * Decompresses `data` compressed with Kafka codec `codec` (any framing real producers emit).
 * Corrupt data, unknown codecs and output above the size bound are {@link KafkaCompressionError}s;
 * a codec whose optional package is missing is a {@link KafkaCodecUnavailableError}.
 */
export async function decompress(
  codec: number,
  data: Uint8Array,
  options: DecompressOptions = {},
): Promise<Buffer> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  switch (codec) {
    case CompressionCodec.Gzip:
      return gzipDecompress(data, maxBytes);
    case CompressionCodec.Snappy:
      return snappyDecompress(data, maxBytes);
    case CompressionCodec.Lz4:
      return lz4Decompress(data, { maxBytes, legacyHeaderChecksum: options.legacyLz4 === true });
    case CompressionCodec.Zstd:
      return zstdDecompress(data, maxBytes);
    default:
      throw new KafkaCompressionError(`unknown compression codec ${codec}`);
  }
}
