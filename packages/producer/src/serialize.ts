import type { ProduceRecord, RecordBytes } from '@tskafka/protocol';
import { SerializationError } from './errors.js';

/**
 * Turns a value and its partition key into bytes, PyKafka style: `(value, key) => [value, key]`.
 * Return Buffers, Uint8Arrays, strings (written as UTF-8) or null.
 */
export type Serializer<V, K> = (value: V, key: K | undefined) => readonly [RecordBytes, RecordBytes];

/** A record header as `produce()` takes it. */
export interface ProduceHeader {
  key: string;
  value: RecordBytes;
}

/** Record overhead in a v2 batch, bytes: length, attributes, deltas and counts at their largest. */
const RECORD_OVERHEAD = 21;

const isBytes = (v: unknown): v is RecordBytes =>
  v === null || typeof v === 'string' || v instanceof Uint8Array;

const size = (b: RecordBytes): number =>
  b === null ? 0 : typeof b === 'string' ? Buffer.byteLength(b, 'utf8') : b.length;

/** Serializes value and key, checking that the result is bytes. @throws {SerializationError} */
export function serialize<V, K>(
  serializer: Serializer<V, K> | undefined,
  value: V,
  key: K | undefined,
): readonly [RecordBytes, RecordBytes] {
  if (serializer === undefined) {
    if (!isBytes(value))
      throw new SerializationError(`value must be a Buffer, Uint8Array, string or null without a serializer`);
    if (key !== undefined && !isBytes(key))
      throw new SerializationError(
        `partitionKey must be a Buffer, Uint8Array, string or null without a serializer`,
      );
    return [value, (key ?? null) as RecordBytes];
  }
  let out: readonly [RecordBytes, RecordBytes];
  try {
    out = serializer(value, key);
  } catch (error) {
    throw new SerializationError('the serializer threw', { cause: error });
  }
  if (!Array.isArray(out) || !isBytes(out[0]) || !isBytes(out[1]))
    throw new SerializationError('the serializer must return [value, key], each bytes, a string or null');
  return out;
}

/**
 * The record to queue: value and key serialized (see {@link serialize}), with headers and
 * timestamp. Without a serializer the record is built straight from the checked arguments (no
 * intermediate tuple: one object less per record). @throws {SerializationError}
 */
export function serializeRecord<V, K>(
  serializer: Serializer<V, K> | undefined,
  value: V,
  key: K | undefined,
  headers: readonly ProduceHeader[] | undefined,
  timestamp: number,
): ProduceRecord {
  if (serializer === undefined && isBytes(value) && (key === undefined || isBytes(key)))
    return { key: (key ?? null) as RecordBytes, value, headers, timestamp };
  const [v, k] = serialize(serializer, value, key);
  return { key: k, value: v, headers, timestamp };
}

/** The key as bytes for partitioners (strings are encoded once, here). */
export const keyBytes = (key: RecordBytes): Buffer | null =>
  key === null
    ? null
    : typeof key === 'string'
      ? Buffer.from(key, 'utf8')
      : Buffer.isBuffer(key)
        ? key
        : Buffer.from(key.buffer, key.byteOffset, key.length);

/** Upper bound of the record's size inside a batch, bytes. @throws {SerializationError} for bad headers */
export function recordSize(record: ProduceRecord): number {
  let n = RECORD_OVERHEAD + size(record.value) + size(record.key ?? null);
  const headers = record.headers;
  if (headers !== undefined) {
    if (!Array.isArray(headers)) throw new SerializationError('headers must be an array of { key, value }');
    for (const h of headers) {
      if (typeof h?.key !== 'string' || !isBytes(h.value))
        throw new SerializationError('each header needs a string key and a bytes, string or null value');
      n += 10 + Buffer.byteLength(h.key, 'utf8') + size(h.value);
    }
  }
  return n;
}
