import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KafkaCodecUnavailableError, KafkaCompressionError } from './errors.js';
import { lz4Blocks } from './lz4-blocks.js';
import { lz4Compress, lz4Decompress } from './lz4-frame.js';
import { lazyOptionalModule } from './optional-module.js';
import { xxhash32 } from './xxhash32.js';

const text = Buffer.from('Kafka record batch payload, fairly repetitive. '.repeat(3000));
// Written by the lz4 command-line tool (lz4 1.9) from 'Kafka record batch ... '.repeat(400):
// `lz4 -B4 -BX` (64 KiB blocks, block checksums, content checksum) and `lz4 --content-size`.
const cliText = Buffer.from('Kafka record batch payload, fairly repetitive. '.repeat(400));
const cliRun = `${'f'.repeat(146)}72506976652e20`;
const cliBody = `83000000ff204b61666b61207265636f7264206261746368207061796c6f61642c20666169726c7920726570657469746976652e202f00${cliRun}`;
const cliBlockChecksums = Buffer.from(`04224d187440bd${cliBody}c5dbda1e000000005989afe8`, 'hex');
const cliContentSize = Buffer.from(`04224d186c407049000000000000f1${cliBody}000000005989afe8`, 'hex');
const max = 1 << 24;

describe('xxhash32', () => {
  it('matches the reference check values', () => {
    expect(xxhash32(Buffer.alloc(0))).toBe(0x02cc5d05);
    expect(xxhash32(Buffer.from('abc'))).toBe(0x32d153ff);
  });
  it('hashes inputs longer than one 16-byte stripe (python-xxhash documentation value)', () => {
    expect(xxhash32(Buffer.from('Nobody inspects the spammish repetition'))).toBe(0xe2293b2f);
  });
});

