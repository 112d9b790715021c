import { KafkaEncodeError } from '../errors/kafka-error.js';

const MAX_STRING_BYTES = 0x7fff;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UUID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

function outOfRange(type: string, v: unknown): never {
  throw new KafkaEncodeError(`${String(v)} is not a valid ${type}`);
}

/**
 * Growable big-endian byte writer for Kafka's wire types. It starts with a pre-sized buffer and
 * doubles it when full, so writing a field never allocates on its own. Methods return `this` so
 * fields can be chained. {@link Writer.finish} hands out a view of the written bytes.
 */
export class Writer {
  private buf: Buffer;
  // Created on the first 8-byte number, so frames without one skip the allocation.
  private view: DataView | undefined;
  private pos = 0;
  /** Fields of at least this many bytes are kept by reference, not copied (see {@link Writer.finishChunks}). */
  private readonly gatherFrom: number;
  /** Own-buffer positions where a by-reference field sits, and those fields. */
  private cuts: number[] | null = null;
  private gathered: Uint8Array[] | null = null;
  /** Bytes held by reference. */
  private external = 0;

  /**
   * @param initialSize starting capacity in bytes (default 512)
   * @param gatherFrom raw fields at least this long are not copied but kept by reference, for
   *   {@link Writer.finishChunks} (a Produce request's record batches go to the socket as they are)
   */
  constructor(initialSize = 512, gatherFrom = Number.POSITIVE_INFINITY) {
    this.buf = Buffer.allocUnsafe(Math.max(16, initialSize));
    this.gatherFrom = gatherFrom;
  }

  private dataView(): DataView {
    if (this.view === undefined)
      this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    return this.view;
  }

  /** Number of bytes written so far (also the offset of the next byte). */
  get offset(): number {
    return this.pos + this.external;
  }

  /** Bytes in the writer's own buffer (the offset less the fields kept by reference). */
  get ownBytes(): number {
    return this.pos;
  }

