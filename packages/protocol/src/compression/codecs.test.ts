import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompressionCodec, codecName, compress, decompress } from './codecs.js';
import { KafkaCompressionError } from './errors.js';

const snappy = createRequire(import.meta.url)('snappy') as { compressSync(b: Uint8Array | string): Buffer };
const text = Buffer.from('the quick brown fox jumps over the lazy dog; '.repeat(2000));
const codecs = [CompressionCodec.Gzip, CompressionCodec.Snappy, CompressionCodec.Lz4, CompressionCodec.Zstd];

const expectRejects = async (p: Promise<unknown>, pattern: RegExp) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KafkaCompressionError);
  expect((err as Error).message).toMatch(pattern);
};

describe('every codec', () => {
  it('round-trips any bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...codecs),
        fc.uint8Array({ maxLength: 2000 }),
        async (codec, data) => {
          const packed = await compress(codec, data);
          expect((await decompress(codec, packed)).equals(Buffer.from(data))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses output above the size bound (decompression bomb)', async () => {
    const bomb = Buffer.alloc(4 * 1024 * 1024);
    for (const codec of codecs) {
      const packed = await compress(codec, bomb);
      expect(packed.length).toBeLessThan(300 * 1024);
      await expectRejects(decompress(codec, packed, { maxBytes: 1024 * 1024 }), /more than 1048576 bytes/);
    }
  });

  it('turns garbage into typed errors', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...codecs), fc.uint8Array({ maxLength: 200 }), async (codec, junk) => {
        const err = await decompress(codec, junk).then(
          () => undefined,
          (e: unknown) => e,
        );
        if (err !== undefined) expect(err).toBeInstanceOf(KafkaCompressionError);
      }),
      { numRuns: 300 },
    );
  });

  it('names codecs as compression.type does and rejects unknown ids', async () => {
    expect(codecs.map(codecName)).toEqual(['gzip', 'snappy', 'lz4', 'zstd']);
    await expectRejects(decompress(5, text), /unknown compression codec 5/);
    await expectRejects(decompress(0, text), /unknown compression codec 0/);
  });
});

describe('gzip', () => {
  it('reads several concatenated members', async () => {
    const two = Buffer.concat([zlib.gzipSync('hello '), zlib.gzipSync('world')]);
    expect((await decompress(CompressionCodec.Gzip, two)).toString()).toBe('hello world');
  });
});

describe('zstd', () => {
  it('reads several frames, including a streamed one without a content size', async () => {
    const streamed = await new Promise<Buffer>((resolve) => {
      const z = zlib.createZstdCompress();
      const out: Buffer[] = [];
      z.on('data', (c: Buffer) => out.push(c)).on('end', () => resolve(Buffer.concat(out)));
      z.write('streamed ');
      z.end();
    });
    expect(streamed[4]! & 0xc0).toBe(0); // frame header: no content-size field
    const frames = Buffer.concat([streamed, zlib.zstdCompressSync('one-shot')]);
    expect((await decompress(CompressionCodec.Zstd, frames)).toString()).toBe('streamed one-shot');
  });
});

describe('snappy', () => {
  it('writes snappy-java framing: magic, versions 1/1, 32 KiB chunks', async () => {
    const packed = await compress(CompressionCodec.Snappy, text);
    expect(packed.subarray(0, 16).toString('hex')).toBe('82534e41505059000000000100000001');
    const first = packed.readInt32BE(16);
    const second = packed.readInt32BE(20 + first);
    expect(20 + first + 4 + second + 4).toBeLessThan(packed.length); // 90000 bytes -> 3 chunks
    expect((await decompress(CompressionCodec.Snappy, packed)).equals(text)).toBe(true);
  });

  it('reads one raw block (librdkafka) and the little-endian version words some brokers write', async () => {
    expect((await decompress(CompressionCodec.Snappy, snappy.compressSync(text))).equals(text)).toBe(true);
    const block = snappy.compressSync('abc');
    const header = Buffer.from('82534e41505059000100000001000000', 'hex');
    const size = Buffer.alloc(4);
    size.writeInt32BE(block.length);
    const xerial = Buffer.concat([header, size, block, size, block]);
    expect((await decompress(CompressionCodec.Snappy, xerial)).toString()).toBe('abcabc');
  });

  it('rejects truncated and negative chunk lengths', async () => {
    const packed = await compress(CompressionCodec.Snappy, text);
    await expectRejects(decompress(CompressionCodec.Snappy, packed.subarray(0, 30)), /runs past the end/);
    await expectRejects(decompress(CompressionCodec.Snappy, packed.subarray(0, 18)), /truncated/);
    const negative = Buffer.from(packed);
    negative.writeInt32BE(-5, 16);
    await expectRejects(decompress(CompressionCodec.Snappy, negative), /-5 bytes/);
  });
});
