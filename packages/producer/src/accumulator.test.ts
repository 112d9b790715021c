import type { ProduceRecord } from '@tskafka/protocol';
import { describe, expect, it } from 'vitest';
import { Accumulator } from './accumulator.js';
import type { RecordMetadata } from './batch.js';

const limits = {
  batchSize: 100,
  lingerMs: 10,
  minQueuedMessages: 1000,
  maxQueuedMessages: 50,
  maxQueuedBytes: 1000,
};
const settled: string[] = [];
const settler = (name: string) =>
  [
    (m: RecordMetadata) => settled.push(`${name}@${m.offset}`),
    (e: Error) => settled.push(`${name}!${e.message}`),
  ] as const;
const record = (value: string): ProduceRecord => ({ value, timestamp: 1 });

describe('Accumulator', () => {
  it('fills batches up to batchSize and reports them ready when full or lingered', () => {
    const acc = new Accumulator(limits);
    for (let i = 0; i < 3; i++) acc.append(0, record(`r${i}`), 40, ...settler(`r${i}`), 1000);
    expect([acc.messages, acc.bytes]).toEqual([3, 120]);
    // Two batches (80 + 40 bytes): the first is full, so the partition is ready before linger ends.
    expect(acc.ready(1001, false, new Set())).toEqual([0]);
    acc.append(1, record('x'), 10, ...settler('x'), 1000);
    expect(acc.ready(1005, false, new Set())).toEqual([0]);
    expect(acc.ready(1010, false, new Set())).toEqual([0, 1]);
    expect(acc.ready(1001, false, new Set([0]))).toEqual([]);
    expect(acc.nextDeadline(new Set([0]))).toBe(1010);
  });

  it('merges fresh batches queued behind the head up to maxBytes, in order', () => {
    const acc = new Accumulator(limits);
    for (let i = 0; i < 6; i++) acc.append(0, record(`r${i}`), 40, ...settler(`r${i}`), 1000);
    const merged = acc.take(0, 170);
    expect(merged?.records.map((r) => r.value)).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(merged?.bytes).toBe(160);
    expect(acc.take(0, 1000)?.records.map((r) => r.value)).toEqual(['r4', 'r5']);
    expect(acc.take(0, 1000)).toBeUndefined();
  });

  it('puts a resend back first, never merges into it, and halves keep order and sequences', () => {
    const acc = new Accumulator(limits);
    for (let i = 0; i < 4; i++) acc.append(0, record(`r${i}`), 40, ...settler(`r${i}`), 1000);
    const head = acc.take(0, 80);
    if (head === undefined) throw new Error('no batch');
    head.attempts = 1;
    head.baseSequence = 2_147_483_647;
    acc.putBack(head);
    acc.append(0, record('late'), 10, ...settler('late'), 1000);
    expect(acc.take(0, 1000)?.records.map((r) => r.value)).toEqual(['r0', 'r1']);
    const [a, b] = head.halve();
    expect([a.records[0]?.value, b.records[0]?.value]).toEqual(['r0', 'r1']);
    expect([a.baseSequence, b.baseSequence, a.bytes + b.bytes]).toEqual([2_147_483_647, 0, head.bytes]);
    expect(a.mergeable || b.mergeable).toBe(false);
  });

  it('bounds memory by records and bytes until batches are released', () => {
    const acc = new Accumulator(limits);
    expect(acc.hasRoom(2000)).toBe(true); // an empty queue always takes one record
    acc.append(0, record('big'), 990, ...settler('big'), 0);
    expect(acc.hasRoom(20)).toBe(false);
    const batch = acc.take(0, 10_000);
    if (batch === undefined) throw new Error('no batch');
    acc.release(batch);
    batch.succeed('t', 7n, -1);
    expect(acc.hasRoom(20)).toBe(true);
    expect(settled).toContain('big@7');
  });
});