  private ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
    this.view = undefined;
  }

  /** INT8. */
  int8(v: number): this {
    if ((v << 24) >> 24 !== v) outOfRange('int8', v);
    this.ensure(1);
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  /** BOOLEAN: 1 for true, 0 for false. */
  boolean(v: boolean): this {
    this.ensure(1);
    this.buf[this.pos++] = v ? 1 : 0;
    return this;
  }

  /** INT16, big-endian. */
  int16(v: number): this {
    if ((v << 16) >> 16 !== v) outOfRange('int16', v);
    return this.put16(v);
  }

  private put16(v: number): this {
    this.ensure(2);
    const b = this.buf;
    b[this.pos] = (v >> 8) & 0xff;
    b[this.pos + 1] = v & 0xff;
    this.pos += 2;
    return this;
  }

  /** UINT16, big-endian. */
  uint16(v: number): this {
    if ((v & 0xffff) !== v) outOfRange('uint16', v);
    return this.put16(v);
  }

  /** INT32, big-endian. */
  int32(v: number): this {
    if ((v | 0) !== v) outOfRange('int32', v);
    return this.put32(v);
  }

  private put32(v: number): this {
    this.ensure(4);
    const b = this.buf;
    const p = this.pos;
    b[p] = (v >>> 24) & 0xff;
    b[p + 1] = (v >>> 16) & 0xff;
    b[p + 2] = (v >>> 8) & 0xff;
    b[p + 3] = v & 0xff;
    this.pos = p + 4;
    return this;
  }

  /** UINT32, big-endian (e.g. a CRC). */
  uint32(v: number): this {
    if (v >>> 0 !== v) outOfRange('uint32', v);
    return this.put32(v);
  }

  /** INT64, big-endian, from a bigint. Values outside the signed 64-bit range are rejected. */
  int64(v: bigint): this {
    if (v < INT64_MIN || v > INT64_MAX) throw new KafkaEncodeError(`int64 value ${v} is out of range`);
    this.ensure(8);
    // DataView's BigInt accessors are much faster than Buffer's on current V8.
    this.dataView().setBigInt64(this.pos, v);
    this.pos += 8;
    return this;
  }

  /** FLOAT64, IEEE-754 big-endian. */
  float64(v: number): this {
    this.ensure(8);
    this.dataView().setFloat64(this.pos, v);
    this.pos += 8;
    return this;
  }

  /** UNSIGNED_VARINT: LEB128 of an unsigned 32-bit value (1 to 5 bytes). */
  uvarint(v: number): this {
    if (v >>> 0 !== v) outOfRange('unsigned varint', v);
    this.ensure(5);
    const b = this.buf;
    while (v > 0x7f) {
      b[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    b[this.pos++] = v;
    return this;
  }

  /** VARINT: zig-zag then LEB128 of a signed 32-bit value. */
  varint(v: number): this {
    if ((v | 0) !== v) outOfRange('varint', v);
    return this.uvarint(((v << 1) ^ (v >> 31)) >>> 0);
  }

  /** VARLONG: zig-zag then LEB128 of a signed 64-bit value (1 to 10 bytes). */
  varlong(v: bigint): this {
    if (v < INT64_MIN || v > INT64_MAX) throw new KafkaEncodeError(`varlong value ${v} is out of range`);
    let z = BigInt.asUintN(64, (v << 1n) ^ (v >> 63n));
    this.ensure(10);
    const b = this.buf;
    while (z > 0x7fn) {
      b[this.pos++] = Number(z & 0x7fn) | 0x80;
      z >>= 7n;
    }
    b[this.pos++] = Number(z);
    return this;
  }

  /** UUID: 16 bytes, from Kafka's 22-character URL-safe base64 form. */
  uuid(v: string): this {
    if (!UUID_PATTERN.test(v)) throw new KafkaEncodeError(`not a Kafka UUID (22 base64url characters): ${v}`);
    this.ensure(16);
    const n = this.buf.write(v, this.pos, 16, 'base64url');
    if (n !== 16) throw new KafkaEncodeError(`not a Kafka UUID: ${v}`);
    this.pos += 16;
    return this;
  }

  private static utf8Length(v: string): number {
    const n = Buffer.byteLength(v, 'utf8');
    if (n > MAX_STRING_BYTES) throw new KafkaEncodeError(`string of ${n} bytes exceeds ${MAX_STRING_BYTES}`);
    return n;
  }

  private utf8(v: string, n: number): this {
    this.ensure(n);
    this.pos += this.buf.write(v, this.pos, n, 'utf8');
    return this;
  }

  /** STRING: INT16 length then UTF-8 bytes. */
  string(v: string): this {
    const n = Writer.utf8Length(v);
    return this.int16(n).utf8(v, n);
  }

  /** NULLABLE_STRING: as STRING, length -1 for null. */
  nullableString(v: string | null): this {
    return v === null ? this.int16(-1) : this.string(v);
  }

  /** COMPACT_STRING: UNSIGNED_VARINT length+1 then UTF-8 bytes. */
  compactString(v: string): this {
    const n = Writer.utf8Length(v);
    return this.uvarint(n + 1).utf8(v, n);
  }

  /** COMPACT_NULLABLE_STRING: as COMPACT_STRING, length field 0 for null. */
  compactNullableString(v: string | null): this {
    return v === null ? this.uvarint(0) : this.compactString(v);
  }

  /** The bytes of `v` as they are, with no length prefix. */
  raw(v: Uint8Array): this {
    if (v.length >= this.gatherFrom) {
      this.cuts ??= [];
      this.gathered ??= [];
      this.cuts.push(this.pos);
      this.gathered.push(v);
      this.external += v.length;
      return this;
    }
    this.ensure(v.length);
    this.buf.set(v, this.pos);
    this.pos += v.length;
    return this;
  }

  /** BYTES: INT32 length then the bytes. */
  bytes(v: Uint8Array): this {
    return this.int32(v.length).raw(v);
  }

  /** NULLABLE_BYTES: as BYTES, length -1 for null. */
  nullableBytes(v: Uint8Array | null): this {
    return v === null ? this.int32(-1) : this.bytes(v);
  }

  /** COMPACT_BYTES: UNSIGNED_VARINT length+1 then the bytes. */
  compactBytes(v: Uint8Array): this {
    return this.uvarint(v.length + 1).raw(v);
  }

  /** COMPACT_NULLABLE_BYTES: as COMPACT_BYTES, length field 0 for null. */
  compactNullableBytes(v: Uint8Array | null): this {
    return v === null ? this.uvarint(0) : this.compactBytes(v);
  }

  /** ARRAY count: INT32 number of elements, -1 for a null array. */
  arrayLength(n: number | null): this {
    return this.int32(n === null ? -1 : n);
  }

  /** COMPACT_ARRAY count: UNSIGNED_VARINT number of elements + 1, 0 for a null array. */
  compactArrayLength(n: number | null): this {
    return this.uvarint(n === null ? 0 : n + 1);
  }

  /**
   * Reserves four bytes to fill in later (a size or CRC known only after what follows is
   * written) and returns their offset for {@link Writer.patchInt32} / {@link Writer.patchUint32}.
   */
  reserveInt32(): number {
    this.ensure(4);
    const at = this.pos;
    this.pos += 4;
    return at;
  }

  /** Writes an INT32 at an offset obtained from {@link Writer.reserveInt32}. */
  patchInt32(at: number, v: number): this {
    this.buf.writeInt32BE(v | 0, at);
    return this;
  }

  /** Writes a UINT32 at an offset obtained from {@link Writer.reserveInt32}. */
  patchUint32(at: number, v: number): this {
    this.buf.writeUInt32BE(v >>> 0, at);
    return this;
  }

  /**
   * A view of the bytes written between two offsets (e.g. to compute a CRC over them).
   * Offsets count the writer's own bytes only: do not mix with fields kept by reference.
   */
  slice(start: number, end: number = this.pos): Buffer {
    return this.buf.subarray(start, end);
  }

  /**
   * The written bytes. Returns a view of the internal buffer (no copy) unless fields were kept by
   * reference (then one copy joins them); the writer should not be used after this call.
   */
  finish(): Buffer {
    if (this.gathered === null) return this.buf.subarray(0, this.pos);
    return Buffer.concat(this.finishChunks(), this.offset);
  }

  /**
   * The written bytes in order as several buffers: views of the writer's own buffer between the
   * fields kept by reference, and those fields as given (no copy). For a vectored socket write.
   */
  finishChunks(): Uint8Array[] {
    const cuts = this.cuts;
    const gathered = this.gathered;
    if (cuts === null || gathered === null) return [this.buf.subarray(0, this.pos)];
    const out: Uint8Array[] = [];
    let from = 0;
    for (let i = 0; i < cuts.length; i++) {
      if (cuts[i]! > from) out.push(this.buf.subarray(from, cuts[i]));
      out.push(gathered[i]!);
      from = cuts[i]!;
    }
    if (this.pos > from) out.push(this.buf.subarray(from, this.pos));
    return out;
  }
}
