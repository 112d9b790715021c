import { KafkaDecodeError } from '../errors/kafka-error.js';

/**
 * Bounds-checked big-endian cursor over a Buffer for Kafka's wire types. Every read checks the
 * bytes it needs against what is left, and every length or count is checked against the remaining
 * bytes before anything is allocated, so hostile input can only produce a {@link KafkaDecodeError}.
 * Byte fields are returned as views of the underlying buffer (no copy).
 */
export class Reader {
  /** Offset of the next byte to read. */
  offset: number;
  /** Offset one past the last readable byte. */
  readonly end: number;
  readonly buf: Buffer;
  private readonly view: DataView;

  /**
   * @param buf the bytes to read
   * @param offset where to start (default 0)
   * @param end where to stop (default the end of `buf`)
   */
  constructor(buf: Buffer, offset = 0, end = buf.length) {
    this.buf = buf;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.offset = offset;
    this.end = end;
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.end - this.offset;
  }

  /** Throws a {@link KafkaDecodeError} at the current offset. */
  fail(message: string): never {
    throw new KafkaDecodeError(message, this.offset);
  }

  private need(n: number): number {
    const at = this.offset;
    if (n > this.end - at) this.fail(`need ${n} bytes but only ${this.end - at} remain`);
    this.offset = at + n;
    return at;
  }

  /** INT8. */
  int8(): number {
    const at = this.need(1);
    return (this.buf[at]! << 24) >> 24;
  }

  /** BOOLEAN: any non-zero byte is true. */
  boolean(): boolean {
    return this.buf[this.need(1)] !== 0;
  }

  /** INT16, big-endian. */
  int16(): number {
    const at = this.need(2);
    const b = this.buf;
    return (((b[at]! << 8) | b[at + 1]!) << 16) >> 16;
  }

  /** UINT16, big-endian. */
  uint16(): number {
    const at = this.need(2);
    return (this.buf[at]! << 8) | this.buf[at + 1]!;
  }

  /** INT32, big-endian. */
  int32(): number {
    const at = this.need(4);
    const b = this.buf;
    return (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!;
  }

  /** UINT32, big-endian. */
  uint32(): number {
    return this.int32() >>> 0;
  }

  /** INT64, big-endian, as a bigint. */
  int64(): bigint {
    return this.view.getBigInt64(this.need(8));
  }

  /** FLOAT64, IEEE-754 big-endian. */
  float64(): number {
    return this.view.getFloat64(this.need(8));
  }

  /** UNSIGNED_VARINT: at most 5 bytes, value taken modulo 2^32 as Kafka does. */
  uvarint(): number {
    const b = this.buf;
    let at = this.offset;
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (at >= this.end) this.fail('varint runs past the end of the buffer');
      const byte = b[at++]!;
      result |= (byte & 0x7f) << shift;
      if (byte < 0x80) {
        this.offset = at;
        return result >>> 0;
      }
    }
    return this.fail('varint is longer than 5 bytes');
  }

  /** VARINT: zig-zag decoded signed 32-bit value. */
  varint(): number {
    const z = this.uvarint();
    return (z >>> 1) ^ -(z & 1);
  }

  /** VARLONG: zig-zag decoded signed 64-bit value, at most 10 bytes. */
  varlong(): bigint {
    const b = this.buf;
    let at = this.offset;
    // Up to 7 bytes (49 bits) fit exactly in a double; only longer encodings need bigint math.
    let low = 0;
    let mul = 1;
    for (let i = 0; i < 7; i++) {
      if (at >= this.end) this.fail('varlong runs past the end of the buffer');
      const byte = b[at++]!;
      low += (byte & 0x7f) * mul;
      if (byte < 0x80) {
        this.offset = at;
        const half = Math.floor(low / 2);
        return BigInt(low % 2 === 0 ? half : -half - 1);
      }
      mul *= 128;
    }
    let z = BigInt(low);
    for (let shift = 49n; shift < 70n; shift += 7n) {
      if (at >= this.end) this.fail('varlong runs past the end of the buffer');
      const byte = b[at++]!;
      z |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) {
        this.offset = at;
        z = BigInt.asUintN(64, z);
        return BigInt.asIntN(64, (z >> 1n) ^ -(z & 1n));
      }
    }
    return this.fail('varlong is longer than 10 bytes');
  }

  /** UUID: 16 bytes, returned in Kafka's 22-character URL-safe base64 form. */
  uuid(): string {
    const at = this.need(16);
    return this.buf.toString('base64url', at, at + 16);
  }

  private utf8(n: number): string {
    const at = this.need(n);
    return this.buf.toString('utf8', at, at + n);
  }

  /** STRING: INT16 length then UTF-8; a negative length is an error. */
  string(): string {
    const n = this.int16();
    if (n < 0) this.fail(`non-nullable string has length ${n}`);
    return this.utf8(n);
  }

  /** NULLABLE_STRING: length -1 is null. */
  nullableString(): string | null {
    const n = this.int16();
    if (n === -1) return null;
    if (n < 0) this.fail(`string has length ${n}`);
    return this.utf8(n);
  }

  /** COMPACT_STRING: UNSIGNED_VARINT length+1 then UTF-8; a null marker is an error. */
  compactString(): string {
    const n = this.uvarint() - 1;
    if (n < 0) this.fail('non-nullable compact string is null');
    return this.utf8(n);
  }

  /** COMPACT_NULLABLE_STRING: length field 0 is null. */
  compactNullableString(): string | null {
    const n = this.uvarint() - 1;
    return n < 0 ? null : this.utf8(n);
  }

  /** The next `n` bytes, as a view. */
  raw(n: number): Buffer {
    if (n < 0) this.fail(`negative byte count ${n}`);
    const at = this.need(n);
    return this.buf.subarray(at, at + n);
  }

  /** Skips `n` bytes. */
  skip(n: number): void {
    this.need(n);
  }

  /** BYTES: INT32 length then the bytes; a negative length is an error. */
  bytes(): Buffer {
    const n = this.int32();
    if (n < 0) this.fail(`non-nullable bytes have length ${n}`);
    return this.raw(n);
  }

  /** NULLABLE_BYTES: length -1 is null. */
  nullableBytes(): Buffer | null {
    const n = this.int32();
    return n === -1 ? null : this.raw(n);
  }

  /** COMPACT_BYTES: UNSIGNED_VARINT length+1 then the bytes; a null marker is an error. */
  compactBytes(): Buffer {
    const n = this.uvarint() - 1;
    if (n < 0) this.fail('non-nullable compact bytes are null');
    return this.raw(n);
  }

  /** COMPACT_NULLABLE_BYTES: length field 0 is null. */
  compactNullableBytes(): Buffer | null {
    const n = this.uvarint() - 1;
    return n < 0 ? null : this.raw(n);
  }

  private count(n: number): number {
    // Every element takes at least one byte, so a larger count cannot be honest.
    if (n > this.end - this.offset)
      this.fail(`array count ${n} exceeds the ${this.end - this.offset} bytes left`);
    return n;
  }

  /** ARRAY count: INT32; returns -1 for a null array. Other negative counts are errors. */
  arrayLength(): number {
    const n = this.int32();
    if (n < -1) this.fail(`array has count ${n}`);
    return n === -1 ? -1 : this.count(n);
  }

  /** COMPACT_ARRAY count: UNSIGNED_VARINT count+1; returns -1 for a null array. */
  compactArrayLength(): number {
    const n = this.uvarint() - 1;
    return n < 0 ? -1 : this.count(n);
  }
}
