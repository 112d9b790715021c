import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { KafkaCompressionError } from './errors.js';
import { zstdFrames } from './zstd-frames.js';

const gzipAsync = promisify(zlib.gzip);
const gunzipAsync = promisify(zlib.gunzip);
const zstdCompressAsync = promisify(zlib.zstdCompress);
const zstdDecompressAsync = promisify(zlib.zstdDecompress);

/** zstd level Kafka's Java producer uses by default. */
const ZSTD_DEFAULT_LEVEL = 3;

function failed(codec: string, maxBytes: number, err: unknown): KafkaCompressionError {
  const code = (err as { code?: unknown }).code;
  if (code === 'ERR_BUFFER_TOO_LARGE')
    return new KafkaCompressionError(`${codec} data decompresses to more than ${maxBytes} bytes`, {
      cause: err,
    });
  return new KafkaCompressionError(`corrupt ${codec} data: ${(err as Error).message}`, { cause: err });
}

/**
 * gzip (RFC 1952) on libuv's thread pool. Async on purpose: deflate costs milliseconds per
 * batch, long enough that running it beside the event loop beats the thread hand-off.
 * @param level deflate level 1–9 (default 6, as the JDK)
 */
export function gzipCompress(data: Uint8Array, level?: number): Promise<Buffer> {
  return gzipAsync(data, level === undefined ? {} : { level });
}

/** Inflates one or more concatenated gzip members, refusing output above `maxBytes`. */
export async function gzipDecompress(data: Uint8Array, maxBytes: number): Promise<Buffer> {
  try {
    return await gunzipAsync(data, { maxOutputLength: maxBytes });
  } catch (err) {
    throw failed('gzip', maxBytes, err);
  }
}

/** zstd frame from Node's bundled libzstd, on libuv's thread pool (see {@link gzipCompress}). */
export function zstdCompress(data: Uint8Array, level = ZSTD_DEFAULT_LEVEL): Promise<Buffer> {
  return zstdCompressAsync(data, { params: { [zlib.constants.ZSTD_c_compressionLevel]: level } });
}

/** Decodes one or more zstd frames (with or without a content size), refusing output above `maxBytes`. */
export async function zstdDecompress(data: Uint8Array, maxBytes: number): Promise<Buffer> {
  const frames = zstdFrames(data);
  const parts: Buffer[] = [];
  let total = 0;
  for (const frame of frames) {
    let part: Buffer;
    try {
      // zlib wants a positive bound; an empty frame may follow output that used up the budget
      part = await zstdDecompressAsync(frame, { maxOutputLength: Math.max(1, maxBytes - total) });
    } catch (err) {
      throw failed('zstd', maxBytes, err);
    }
    total += part.length;
    if (total > maxBytes)
      throw new KafkaCompressionError(`zstd data decompresses to more than ${maxBytes} bytes`);
    parts.push(part);
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts, total);
}
