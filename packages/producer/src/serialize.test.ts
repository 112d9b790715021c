import { describe, expect, it } from 'vitest';
import { SerializationError } from './errors.js';
import { keyBytes, recordSize, serialize } from './serialize.js';

describe('serialize', () => {
  it('passes bytes, strings and null through without a serializer', () => {
    expect(serialize(undefined, 'v', 'k')).toEqual(['v', 'k']);
    expect(serialize(undefined, null, undefined)).toEqual([null, null]);
    const bytes = new Uint8Array([1, 2]);
    expect(serialize(undefined, bytes, undefined)[0]).toBe(bytes);
  });

  it('refuses other values and bad serializer results, typed', () => {
    expect(() => serialize(undefined, 5 as never, undefined)).toThrow(SerializationError);
    expect(() => serialize(undefined, 'v', {} as never)).toThrow(SerializationError);
    expect(() => serialize(() => ['v', 7 as never], 'v', undefined)).toThrow(SerializationError);
    const failing = () => {
      throw new RangeError('nope');
    };
    const error = (() => {
      try {
        serialize(failing, 'v', undefined);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SerializationError);
    expect((error as SerializationError).cause).toBeInstanceOf(RangeError);
  });

  it('sizes records as an upper bound of their encoded size and checks headers', () => {
    expect(recordSize({ value: 'abc', key: 'é' })).toBe(21 + 3 + 2);
    expect(recordSize({ value: null, headers: [{ key: 'h', value: 'xy' }] })).toBe(21 + 10 + 1 + 2);
    expect(() => recordSize({ value: 'v', headers: [{ key: 1 as never, value: 'x' }] })).toThrow(
      SerializationError,
    );
    expect(() => recordSize({ value: 'v', headers: 'h' as never })).toThrow(SerializationError);
  });

  it('turns keys into bytes for partitioners without copying Buffers', () => {
    const key = Buffer.from('k');
    expect(keyBytes(key)).toBe(key);
    expect(keyBytes('ключ')?.toString()).toBe('ключ');
    expect(keyBytes(new Uint8Array([9]))).toEqual(Buffer.from([9]));
    expect(keyBytes(null)).toBeNull();
  });
});
