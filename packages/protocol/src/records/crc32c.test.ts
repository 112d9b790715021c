import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KafkaError } from '../errors/kafka-error.js';
import {
  crc32c,
  crc32cImplementation,
  crc32cJs,
  loadNativeCrc32c,
  useCrc32cImplementation,
} from './crc32c.js';

/** Bit-at-a-time reference, independent of the table construction. */
function slowCrc32c(buf: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of buf) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('crc32c', () => {
  it('matches the published check values', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.from('Some String'))).toBe(608512271); // Kafka's Crc32CTest
    expect(crc32c(Buffer.alloc(0))).toBe(0);
    expect(crc32c(Buffer.from([0]))).toBe(1383945041);
    // RFC 3720 (iSCSI) appendix B.4 vectors
    expect(crc32c(Buffer.alloc(32, 0))).toBe(0x8a9136aa);
    expect(crc32c(Buffer.alloc(32, 0xff))).toBe(0x62a8ab43);
    expect(crc32c(Buffer.from(Array.from({ length: 32 }, (_, i) => i)))).toBe(0x46dd794e);
    expect(crc32c(Buffer.from(Array.from({ length: 32 }, (_, i) => 31 - i)))).toBe(0x113fdb5c);
  });

  it('covers only the requested range', () => {
    const buf = Buffer.from('xx123456789yy');
    expect(crc32c(buf, 2, 11)).toBe(0xe3069283);
  });

  it('agrees with a bitwise reference for any bytes and any alignment, JS and native', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.nat(7), (data, pad) => {
        const buf = Buffer.concat([Buffer.alloc(pad, 0xaa), data]);
        const expected = slowCrc32c(data);
        expect(crc32cJs(buf, pad)).toBe(expected);
        expect(crc32c(buf, pad)).toBe(expected);
      }),
    );
  });

  // both native packages are installed in this workspace (aws-crt as a dev dependency), so this
  // checks each against the reference, on views at odd offsets as the batch decoder passes them
  it.each(['aws-crt', '@node-rs/crc32'] as const)('%s agrees with the bitwise reference', (name) => {
    const hw = loadNativeCrc32c(name);
    expect(hw).not.toBeNull();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 5000 }), fc.nat(7), (data, pad) => {
        const buf = Buffer.concat([Buffer.alloc(pad, 0x55), data, Buffer.alloc(3, 0x55)]);
        expect(hw!(buf.subarray(pad, pad + data.length)) >>> 0).toBe(slowCrc32c(data));
      }),
      { numRuns: 50 },
    );
  });

  it('uses the fastest native implementation that loads', () => {
    expect(crc32cImplementation()).toBe('aws-crt');
  });

  it('can be pinned to each implementation, and refuses one that cannot load', () => {
    const data = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) & 0xff));
    const expected = slowCrc32c(data);
    try {
      for (const name of ['@node-rs/crc32', 'js', 'aws-crt'] as const) {
        useCrc32cImplementation(name);
        expect(crc32cImplementation()).toBe(name);
        expect(crc32c(data)).toBe(expected);
      }
      expect(() => useCrc32cImplementation('no-such-crc' as 'aws-crt')).toThrow(KafkaError);
      expect(crc32cImplementation()).toBe('aws-crt'); // a refused choice changes nothing
    } finally {
      useCrc32cImplementation('aws-crt');
    }
  });
});
