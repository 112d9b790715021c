export {
  CompressionCodec,
  type CompressOptions,
  codecName,
  compress,
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  type DecompressOptions,
  decompress,
} from './codecs.js';
export { KafkaCodecUnavailableError, KafkaCompressionError } from './errors.js';
export { type Lz4Blocks, lz4Blocks } from './lz4-blocks.js';
