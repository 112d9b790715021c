import { describe, expect, it } from 'vitest';
import type { RawMessage } from './message.js';
import { RecordChunk } from './record-chunk.js';
import { messagesOf } from './test-support/chunks.js';

const header = [{ key: 'h', value: Buffer.from('v') }];

describe('RecordChunk', () => {
  it('gives back every field of the records added, across batches, buffers and growth', () => {
    const fetched = Buffer.from('k0v0k1v1');
    const decompressed = Buffer.from('xxv2');
    const chunk = new RecordChunk(3, 2);
    chunk.addViews(100n, 7, 0, 1_000, fetched.subarray(0, 2), fetched.subarray(2, 4), []);
    chunk.addViews(100n, 7, 1, 1_001, fetched.subarray(4, 6), fetched.subarray(6, 8), header);
    chunk.addViews(102n, 8, 5, -1, null, decompressed.subarray(2, 4), []);
    chunk.addViews(102n, 8, 6, 2 ** 52, null, null, []);
    for (let i = 0; i < 40; i++) chunk.addViews(200n, 8, i, i, null, Buffer.from([i]), []);
    expect(chunk.length).toBe(44);
    expect(chunk.bytes).toBe(8 + 2 + 40);
    const messages = messagesOf(chunk);
    expect(messages.slice(0, 4)).toEqual([
      {
        partitionId: 3,
        offset: 100n,
        timestamp: 1_000,
        key: Buffer.from('k0'),
        value: Buffer.from('v0'),
        headers: [],
        leaderEpoch: 7,
      },
      {
        partitionId: 3,
        offset: 101n,
        timestamp: 1_001,
        key: Buffer.from('k1'),
        value: Buffer.from('v1'),
        headers: header,
        leaderEpoch: 7,
      },
      {
        partitionId: 3,
        offset: 107n,
        timestamp: -1,
        key: null,
        value: Buffer.from('v2'),
        headers: [],
        leaderEpoch: 8,
      },
      {
        partitionId: 3,
        offset: 108n,
        timestamp: 2 ** 52,
        key: null,
        value: null,
        headers: [],
        leaderEpoch: 8,
      },
    ]);
    expect(messages.slice(4).map((m) => [m.offset, m.value])).toEqual(
      Array.from({ length: 40 }, (_, i) => [200n + BigInt(i), Buffer.from([i])]),
    );
    // views, not copies, of the bytes handed in
    expect(((messages[2] as RawMessage).value as Buffer).buffer).toBe(decompressed.buffer);
  });

  it('says which memory its records (keys, values, header values) lie in', () => {
    const fetched = new ArrayBuffer(64);
    const decompressed = Buffer.allocUnsafeSlow(64);
    const headerMemory = Buffer.allocUnsafeSlow(8);
    const chunk = new RecordChunk(0);
    chunk.add(0n, 0, 0, 0, decompressed.buffer, 0, 2, 2, 4, [
      { key: 'h', value: headerMemory.subarray(0, 1) },
    ]);
    chunk.add(0n, 0, 1, 0, decompressed.buffer, -1, -1, 6, 4, [{ key: 'n', value: null }]);
    expect(chunk.uses(decompressed.buffer)).toBe(true);
    expect(chunk.uses(headerMemory.buffer)).toBe(true);
    expect(chunk.uses(fetched)).toBe(false);
    const legacy = new RecordChunk(0);
    const set = Buffer.allocUnsafeSlow(64);
    legacy.addViews(0n, 0, 0, 0, set.subarray(0, 2), set.subarray(2, 4), []);
    expect(legacy.uses(set.buffer)).toBe(true);
    expect(legacy.uses(fetched)).toBe(false);
    expect(new RecordChunk(0).uses(fetched)).toBe(false);
  });

  it('keepBelow drops the records at or past an offset and recounts the bytes kept', () => {
    const chunk = new RecordChunk(0);
    for (let i = 0; i < 6; i++) chunk.addViews(10n, 1, i, 0, null, Buffer.alloc(i + 1), []);
    expect(chunk.messageAt(0).offset).toBe(10n);
    expect(chunk.keepBelow(2, 14n)).toBe(2);
    expect(chunk.length).toBe(4);
    expect(chunk.bytes).toBe(3 + 4);
    expect(messagesOf(chunk).map((m) => m.offset)).toEqual([10n, 11n, 12n, 13n]);
    expect(chunk.keepBelow(0, 5n)).toBe(0);
    expect(chunk.length).toBe(0);
  });

  it('reads any index, back and forth across segments', () => {
    const chunk = new RecordChunk(0);
    for (let batch = 0; batch < 5; batch++)
      for (let i = 0; i < 3; i++)
        chunk.addViews(BigInt(batch * 10), batch, i, 0, null, Buffer.from([batch, i]), []);
    for (const index of [14, 0, 7, 6, 13, 1, 12, 3]) {
      const m = chunk.messageAt(index);
      const [batch, i] = [Math.floor(index / 3), index % 3];
      expect([m.offset, m.leaderEpoch, m.value]).toEqual([
        BigInt(batch * 10 + i),
        batch,
        Buffer.from([batch, i]),
      ]);
    }
    expect(chunk.keepBelow(4, 21n)).toBe(3);
    expect(messagesOf(chunk).map((m) => m.offset)).toEqual([0n, 1n, 2n, 10n, 11n, 12n, 20n]);
  });

  it('takes positions in memory (the decoder path), and views whose key and value lie apart', () => {
    const memory = Buffer.alloc(12, '..key..value').buffer; // alloc: offset 0 of its own ArrayBuffer
    const chunk = new RecordChunk(1);
    chunk.add(0n, 2, 0, 5, memory, 2, 3, 7, 5, []);
    chunk.add(0n, 2, 1, 6, memory, 0, -1, 0, -1, []);
    const key = Buffer.alloc(2, 'k'); // Buffer.alloc is never pooled: two separate ArrayBuffers
    const value = Buffer.alloc(2, 'v');
    chunk.addViews(0n, 2, 2, 7, key, value, []);
    expect(
      messagesOf(chunk).map((m) => [m.offset, m.timestamp, m.key?.toString(), m.value?.toString()]),
    ).toEqual([
      [0n, 5, 'key', 'value'],
      [1n, 6, undefined, undefined],
      [2n, 7, 'kk', 'vv'],
    ]);
    expect(chunk.bytes).toBe(8 + 4);
    // the shared empty headers of messages without any cannot be changed through one of them
    expect(() => (chunk.messageAt(0).headers as unknown[]).push(1)).toThrow(TypeError);
  });
});