describe('lz4 frame', () => {
  it('writes the header Kafka Java writes and reads it back', () => {
    const framed = lz4Compress(text);
    expect(framed.subarray(0, 7).toString('hex')).toBe('04224d18604082');
    expect(framed.length).toBeLessThan(text.length / 10);
    expect(lz4Decompress(framed, { maxBytes: max }).equals(text)).toBe(true);
  });

  it('reads frames from another writer: block checksums, content checksum, content size', () => {
    expect(lz4Decompress(cliBlockChecksums, { maxBytes: max }).equals(cliText)).toBe(true);
    expect(lz4Decompress(cliContentSize, { maxBytes: max }).equals(cliText)).toBe(true);
    const corrupt = Buffer.from(cliBlockChecksums);
    corrupt[20] = corrupt[20]! ^ 1;
    expect(() => lz4Decompress(corrupt, { maxBytes: max })).toThrow(/block checksum/);
  });

  it('stores incompressible blocks uncompressed, and handles empty input', () => {
    const random = randomBytes(5000);
    const framed = lz4Compress(random);
    expect(framed.readUInt32LE(7) & 0x80000000).not.toBe(0);
    expect(lz4Decompress(framed, { maxBytes: max }).equals(random)).toBe(true);
    const empty = lz4Compress(Buffer.alloc(0));
    expect(empty.toString('hex')).toBe('04224d1860408200000000');
    expect(lz4Decompress(empty, { maxBytes: max }).length).toBe(0);
  });

  it('accepts the magic-0 broken header checksum only in legacy mode', () => {
    const framed = Buffer.from(lz4Compress(text));
    framed[6] = 0x1a; // the checksum over magic+FLG+BD that old Kafka wrote
    expect((xxhash32(framed, 0, 6) >>> 8) & 0xff).toBe(0x1a);
    expect(() => lz4Decompress(framed, { maxBytes: max })).toThrow(/header checksum/);
    expect(lz4Decompress(framed, { maxBytes: max, legacyHeaderChecksum: true }).equals(text)).toBe(true);
  });

  it('sizes its output by the frame: direct, copied out of an oversized bound, or via scratch', () => {
    const framed = lz4Compress(text); // three 64 KiB blocks
    const direct = lz4Decompress(framed, { maxBytes: max });
    expect(direct.equals(text)).toBe(true);
    expect(direct.buffer.byteLength).toBe(text.length); // the short last block measured first
    const one = lz4Decompress(lz4Compress(text.subarray(0, 40_000)), { maxBytes: max });
    expect(one.equals(text.subarray(0, 40_000))).toBe(true);
    expect(one.buffer.byteLength).toBe(40_000); // not the frame's 64 KiB block maximum
    // the same blocks in a frame that declares 4 MiB blocks: a 12 MiB bound for 141 kB of output
    const wide = Buffer.from(framed);
    wide[5] = 0x70;
    wide[6] = (xxhash32(wide, 4, 6) >>> 8) & 0xff;
    const copied = lz4Decompress(wide, { maxBytes: max });
    expect(copied.equals(text)).toBe(true);
    expect(copied.buffer.byteLength).toBeLessThan(1 << 20);
    // a bound above maxBytes with output below it still decodes
    const scratch = lz4Decompress(wide, { maxBytes: 1 << 20 });
    expect(scratch.equals(text)).toBe(true);
    expect(() => lz4Decompress(wide, { maxBytes: 100_000 })).toThrow(/more than 100000 bytes/);
  });

  it('rejects linked blocks, bad versions, truncation and bombs with typed errors', () => {
    const framed = lz4Compress(text);
    const withFlg = (flg: number) => {
      const f = Buffer.from(framed);
      f[4] = flg;
      f[6] = (xxhash32(f, 4, 6) >>> 8) & 0xff;
      return f;
    };
    const bad = [
      withFlg(0x40), // linked blocks
      withFlg(0xa0), // version 10
      withFlg(0x61), // dictionary id
      framed.subarray(0, framed.length - 2),
      framed.subarray(0, 5),
      Buffer.from('not an lz4 frame at all'),
    ];
    for (const input of bad)
      expect(() => lz4Decompress(input, { maxBytes: max })).toThrow(KafkaCompressionError);
    expect(() => lz4Decompress(framed, { maxBytes: 1000 })).toThrow(/more than 1000 bytes/);
  });

  // Where the addon loads, this checks the two implementations against each other; where it does
  // not (an addon built for another Node ABI), lz4Blocks() is the JS code and this is a round trip.
  it('the pure-JS fallback interoperates with the loaded codec and fails typed on garbage', () => {
    const js = lz4Blocks(true);
    expect(js.implementation).toBe('js');
    expect(lz4Decompress(lz4Compress(text, js), { maxBytes: max }).equals(text)).toBe(true);
    expect(lz4Decompress(lz4Compress(text), { maxBytes: max, blocks: js }).equals(text)).toBe(true);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), (junk) => {
        const f = Buffer.concat([
          Buffer.from('04224d18604082', 'hex'),
          Buffer.alloc(4),
          junk,
          Buffer.alloc(4),
        ]);
        f.writeUInt32LE(junk.length, 7);
        for (const blocks of [js, lz4Blocks()]) {
          try {
            lz4Decompress(f, { maxBytes: max, blocks });
          } catch (err) {
            expect(err).toBeInstanceOf(KafkaCompressionError);
          }
        }
      }),
    );
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.nat(200), (data, rep) => {
        const input = Buffer.concat([Buffer.from(data), Buffer.alloc(rep, 7)]);
        expect(lz4Decompress(lz4Compress(input), { maxBytes: max }).equals(input)).toBe(true);
      }),
    );
  });
});

describe('optional codec packages', () => {
  it('a missing package is a typed error naming it, on use and not at import', () => {
    const load = lazyOptionalModule('lz4', 'some-absent-codec-package', ['some-absent-codec-package']);
    expect(load).toThrow(KafkaCodecUnavailableError);
    try {
      load();
    } catch (err) {
      expect((err as KafkaCodecUnavailableError).packageName).toBe('some-absent-codec-package');
      expect((err as Error).message).toContain('npm install some-absent-codec-package');
    }
  });
});
