import { KafkaDecodeError } from '../errors/kafka-error.js';
import { bufferView } from '../primitives/buffer-view.js';
import type { RecordHeader } from './types.js';

/** Shared by every record without headers, so they cost no allocation. */
export const NO_HEADERS: RecordHeader[] = Object.freeze([]) as unknown as RecordHeader[];

/**
 * A bounds-checked cursor tuned for the records section of a v2 batch: varints decode to plain
 * numbers (VARLONG timestamp deltas included, exact below 2^53) and byte fields come back as
 * views. Every overrun is a {@link KafkaDecodeError}.
 */
export class RecordCursor {
  readonly buf: Buffer;
  pos: number;
  end: number;
  /** Where `buf` lives, for views made without `subarray` (see {@link bufferView}). */
  readonly memory: ArrayBufferLike;
  private readonly memoryOffset: number;
  /** Where the bytes of the last {@link span} start in {@link memory}. */
  spanAt = 0;
  /**
   * The header keys last decoded at each header position, with where their bytes are in `buf`:
   * records of a batch usually repeat the same keys, and comparing a few bytes is cheaper than
   * decoding UTF-8. (A cursor reads one batch, so those positions stay valid.)
   */
  private readonly keyAt: number[] = [];
  private readonly keyLength: number[] = [];
  private readonly keyStrings: string[] = [];

  constructor(buf: Buffer, pos: number, end: number) {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
    this.memory = buf.buffer;
    this.memoryOffset = buf.byteOffset;
  }

  fail(message: string): never {
    throw new KafkaDecodeError(message, this.pos);
  }

  /** Zig-zag VARINT (at most 5 bytes). */
  varint(): number {
    const b = this.buf;
    const at = this.pos;
    // one- and two-byte varints (lengths below 8 KiB, small deltas) skip the loop; the body stays
    // small so that V8 inlines every call in the record loop (its inlining budget is per function)
    if (at + 1 < this.end) {
      const first = b[at]!;
      if (first < 0x80) {
        this.pos = at + 1;
        return (first >>> 1) ^ -(first & 1);
      }
      const second = b[at + 1]!;
      if (second < 0x80) {
        this.pos = at + 2;
        const z = (first & 0x7f) | (second << 7);
        return (z >>> 1) ^ -(z & 1);
      }
    }
    return this.longVarint();
  }

  private longVarint(): number {
    const b = this.buf;
    let at = this.pos;
    let z = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (at >= this.end) this.fail('varint runs past the end of the record');
      const byte = b[at++]!;
      z |= (byte & 0x7f) << shift;
      if (byte < 0x80) {
        this.pos = at;
        return (z >>> 1) ^ -(z & 1);
      }
    }
    return this.fail('varint is longer than 5 bytes');
  }

  /**
   * Zig-zag VARLONG as a number (at most 10 bytes). Values beyond 2^53 would lose precision, so
   * they are rejected: the batch's timestamps are INT64 milliseconds, and numbers (like Date) are
   * exact only below 2^53.
   */
  varlong(): number {
    const b = this.buf;
    const at = this.pos;
    // the one- and two-byte forms (timestamp deltas within 8 s) read the same as VARINT's
    if (at + 1 < this.end && (b[at]! < 0x80 || b[at + 1]! < 0x80)) return this.varint();
    return this.longVarlong();
  }

  private longVarlong(): number {
    const b = this.buf;
    let at = this.pos;
    // z = high * 2^28 + low, both exact; |value| = floor(z / 2), exact while it is below 2^53
    let low = 0;
    let high = 0;
    for (let i = 0; i < 10; i++) {
      if (at >= this.end) this.fail('varlong runs past the end of the record');
      const byte = b[at++]!;
      if (i < 4) low |= (byte & 0x7f) << (7 * i);
      else high += (byte & 0x7f) * 2 ** (7 * (i - 4));
      if (byte < 0x80) {
        const magnitude = high * 134217728 + (low >>> 1);
        if (magnitude > Number.MAX_SAFE_INTEGER) this.fail('varlong is beyond 2^53, not exact as a number');
        this.pos = at;
        return (low & 1) === 0 ? magnitude : -magnitude - 1;
      }
    }
    return this.fail('varlong is longer than 10 bytes');
  }

  /** VARINT length (-1 = null) then that many bytes, as a view. */
  bytes(): Buffer | null {
    const n = this.varint();
    const at = this.pos;
    if (n >= 0 && n <= this.end - at) {
      this.pos = at + n;
      return bufferView(this.memory, this.memoryOffset + at, n);
    }
    if (n === -1) return null;
    return this.badLength(n);
  }

  /**
   * As {@link bytes}, without a view: returns the length (-1 = null) and leaves where the bytes
   * start in {@link memory} in {@link spanAt}.
   */
  span(): number {
    const n = this.varint();
    const at = this.pos;
    if (n >= 0 && n <= this.end - at) {
      this.pos = at + n;
      this.spanAt = this.memoryOffset + at;
      return n;
    }
    if (n === -1) return -1;
    return this.badLength(n);
  }

  /** Out of line, to keep {@link bytes} small enough to inline. */
  private badLength(n: number): never {
    return this.fail(n < 0 ? `negative length ${n}` : `length ${n} runs past the end of the record`);
  }

  /** Record headers: VARINT count, then key (non-null UTF-8) and value per header. */
  headers(): RecordHeader[] {
    const count = this.varint();
    if (count === 0) return NO_HEADERS;
    // each header takes at least two bytes, so a larger count cannot be honest
    if (count < 0 || count > (this.end - this.pos) / 2) this.fail(`bad header count ${count}`);
    const headers: RecordHeader[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const keyLength = this.varint();
      if (keyLength < 0) this.fail(`header key has length ${keyLength}`);
      const at = this.pos;
      if (keyLength > this.end - at) this.fail(`length ${keyLength} runs past the end of the record`);
      this.pos = at + keyLength;
      headers[i] = { key: this.headerKey(i, at, keyLength), value: this.bytes() };
    }
    return headers;
  }

  private headerKey(index: number, at: number, length: number): string {
    const b = this.buf;
    if (this.keyLength[index] === length) {
      const last = this.keyAt[index]!;
      let j = 0;
      while (j < length && b[last + j] === b[at + j]) j++;
      if (j === length) return this.keyStrings[index]!;
    }
    const key = b.toString('utf8', at, at + length);
    this.keyAt[index] = at;
    this.keyLength[index] = length;
    this.keyStrings[index] = key;
    return key;
  }
}
