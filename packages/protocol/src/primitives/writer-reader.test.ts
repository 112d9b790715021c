import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KafkaDecodeError, KafkaEncodeError } from '../errors/kafka-error.js';
import { Reader } from './reader.js';
import { Writer } from './writer.js';

const hex = (b: Buffer) => b.toString('hex');
const bytes = (h: string) => Buffer.from(h.replace(/\s+/g, ''), 'hex');
const written = (f: (w: Writer) => void) => {
  const w = new Writer(16);
  f(w);
  return hex(w.finish());
};

describe('Writer: byte-exact encodings from the spec', () => {
  it('fixed-width integers are big-endian two-s complement', () => {
    expect(written((w) => w.int8(-1).int8(127))).toBe('ff7f');
    expect(written((w) => w.int16(-2).int16(0x1234))).toBe('fffe1234');
    expect(written((w) => w.int32(-1).int32(0x01020304))).toBe('ffffffff01020304');
    expect(written((w) => w.uint32(0xfedcba98))).toBe('fedcba98');
    expect(written((w) => w.int64(-2n))).toBe('fffffffffffffffe');
    expect(written((w) => w.int64((1n << 63n) - 1n))).toBe('7fffffffffffffff');
    expect(written((w) => w.float64(1.5))).toBe('3ff8000000000000');
    expect(written((w) => w.boolean(true).boolean(false))).toBe('0100');
  });

  it('unsigned varints are LEB128, low group first', () => {
    expect(written((w) => w.uvarint(0))).toBe('00');
    expect(written((w) => w.uvarint(127))).toBe('7f');
    expect(written((w) => w.uvarint(128))).toBe('8001');
    expect(written((w) => w.uvarint(300))).toBe('ac02');
    expect(written((w) => w.uvarint(0xffffffff))).toBe('ffffffff0f');
  });

  it('varints and varlongs are zig-zag mapped', () => {
    expect(written((w) => w.varint(0).varint(-1).varint(1).varint(-2).varint(63).varint(-64))).toBe(
      '000102037e7f',
    );
    expect(written((w) => w.varint(64))).toBe('8001');
    expect(written((w) => w.varint(-2147483648))).toBe('ffffffff0f');
    expect(written((w) => w.varlong(-1n).varlong(150n))).toBe('01ac02');
    expect(written((w) => w.varlong(-(1n << 63n)))).toBe('ffffffffffffffffff01');
  });

  it('strings and bytes in classic, compact and nullable forms', () => {
    expect(written((w) => w.string('abc'))).toBe('0003616263');
    expect(written((w) => w.nullableString(null))).toBe('ffff');
    expect(written((w) => w.compactString('abc'))).toBe('04616263');
    expect(written((w) => w.compactNullableString(null))).toBe('00');
    expect(written((w) => w.string('é'))).toBe('0002c3a9');
    expect(written((w) => w.bytes(bytes('0102')))).toBe('000000020102');
    expect(written((w) => w.nullableBytes(null))).toBe('ffffffff');
    expect(written((w) => w.compactBytes(bytes('0102')))).toBe('030102');
    expect(written((w) => w.compactNullableBytes(null))).toBe('00');
    expect(written((w) => w.arrayLength(3).arrayLength(null))).toBe('00000003ffffffff');
    expect(written((w) => w.compactArrayLength(3).compactArrayLength(null))).toBe('0400');
  });

  it('uuids are 16 raw bytes from the base64url form', () => {
    expect(written((w) => w.uuid('AAAAAAAAAAAAAAAAAAAAAA'))).toBe('00'.repeat(16));
    expect(written((w) => w.uuid('AQIDBAUGBwgJCgsMDQ4PEA'))).toBe('0102030405060708090a0b0c0d0e0f10');
  });

  it('grows past its initial size and back-patches reserved slots', () => {
    const w = new Writer(16);
    const at = w.reserveInt32();
    for (let i = 0; i < 100; i++) w.int32(i);
    w.patchInt32(at, w.offset - 4);
    const out = w.finish();
    expect(out.length).toBe(404);
    expect(out.readInt32BE(0)).toBe(400);
    expect(out.readInt32BE(400)).toBe(99);
  });

  it('rejects values the wire cannot carry with KafkaEncodeError', () => {
    expect(() => new Writer().string('x'.repeat(0x8000))).toThrow(KafkaEncodeError);
    expect(() => new Writer().uuid('not-a-uuid')).toThrow(KafkaEncodeError);
    expect(() => new Writer().int64(1n << 63n)).toThrow(KafkaEncodeError);
    expect(() => new Writer().varlong(-(1n << 63n) - 1n)).toThrow(KafkaEncodeError);
    const w = new Writer();
    for (const [f, v] of [
      [w.int8, 128],
      [w.int16, -32769],
      [w.uint16, 65536],
      [w.int32, 2 ** 31],
      [w.int32, 1.5],
      [w.int32, '7'],
      [w.uint32, -1],
      [w.varint, Number.NaN],
      [w.uvarint, 2 ** 32],
    ] as const) {
      expect(() => (f as (v: unknown) => Writer).call(w, v)).toThrow(KafkaEncodeError);
    }
    expect(w.offset).toBe(0);
  });
});

