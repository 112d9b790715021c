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
});
