import { describe, expect, it } from 'vitest';
import type { RawMessage } from './message.js';
import { OwnedPartition } from './owned-partition.js';
import { chunkOf } from './test-support/chunks.js';

const message = (offset: bigint, leaderEpoch = 0): RawMessage => ({
  partitionId: 0,
  offset,
  timestamp: 0,
  key: null,
  value: null,
  headers: [],
  leaderEpoch,
});

const TWO = { queuedMaxMessages: 2, queuedMaxBytes: Number.MAX_SAFE_INTEGER };
const sized = (offset: bigint, bytes: number): RawMessage => ({
  ...message(offset),
  key: Buffer.alloc(1),
  value: Buffer.alloc(bytes - 1),
});

describe('OwnedPartition', () => {
  it('hands messages out in order, recording the last consumed offset', () => {
    const p = new OwnedPartition(0);
    p.moveTo(5n);
    expect([p.fetchOffset, p.lastConsumed]).toEqual([5n, 4n]);
    for (let i = 5n; i < 10_005n; i++) p.pushChunk(chunkOf([message(i)]));
    const seen: bigint[] = [];
    for (let m = p.shift(); m !== undefined; m = p.shift()) seen.push(m.offset);
    expect(seen).toHaveLength(10_000);
    expect(seen.every((o, i) => o === 5n + BigInt(i))).toBe(true);
    expect([p.queued, p.lastConsumed]).toEqual([0, 10_004n]);
  });

  it('a withheld message counts as unread until consumeWithheld; a move forgets it', () => {
    const p = new OwnedPartition(0);
    p.moveTo(0n);
    for (let i = 0n; i < 4n; i++) p.pushChunk(chunkOf([message(i, 3)]));
    p.shift();
    const failed = p.shift() as RawMessage;
    p.withhold(failed);
    expect([p.lastConsumed, p.withheld]).toEqual([0n, 1n]);
    p.consumeWithheld();
    expect([p.lastConsumed, p.lastConsumedEpoch, p.withheld]).toEqual([1n, 3, -1n]);

    p.withhold(p.shift() as RawMessage);
    p.moveTo(10n);
    p.consumeWithheld();
    expect([p.lastConsumed, p.withheld]).toEqual([9n, -1n]);
  });

  it('keeps order across interleaved pushes and shifts past the compaction point', () => {
    const p = new OwnedPartition(0);
    let next = 0n;
    let expected = 0n;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 300; i++) p.pushChunk(chunkOf([message(next++)]));
      for (let i = 0; i < 200; i++) expect(p.shift()?.offset).toBe(expected++);
    }
    expect(p.queued).toBe(Number(next - expected));
  });

  it('moveTo drops the queue and bumps the generation so in-flight fetches are ignored', () => {
    const p = new OwnedPartition(0);
    p.moveTo(0n);
    p.pushChunk(chunkOf([message(0n)]));
    p.resetting = true;
    const generation = p.generation;
    p.moveTo(42n);
    expect([p.queued, p.fetchOffset, p.resetting, p.generation]).toEqual([0, 42n, false, generation + 1]);
  });

  it('is fetchable only with a known position, room, and neither paused nor resetting', () => {
    const p = new OwnedPartition(0);
    expect(p.fetchable(TWO)).toBe(false); // position unknown
    p.moveTo(0n);
    expect(p.fetchable(TWO)).toBe(true);
    p.pushChunk(chunkOf([message(0n)]));
    p.pushChunk(chunkOf([message(1n)]));
    expect(p.fetchable(TWO)).toBe(false); // full
    p.shift();
    p.paused = true;
    expect(p.fetchable(TWO)).toBe(false);
    p.paused = false;
    p.resetting = true;
    expect(p.fetchable(TWO)).toBe(false);
  });

  it('truncateTo keeps queued messages below the end offset and fetches on from it', () => {
    const p = new OwnedPartition(0);
    p.moveTo(0n);
    for (let i = 0n; i < 10n; i++) p.pushChunk(chunkOf([message(i, 2)]));
    p.fetchOffset = 10n;
    p.fetchEpoch = 2;
    expect(p.shift()?.offset).toBe(0n);
    expect(p.lastConsumedEpoch).toBe(2);
    const generation = p.generation;
    p.validating = true;
    p.truncateTo(6n, 1);
    expect([p.fetchOffset, p.fetchEpoch, p.validating, p.queued]).toEqual([6n, 1, false, 5]);
    expect(p.generation).toBe(generation + 1);
    const rest: bigint[] = [];
    for (let m = p.shift(); m !== undefined; m = p.shift()) rest.push(m.offset);
    expect(rest).toEqual([1n, 2n, 3n, 4n, 5n]);
  });

  it('truncateTo below what the application consumed moves the position back to the end offset', () => {
    const p = new OwnedPartition(0);
    p.moveTo(0n);
    for (let i = 0n; i < 4n; i++) p.pushChunk(chunkOf([message(i, 2)]));
    p.fetchOffset = 4n;
    p.shift();
    p.shift();
    p.shift();
    p.truncateTo(1n, 1);
    expect([p.fetchOffset, p.lastConsumed, p.fetchEpoch, p.queued]).toEqual([1n, 0n, 1, 0]);
  });

  it('bounds the queue by bytes too, and says when a shift opened room under either bound', () => {
    const bounds = { queuedMaxMessages: 3, queuedMaxBytes: 100 };
    const p = new OwnedPartition(0);
    p.moveTo(0n);
    p.pushChunk(chunkOf([sized(0n, 60)]));
    expect([p.queuedBytes, p.fetchable(bounds)]).toEqual([60, true]);
    p.pushChunk(chunkOf([sized(1n, 50)]));
    expect([p.queuedBytes, p.fetchable(bounds)]).toEqual([110, false]); // bytes full, count not
    p.shift();
    expect([p.queuedBytes, p.fetchable(bounds), p.gotRoom(bounds)]).toEqual([50, true, true]);
    p.pushChunk(chunkOf([sized(2n, 10)]));
    p.pushChunk(chunkOf([sized(3n, 10)]));
    expect([p.queued, p.fetchable(bounds)]).toEqual([3, false]); // count full, bytes not
    p.shift();
    expect([p.queued, p.gotRoom(bounds)]).toEqual([2, true]);
    p.shift();
    expect(p.gotRoom(bounds)).toBe(false); // had room already
    p.pushChunk(chunkOf([sized(4n, 95)]));
    p.truncateTo(4n, 1);
    expect([p.queued, p.queuedBytes]).toEqual([1, 10]);
    p.moveTo(9n);
    expect([p.queued, p.queuedBytes]).toEqual([0, 0]);
  });

  it('counts records being decoded against the bounds until settled; a move forgets them', () => {
    const bounds = { queuedMaxMessages: 10, queuedMaxBytes: 1_000 };
    const p = new OwnedPartition(0);
    p.moveTo(5n);
    const end = { next: 9n, epoch: 2, records: 4, bytes: 400 };
    p.expect(end);
    expect([p.fetchOffset, p.fetchEpoch, p.fetchable(bounds)]).toEqual([9n, 2, true]);
    p.expect({ next: 20n, epoch: 2, records: 6, bytes: 400 });
    expect(p.fetchable(bounds)).toBe(false); // 10 records on the way
    p.settle(end);
    expect(p.fetchable(bounds)).toBe(true);
    p.expect({ next: 30n, epoch: 2, records: 1, bytes: 600 });
    expect(p.fetchable(bounds)).toBe(false); // 1 000 bytes on the way
    p.moveTo(0n);
    expect(p.fetchable(bounds)).toBe(true);
  });
});
