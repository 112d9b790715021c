import { describe, expect, it } from 'vitest';
import { type DeliveredMessage, DeliveryReportQueue } from './delivery-reports.js';

const message = (offset: number): DeliveredMessage => ({
  value: 'v',
  partitionKey: null,
  headers: undefined,
  partition: 0,
  offset: BigInt(offset),
  timestamp: 0,
});

describe('DeliveryReportQueue', () => {
  it('hands reports out in order and waits for the next one', async () => {
    const queue = new DeliveryReportQueue(10);
    queue.push([message(1), null]);
    expect((await queue.take(0))?.[0].offset).toBe(1n);
    const waiting = queue.take(-1);
    queue.push([message(2), new Error('x')]);
    const [m, error] = (await waiting)!;
    expect([m.offset, error?.message]).toEqual([2n, 'x']);
  });

  it('discards the oldest report when full and counts it', async () => {
    const queue = new DeliveryReportQueue(2);
    for (let i = 0; i < 5; i++) queue.push([message(i), null]);
    expect(queue.dropped).toBe(3);
    expect(queue.size).toBe(2);
    expect((await queue.take(0))?.[0].offset).toBe(3n);
    expect((await queue.take(0))?.[0].offset).toBe(4n);
  });

  it('resolves undefined after the timeout, and on release', async () => {
    const queue = new DeliveryReportQueue(2);
    expect(await queue.take(20)).toBeUndefined();
    const waiting = queue.take(-1);
    queue.release();
    expect(await waiting).toBeUndefined();
  });
});
