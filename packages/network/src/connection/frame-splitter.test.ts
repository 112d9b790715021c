import { KafkaDecodeError } from '@tskafka/protocol';
import { describe, expect, it } from 'vitest';
import { FrameSplitter } from './frame-splitter.js';

function frame(payload: string): Buffer {
  const body = Buffer.from(payload);
  const out = Buffer.alloc(4 + body.length);
  out.writeInt32BE(body.length, 0);
  body.copy(out, 4);
  return out;
}

function collect(maxFrameBytes?: number): { splitter: FrameSplitter; frames: string[] } {
  const frames: string[] = [];
  const splitter = new FrameSplitter((payload) => frames.push(payload.toString()), maxFrameBytes);
  return { splitter, frames };
}

describe('FrameSplitter', () => {
  it('hands out a frame that arrives whole as a view of the chunk, without copying', () => {
    const chunk = frame('hello');
    let seen: Buffer | undefined;
    new FrameSplitter((payload) => {
      seen = payload;
    }).push(chunk);
    expect(seen?.toString()).toBe('hello');
    expect(seen?.buffer).toBe(chunk.buffer);
  });

  it('splits several frames out of one chunk', () => {
    const { splitter, frames } = collect();
    splitter.push(Buffer.concat([frame('a'), frame(''), frame('bcd'), frame('efgh')]));
    expect(frames).toEqual(['a', '', 'bcd', 'efgh']);
    expect(splitter.buffered).toBe(0);
  });

  it('reassembles frames cut at every possible byte, size prefix included', () => {
    const stream = Buffer.concat([frame('first frame'), frame(''), frame('second')]);
    for (let cut = 0; cut <= stream.length; cut++) {
      for (let cut2 = cut; cut2 <= stream.length; cut2 += 3) {
        const { splitter, frames } = collect();
        splitter.push(stream.subarray(0, cut));
        splitter.push(stream.subarray(cut, cut2));
        splitter.push(stream.subarray(cut2));
        expect(frames).toEqual(['first frame', '', 'second']);
      }
    }
  });

  it('cut at every byte: frames inside one chunk stay views of it, the others arrive whole and in order', () => {
    const payloads = ['alpha', '', 'b', 'a longer third frame'];
    const stream = Buffer.concat(payloads.map(frame));
    const starts: number[] = [];
    for (let at = 0, i = 0; i < payloads.length; i++) {
      starts.push(at);
      at += 4 + Buffer.byteLength(payloads[i] as string);
    }
    for (let cut = 0; cut <= stream.length; cut++) {
      // Buffer.alloc never uses the shared pool: each chunk owns its memory.
      const head = Buffer.alloc(cut);
      const tail = Buffer.alloc(stream.length - cut);
      stream.copy(head, 0, 0, cut);
      stream.copy(tail, 0, cut);
      const seen: Buffer[] = [];
      const splitter = new FrameSplitter((payload) => seen.push(payload));
      splitter.push(head);
      splitter.push(tail);
      expect(seen.map(String), `cut ${cut}`).toEqual(payloads);
      seen.forEach((payload, i) => {
        const start = starts[i] as number;
        const end = start + 4 + payload.length;
        const owner = end <= cut ? head : start >= cut ? tail : null;
        if (owner !== null) expect(payload.buffer, `cut ${cut}, frame ${i}`).toBe(owner.buffer);
        else expect(payload.buffer === head.buffer || payload.buffer === tail.buffer).toBe(false);
      });
      expect(splitter.buffered).toBe(0);
    }
  });

  it('assembles a frame spread over many chunks in one buffer of exactly its size', () => {
    const size = 256 * 1024; // above Buffer's pool size, so a fresh allocation shows its exact length
    const whole = Buffer.alloc(4 + size);
    whole.writeInt32BE(size, 0);
    for (let i = 0; i < size; i++) whole[4 + i] = i % 251;
    for (const chunkSize of [1, 3, 4, 5, 4096, 65_536]) {
      const seen: Buffer[] = [];
      const splitter = new FrameSplitter((payload) => seen.push(payload));
      for (let at = 0; at < whole.length; at += chunkSize) splitter.push(whole.subarray(at, at + chunkSize));
      expect(seen.length).toBe(1);
      const payload = seen[0] as Buffer;
      expect(payload.byteOffset).toBe(0);
      expect(payload.buffer.byteLength).toBe(size);
      expect(payload.equals(whole.subarray(4))).toBe(true);
    }
  });

  it('survives a stream fed one byte at a time', () => {
    const { splitter, frames } = collect();
    const stream = Buffer.concat([frame('xy'), frame('z')]);
    for (const byte of stream) splitter.push(Buffer.of(byte));
    expect(frames).toEqual(['xy', 'z']);
  });

  it('reports the bytes held for an incomplete frame', () => {
    const { splitter } = collect();
    const whole = frame('abcdef');
    splitter.push(whole.subarray(0, 2));
    expect(splitter.buffered).toBe(2);
    splitter.push(whole.subarray(2, 7));
    expect(splitter.buffered).toBe(7);
    splitter.push(whole.subarray(7));
    expect(splitter.buffered).toBe(0);
  });

  it('rejects a negative or oversized size prefix with KafkaDecodeError', () => {
    const negative = Buffer.alloc(8);
    negative.writeInt32BE(-5, 0);
    expect(() => collect().splitter.push(negative)).toThrow(KafkaDecodeError);
    const big = Buffer.alloc(4);
    big.writeInt32BE(1025, 0);
    expect(() => collect(1024).splitter.push(big)).toThrow(/outside 0\.\.1024/);
    const { splitter } = collect(1024);
    splitter.push(big.subarray(0, 1));
    expect(() => splitter.push(big.subarray(1))).toThrow(KafkaDecodeError);
  });

  it('reads into given memory: a large frame lands in its own buffer, frames from staging are copied out', () => {
    const big = 'x'.repeat(200_000);
    const stream = Buffer.concat([frame('small'), frame(big), frame(''), frame('tail')]);
    const seen: Buffer[] = [];
    const splitter = new FrameSplitter((payload) => seen.push(payload));
    // Reads of varying size, as a socket with `onread` makes them: never more than the target holds.
    let at = 0;
    let step = 0;
    let direct = 0;
    while (at < stream.length) {
      const target = splitter.readTarget();
      const n = Math.min(target.length, stream.length - at, [7, 70_000, 3, 100_000][step++ % 4] as number);
      stream.copy(target, 0, at, at + n);
      if (target.length < 64 * 1024 || target.byteOffset > 0) direct++;
      splitter.filled(n, target);
      at += n;
    }
    expect(seen.map((b) => b.toString())).toEqual(['small', big, '', 'tail']);
    expect(direct).toBeGreaterThan(0); // the rest of the large frame was read straight into it
    // Frames cut out of the reused staging buffer must survive the reads after them.
    expect(seen[0]?.toString()).toBe('small');
    expect(splitter.buffered).toBe(0);
  });

  it('reads the next frame of a similar size into recycled memory; never memory it did not allocate', () => {
    const seen: Buffer[] = [];
    const splitter = new FrameSplitter((payload) => seen.push(payload));
    const feed = (text: string) => {
      const stream = frame(text);
      // cut in two, so the body is assembled in memory of the splitter's own
      splitter.push(stream.subarray(0, 10));
      splitter.push(stream.subarray(10));
    };
    feed('a'.repeat(100_000));
    const first = seen[0] as Buffer;
    splitter.recycle(first.buffer);
    feed('b'.repeat(90_000));
    expect(seen[1]?.buffer).toBe(first.buffer);
    expect(seen[1]?.toString()).toBe('b'.repeat(90_000));
    // taken: the spare is gone until handed back again
    feed('c'.repeat(90_000));
    expect(seen[2]?.buffer).not.toBe(first.buffer);
    // a much smaller frame does not tie up a large spare
    splitter.recycle(first.buffer);
    feed('d'.repeat(40_000));
    expect(seen[3]?.buffer).not.toBe(first.buffer);
    feed('e'.repeat(80_000));
    expect(seen[4]?.buffer).toBe(first.buffer);
    // memory from elsewhere, and bodies small enough to come out of Node's shared pool, are ignored
    splitter.recycle(new ArrayBuffer(200_000));
    feed('f'.repeat(5_000));
    splitter.recycle((seen[5] as Buffer).buffer);
    feed('g'.repeat(150_000));
    expect(seen[6]?.buffer.byteLength).toBe(150_000);
    // (the views of recycled frames show the bytes of whichever frame came last: the caller's promise)
    expect(seen.slice(2).map((b) => b.toString()[0])).toEqual(['c', 'd', 'e', 'f', 'g']);
  });

  it('rejects a bad size prefix read into the staging buffer', () => {
    const splitter = new FrameSplitter(() => {}, 100);
    const target = splitter.readTarget();
    target.writeInt32BE(101, 0);
    expect(() => splitter.filled(4, target)).toThrow(KafkaDecodeError);
  });
});
