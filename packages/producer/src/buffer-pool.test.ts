import { describe, expect, it } from 'vitest';
import { BufferPool } from './buffer-pool.js';

describe('BufferPool', () => {
  it('hands back a given buffer for a later batch that fits it, exactly sized', () => {
    const pool = new BufferPool(1024, 2);
    const first = pool.take(3000);
    expect(first.length).toBe(3000);
    expect(first.buffer.byteLength).toBe(4096); // rounded up to a power of two
    pool.give(first);
    const second = pool.take(4000);
    expect(second.length).toBe(4000);
    expect(second.buffer).toBe(first.buffer);
    // Nothing pooled fits (or the pool is empty): a fresh buffer.
    expect(pool.take(4000).buffer).not.toBe(first.buffer);
  });

  it('never hands one buffer out twice, ignores small or foreign buffers, and holds at most maxPooled', () => {
    const pool = new BufferPool(1024, 2);
    const a = pool.take(2000);
    const b = pool.take(2000);
    const c = pool.take(2000);
    const foreign = [Buffer.alloc(100), Buffer.alloc(4096), Buffer.allocUnsafe(200), pool.take(100)];
    for (const buffer of [a, a, b, c, ...foreign]) pool.give(buffer);
    const reused = [pool.take(2000), pool.take(2000), pool.take(2000)].map((x) => x.buffer);
    expect(new Set(reused).size).toBe(3);
    // a (once, though given twice) and b came back; c found the pool full.
    expect(reused.filter((x) => x === a.buffer || x === b.buffer)).toHaveLength(2);
    expect(reused).not.toContain(c.buffer);
    expect(pool.take(100).length).toBe(100);
  });
});
