import { lazyOptionalModule } from './optional-module.js';

/** Raw LZ4 block compression, from whichever implementation of the `lz4` package loads. */
export interface Lz4Blocks {
  /** Which implementation is in use: the node-gyp addon, or the package's pure-JS fallback. */
  readonly implementation: 'native' | 'js';
  /** Worst-case compressed size of `n` input bytes. */
  bound(n: number): number;
  /** Compresses `src` into `dst[start, end)`; returns the compressed size, 0 if it did not fit. */
  compress(src: Uint8Array, dst: Uint8Array, start: number, end: number): number;
  /** Decompresses `src` into `dst`; returns the decompressed size, or a negative number on corrupt input. */
  decompress(src: Uint8Array, dst: Uint8Array): number;
}

interface NativeModule {
  encodeBound(n: number): number;
  encodeBlock(src: Uint8Array, dst: Uint8Array, start: number, end: number): number;
  decodeBlock(src: Uint8Array, dst: Uint8Array): number;
}

interface JsModule {
  compressBound(n: number): number;
  compress(src: Uint8Array, dst: Uint8Array, start: number, end: number): number;
  uncompress(src: Uint8Array, dst: Uint8Array): number;
}

// The package's entry point loads its node-gyp addon unconditionally; its pure-JS block code is
// only reachable by path, so it is the fallback when the addon was never built (--ignore-scripts).
const loadNative = lazyOptionalModule<NativeModule>('lz4', 'lz4', ['lz4']);
const loadJs = lazyOptionalModule<JsModule>('lz4', 'lz4', ['lz4/lib/binding.js']);

let cached: Lz4Blocks | undefined;

function fromNative(m: NativeModule): Lz4Blocks {
  return {
    implementation: 'native',
    bound: (n) => m.encodeBound(n),
    compress: (src, dst, start, end) => m.encodeBlock(src, dst, start, end),
    decompress: (src, dst) => m.decodeBlock(src, dst),
  };
}

/** Wraps the pure-JS code, which throws plain Errors on some corrupt input. */
function fromJs(m: JsModule): Lz4Blocks {
  return {
    implementation: 'js',
    bound: (n) => m.compressBound(n),
    compress: (src, dst, start, end) => {
      // The JS code returns where its output ends, not how long it is.
      const stop = m.compress(src, dst, start, end);
      return stop === 0 ? 0 : stop - start;
    },
    decompress: (src, dst) => {
      try {
        const n = m.uncompress(src, dst);
        // The JS decoder drops writes past the end of dst silently; a larger count means overflow.
        return n > dst.length ? -1 : n;
      } catch {
        return -1;
      }
    },
  };
}

/**
 * The LZ4 block codec: the `lz4` package's native addon when it is built, otherwise its pure-JS
 * code. Throws {@link KafkaCodecUnavailableError} naming `lz4` when the package is absent.
 * @param preferJs use the pure-JS implementation even when the addon loads (tests, comparisons)
 */
export function lz4Blocks(preferJs = false): Lz4Blocks {
  if (preferJs) return fromJs(loadJs());
  if (cached !== undefined) return cached;
  try {
    cached = fromNative(loadNative());
  } catch {
    cached = fromJs(loadJs());
  }
  return cached;
}
