import { bufferView, type RecordHeader, recordOffset } from '@tskafka/protocol';
import type { RawMessage } from './message.js';

/** Numbers kept per record: offset delta, timestamp, key start and length, value start and length. */
const STRIDE = 6;
const DELTA = 0;
const TIMESTAMP = 1;
const KEY_AT = 2;
const KEY_LENGTH = 3;
const VALUE_AT = 4;
const VALUE_LENGTH = 5;
/** Records a chunk has room for before it first grows, when no count was foreseen. */
const INITIAL_CAPACITY = 16;

/** The memory of a record with neither key nor value (never read). */
const EMPTY = new ArrayBuffer(0);

/** What a message without headers carries: shared, so frozen (a push throws instead of reaching every message). */
const NO_HEADERS = Object.freeze([]) as unknown as RecordHeader[];

/**
 * The records of one fetched partition response, kept as numbers in one typed array (offset
 * delta, timestamp, where the key and value lie in the fetched bytes) instead of one message
 * object each. Messages are built when the application takes them, so the objects live briefly:
 * a queue of thousands of message objects would survive garbage collections, be copied and
 * promoted, and make collection a large share of consuming.
 *
 * Records are grouped in runs ("segments") sharing a base offset, leader epoch and source
 * buffer: a batch, or its decompressed bytes. Records are read in order ({@link messageAt} with
 * rising indexes), so the segment being read is tracked rather than searched.
 */
export class RecordChunk {
  readonly partitionId: number;
  /** Key and value bytes of the records kept. */
  bytes = 0;
  #length = 0;
  #fields: Float64Array;
  /** Per segment: first record index, base offset, leader epoch, the buffer its record bytes lie in. */
  readonly #starts: number[] = [];
  readonly #bases: bigint[] = [];
  readonly #epochs: number[] = [];
  readonly #sources: (ArrayBufferLike | undefined)[] = [];
  /** Headers of the records that have some, by index (sparse: most records have none). */
  readonly #headers: (RecordHeader[] | undefined)[] = [];
  /** The segment being read, copied out of the arrays above: {@link messageAt} runs per message. */
  #readSegment = 0;
  #readStart = 0;
  #readEnd = 0;
  #readBase = 0n;
  #readEpoch = -1;
  #readSource: ArrayBufferLike | undefined;

  /** `expected` records are foreseen (from the batch headers); more still fit. */
  constructor(partitionId: number, expected = 0) {
    this.partitionId = partitionId;
    this.#fields = new Float64Array(STRIDE * Math.max(expected, INITIAL_CAPACITY));
  }

  /** Records kept. */
  get length(): number {
    return this.#length;
  }

