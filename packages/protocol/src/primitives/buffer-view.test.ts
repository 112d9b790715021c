import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { bufferView } from './buffer-view.js';

describe('bufferView', () => {
  const whole = Buffer.from('..hello world..');
  const view = bufferView(whole.buffer, whole.byteOffset + 2, 11);

  it('views the bytes without copying them', () => {
    expect(view.toString()).toBe('hello world');
    expect(view.buffer).toBe(whole.buffer);
    whole[2] = 0x48; // 'H'
    expect(view.toString()).toBe('Hello world');
    whole[2] = 0x68;
  });

  it('is a Buffer to every check applications make', () => {
    expect(Buffer.isBuffer(view)).toBe(true);
    expect(view instanceof Buffer).toBe(true);
    expect(view.constructor).toBe(Buffer);
    expect(inspect(view)).toBe('<Buffer 68 65 6c 6c 6f 20 77 6f 72 6c 64>');
    expect(JSON.parse(JSON.stringify(view))).toEqual({
      type: 'Buffer',
      data: [...Buffer.from('hello world')],
    });
    expect(view.equals(Buffer.from('hello world'))).toBe(true);
    expect(view.readUInt16BE(0)).toBe(0x6865);
    expect(Buffer.concat([view, view]).toString()).toBe('hello worldhello world');
    expect(view.subarray(6).toString('base64')).toBe(Buffer.from('world').toString('base64'));
  });

  it('rejects a range outside the memory, as the engine does for any view', () => {
    expect(() =>
      bufferView(whole.buffer, whole.byteOffset + whole.length - 1, whole.buffer.byteLength),
    ).toThrow(RangeError);
  });
});