describe('Reader: decodes what the spec says', () => {
  it('reads every fixed-width type', () => {
    const r = new Reader(bytes('ff 7f fffe ffffffff fedcba98 fffffffffffffffe 3ff8000000000000 02 00'));
    expect([r.int8(), r.int8(), r.int16(), r.int32(), r.uint32()]).toEqual([-1, 127, -2, -1, 0xfedcba98]);
    expect(r.int64()).toBe(-2n);
    expect(r.float64()).toBe(1.5);
    expect([r.boolean(), r.boolean()]).toEqual([true, false]);
    expect(r.remaining).toBe(0);
  });

  it('reads varints, strings, bytes and array counts', () => {
    const r = new Reader(
      bytes(
        'ac02 03 ffffffff0f ffffffffffffffffff01 0003616263 ffff 04616263 00 030102 00000003 ffffffff 00',
      ),
    );
    expect(r.uvarint()).toBe(300);
    expect(r.varint()).toBe(-2);
    expect(r.varint()).toBe(-2147483648);
    expect(r.varlong()).toBe(-(1n << 63n));
    expect(r.string()).toBe('abc');
    expect(r.nullableString()).toBeNull();
    expect(r.compactString()).toBe('abc');
    expect(r.compactNullableBytes()).toBeNull();
    expect(hex(r.compactBytes())).toBe('0102');
    // The count of 3 is honest only if at least 3 bytes follow: here 5 do.
    expect(r.arrayLength()).toBe(3);
    expect(r.arrayLength()).toBe(-1);
    expect(r.compactArrayLength()).toBe(-1);
  });

  it('round-trips arbitrary values of every type', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -2147483648, max: 2147483647 }),
        fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
        fc.string({ maxLength: 40 }),
        fc.option(fc.uint8Array({ maxLength: 40 })),
        fc.double({ noNaN: true }),
        fc.uuid(),
        (i, l, s, b, d, u) => {
          const id = Buffer.from(u.replace(/-/g, ''), 'hex').toString('base64url');
          const w = new Writer(8);
          w.int32(i)
            .varint(i)
            .uvarint(i >>> 0)
            .int64(l)
            .varlong(l)
            .compactString(s)
            .string(s);
          w.nullableBytes(b).compactNullableBytes(b).float64(d).uuid(id);
          const r = new Reader(w.finish());
          expect([r.int32(), r.varint(), r.uvarint(), r.int64(), r.varlong()]).toEqual([i, i, i >>> 0, l, l]);
          expect([r.compactString(), r.string()]).toEqual([s, s]);
          const nb = r.nullableBytes();
          const cb = r.compactNullableBytes();
          expect(nb === null ? null : [...nb]).toEqual(b === null ? null : [...b]);
          expect(cb === null ? null : [...cb]).toEqual(b === null ? null : [...b]);
          expect(r.float64()).toBe(d);
          expect(r.uuid()).toBe(id);
          expect(r.remaining).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('Reader: hostile input gives KafkaDecodeError only', () => {
  const fails = (h: string, f: (r: Reader) => unknown) => {
    expect(() => f(new Reader(bytes(h)))).toThrow(KafkaDecodeError);
  };

  it('truncated fixed-width values', () => {
    fails('', (r) => r.int8());
    fails('01', (r) => r.int16());
    fails('010203', (r) => r.int32());
    fails('01020304050607', (r) => r.int64());
    fails('0102', (r) => r.float64());
    fails('00'.repeat(15), (r) => r.uuid());
  });

  it('negative lengths where null is not allowed', () => {
    fails('ffff', (r) => r.string());
    fails('fffe', (r) => r.nullableString());
    fails('ffffffff', (r) => r.bytes());
    fails('fffffffe', (r) => r.nullableBytes());
    fails('00', (r) => r.compactString());
    fails('00', (r) => r.compactBytes());
    fails('fffffffe', (r) => r.arrayLength());
  });

  it('lengths and counts larger than the bytes left, before allocating', () => {
    fails('7fff61', (r) => r.string());
    fails('7fffffff00', (r) => r.bytes());
    fails('ffffffff0f', (r) => r.compactNullableBytes());
    fails(`7fffffff${'00'.repeat(8)}`, (r) => r.arrayLength());
    fails(`ffffffff0f${'00'.repeat(8)}`, (r) => r.compactArrayLength());
    fails(`00000009${'00'.repeat(8)}`, (r) => r.arrayLength());
  });

  it('over-long or truncated varints', () => {
    fails('ffffffffff01', (r) => r.uvarint());
    fails('8080', (r) => r.varint());
    fails('ffffffffffffffffffff01', (r) => r.varlong());
    fails('ffffffff', (r) => r.varlong());
  });

  it('errors say where they happened', () => {
    const r = new Reader(bytes('0001 0005 61'));
    r.int16();
    try {
      r.string();
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(KafkaDecodeError);
      expect((e as KafkaDecodeError).offset).toBe(4);
      expect((e as KafkaDecodeError).retriable).toBe(false);
    }
  });
});