  /**
   * Appends a record of the batch at `baseOffset` whose key and value lie in `memory` (the
   * fetched or decompressed bytes, kept referenced, not copied) at the given positions; a length
   * of -1 is null.
   */
  add(
    baseOffset: bigint,
    epoch: number,
    offsetDelta: number,
    timestamp: number,
    memory: ArrayBufferLike,
    keyAt: number,
    keyLength: number,
    valueAt: number,
    valueLength: number,
    headers: RecordHeader[],
  ): void {
    const index = this.#length;
    this.#join(baseOffset, epoch, keyLength < 0 && valueLength < 0 ? undefined : memory);
    if ((index + 1) * STRIDE > this.#fields.length) this.#grow();
    const f = this.#fields;
    const at = index * STRIDE;
    f[at + DELTA] = offsetDelta;
    f[at + TIMESTAMP] = timestamp;
    f[at + KEY_AT] = keyAt;
    f[at + KEY_LENGTH] = keyLength;
    f[at + VALUE_AT] = valueAt;
    f[at + VALUE_LENGTH] = valueLength;
    if (headers.length > 0) this.#headers[index] = headers;
    this.bytes += Math.max(keyLength, 0) + Math.max(valueLength, 0);
    this.#length = index + 1;
  }

  /** {@link add} for a key and value given as Buffers (legacy message sets). */
  addViews(
    baseOffset: bigint,
    epoch: number,
    offsetDelta: number,
    timestamp: number,
    key: Buffer | null,
    value: Buffer | null,
    headers: RecordHeader[],
  ): void {
    // One record's key and value share their memory; should they not, both are copied into one.
    if (key !== null && value !== null && key.buffer !== value.buffer) {
      const joined = Buffer.concat([key, value]);
      key = joined.subarray(0, key.length);
      value = joined.subarray(key.length);
    }
    const memory = (value ?? key)?.buffer ?? EMPTY;
    const keyAt = key === null ? 0 : key.byteOffset;
    const valueAt = value === null ? 0 : value.byteOffset;
    this.add(
      baseOffset,
      epoch,
      offsetDelta,
      timestamp,
      memory,
      keyAt,
      key?.length ?? -1,
      valueAt,
      value?.length ?? -1,
      headers,
    );
  }

  /** Whether a record kept here (key, value or header value) lies in `memory`. */
  uses(memory: ArrayBufferLike): boolean {
    if (this.#sources.includes(memory)) return true;
    for (const headers of this.#headers) {
      if (headers === undefined) continue;
      for (const header of headers) if (header.value?.buffer === memory) return true;
    }
    return false;
  }

  /** The message at `index` (below {@link length}), as a new object. */
  messageAt(index: number): RawMessage {
    if (index >= this.#readEnd || index < this.#readStart) this.#read(index);
    const f = this.#fields;
    const at = index * STRIDE;
    const source = this.#readSource as ArrayBufferLike;
    const keyLength = f[at + KEY_LENGTH] as number;
    const valueLength = f[at + VALUE_LENGTH] as number;
    const headers = this.#headers;
    return {
      partitionId: this.partitionId,
      offset: recordOffset(this.#readBase, f[at + DELTA] as number),
      timestamp: f[at + TIMESTAMP] as number,
      key: keyLength < 0 ? null : bufferView(source, f[at + KEY_AT] as number, keyLength),
      value: valueLength < 0 ? null : bufferView(source, f[at + VALUE_AT] as number, valueLength),
      headers: index < headers.length ? (headers[index] ?? NO_HEADERS) : NO_HEADERS,
      leaderEpoch: this.#readEpoch,
    };
  }

  /**
   * Keeps the records from `from` on whose offsets are below `end` (offsets rise through a chunk);
   * returns how many those are.
   */
  keepBelow(from: number, end: bigint): number {
    let i = from;
    while (i < this.#length) {
      if (i >= this.#readEnd || i < this.#readStart) this.#read(i);
      if (recordOffset(this.#readBase, this.#fields[i * STRIDE + DELTA] as number) >= end) break;
      i++;
    }
    this.#length = i;
    this.#readEnd = Math.min(this.#readEnd, i);
    let bytes = 0;
    for (let r = from; r < i; r++) {
      bytes += Math.max(0, this.#fields[r * STRIDE + KEY_LENGTH] as number);
      bytes += Math.max(0, this.#fields[r * STRIDE + VALUE_LENGTH] as number);
    }
    this.bytes = bytes;
    return i - from;
  }

  /** Starts a new segment unless the record belongs to the last one. */
  #join(baseOffset: bigint, epoch: number, source: ArrayBufferLike | undefined): void {
    const last = this.#starts.length - 1;
    if (last >= 0 && this.#bases[last] === baseOffset && this.#epochs[last] === epoch) {
      const held = this.#sources[last];
      if (held === source || source === undefined) return;
      if (held === undefined) {
        this.#sources[last] = source;
        return;
      }
    }
    this.#starts.push(this.#length);
    this.#bases.push(baseOffset);
    this.#epochs.push(epoch);
    this.#sources.push(source);
  }

  /** Makes the segment holding record `index` the one being read (usually the next one). */
  #read(index: number): void {
    const starts = this.#starts;
    let s = index >= this.#readEnd ? this.#readSegment : 0;
    while (s + 1 < starts.length && (starts[s + 1] as number) <= index) s++;
    this.#readSegment = s;
    this.#readStart = starts[s] as number;
    this.#readEnd = s + 1 < starts.length ? (starts[s + 1] as number) : this.#length;
    this.#readBase = this.#bases[s] as bigint;
    this.#readEpoch = this.#epochs[s] as number;
    this.#readSource = this.#sources[s];
  }

  #grow(): void {
    const grown = new Float64Array(this.#fields.length * 2);
    grown.set(this.#fields);
    this.#fields = grown;
  }
}
