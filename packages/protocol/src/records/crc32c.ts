import { createRequire } from 'node:module';
import { KafkaError } from '../errors/kafka-error.js';

/** Reflected Castagnoli polynomial, as Kafka's record batch v2 CRC uses. */
const POLY = 0x82f63b78;

/**
 * Eight 256-entry tables for slice-by-8: table k maps a byte to the CRC contribution it makes when
 * followed by k zero bytes, so the main loop folds eight input bytes per step.
 */
const TABLES = buildTables();

function buildTables(): Int32Array {
  const t = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n]!;
    for (let k = 1; k < 8; k++) {
      c = t[c & 0xff]! ^ (c >>> 8);
      t[k * 256 + n] = c;
    }
  }
  return t;
}

/** Below this many bytes the JS loop beats a native call's fixed cost. */
const NATIVE_THRESHOLD = 256;

/** Where {@link crc32c} gets its checksums from: the fastest of these that loads. */
export type Crc32cImplementation = 'aws-crt' | '@node-rs/crc32' | 'js';
const IMPLEMENTATIONS: readonly Crc32cImplementation[] = ['aws-crt', '@node-rs/crc32', 'js'];

type NativeCrc = (input: Uint8Array) => number;

const requireFromHere = createRequire(import.meta.url);

/**
 * Loads one optional native CRC-32C package; null when it is not installed or cannot load here
 * (then the next one, and finally the JS code, is used: a checksum never fails for lack of one).
 * `aws-crt` (an optional peer dependency, AWS's C runtime) folds with carry-less multiplication
 * and runs about four times faster than `@node-rs/crc32` (an optional dependency) on large
 * batches; both ship prebuilt binaries, so neither needs a compiler.
 */
export function loadNativeCrc32c(name: Exclude<Crc32cImplementation, 'js'>): NativeCrc | null {
  try {
    if (name === 'aws-crt') {
      return (requireFromHere('aws-crt') as { checksums: { crc32c: NativeCrc } }).checksums.crc32c;
    }
    return (requireFromHere('@node-rs/crc32') as { crc32c: NativeCrc }).crc32c;
  } catch {
    return null;
  }
}

let native: NativeCrc | null | undefined;
let implementation: Crc32cImplementation = 'js';

function loadNative(): NativeCrc | null {
  native = loadNativeCrc32c('aws-crt');
  implementation = 'aws-crt';
  if (native === null) {
    native = loadNativeCrc32c('@node-rs/crc32');
    implementation = native === null ? 'js' : '@node-rs/crc32';
  }
  return native;
}

/**
 * Pins the implementation {@link crc32c} uses, instead of the fastest that loads: for example
 * `'@node-rs/crc32'` to keep `aws-crt` (and the thread it starts) out of a process that has it
 * installed for other reasons, or to compare implementations.
 * @throws {KafkaError} when the named package is not installed or cannot load here
 * @example
 * ```ts
 * useCrc32cImplementation('@node-rs/crc32');
 * ```
 */
export function useCrc32cImplementation(name: Crc32cImplementation): void {
  if (!IMPLEMENTATIONS.includes(name))
    throw new KafkaError(
      `unknown CRC-32C implementation '${String(name)}': use one of ${IMPLEMENTATIONS.join(', ')}`,
    );
  const chosen = name === 'js' ? null : loadNativeCrc32c(name);
  if (name !== 'js' && chosen === null)
    throw new KafkaError(
      `the CRC-32C implementation '${name}' could not be loaded; install it with \`npm install ${name}\``,
    );
  native = chosen;
  implementation = name;
}

/** Which implementation {@link crc32c} uses for large inputs (loading the native ones on first call). */
export function crc32cImplementation(): Crc32cImplementation {
  if (native === undefined) loadNative();
  return implementation;
}

/**
 * CRC-32C (Castagnoli) of `buf[start, end)`: initial value and final XOR all ones, as Kafka
 * computes the record batch v2 checksum. Returns an unsigned 32-bit number. Large ranges go to
 * a native implementation when one is installed (see {@link crc32cImplementation}: one call per
 * record batch), small ones to a slice-by-8 loop.
 * @param buf bytes to checksum
 * @param start first byte (default 0)
 * @param end one past the last byte (default `buf.length`)
 */
export function crc32c(buf: Uint8Array, start = 0, end: number = buf.length): number {
  if (end - start >= NATIVE_THRESHOLD) {
    const hw = native === undefined ? loadNative() : native;
    if (hw !== null) return hw(buf.subarray(start, end)) >>> 0;
  }
  return crc32cJs(buf, start, end);
}

/** The pure-JS slice-by-8 CRC-32C (exported for tests that compare it with the native one). */
export function crc32cJs(buf: Uint8Array, start = 0, end: number = buf.length): number {
  const t = TABLES;
  let crc = -1;
  let i = start;
  const fast = end - ((end - start) & 7);
  while (i < fast) {
    const lo = crc ^ (buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24));
    crc =
      t[1792 + (lo & 0xff)]! ^
      t[1536 + ((lo >>> 8) & 0xff)]! ^
      t[1280 + ((lo >>> 16) & 0xff)]! ^
      t[1024 + (lo >>> 24)]! ^
      t[768 + buf[i + 4]!]! ^
      t[512 + buf[i + 5]!]! ^
      t[256 + buf[i + 6]!]! ^
      t[buf[i + 7]!]!;
    i += 8;
  }
  while (i < end) crc = t[(crc ^ buf[i++]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}
