import { ClosedError } from '@tskafka/network';
import { describe, expect, it } from 'vitest';
import { iterateMessages, type Message } from './message.js';

const message = (offset: number) => ({ offset: BigInt(offset) }) as unknown as Message;

/** Collects what a for-await loop over the iterator sees, and the error that ended it. */
async function drain(it: AsyncIterable<Message>): Promise<{ offsets: number[]; error?: unknown }> {
  const offsets: number[] = [];
  try {
    for await (const m of it) offsets.push(Number(m.offset));
  } catch (error) {
    return { offsets, error };
  }
  return { offsets };
}

describe('iterateMessages', () => {
  it('takes what poll has ready before falling back to consume(), and ends when consume() gives null', async () => {
    const ready = [0, 1];
    const waited = [2, null];
    let consumeCalls = 0;
    const it = iterateMessages(
      async () => {
        consumeCalls++;
        const next = waited.shift();
        return next === null || next === undefined ? null : message(next);
      },
      () => false,
      () => {
        const next = ready.shift();
        return next === undefined ? undefined : message(next);
      },
    );
    expect(await drain(it)).toEqual({ offsets: [0, 1, 2] });
    expect(consumeCalls).toBe(2);
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });

  it('ends quietly on ClosedError once closed, and passes other errors on (ending the iteration)', async () => {
    let closed = false;
    const fail = new Error('fetch failed');
    let calls = 0;
    const consume = async () => {
      calls++;
      if (calls === 1) return message(7);
      if (closed) throw new ClosedError('closed');
      throw fail;
    };
    expect(await drain(iterateMessages(consume, () => closed))).toEqual({ offsets: [7], error: fail });
    calls = 0;
    const it = iterateMessages(consume, () => closed);
    expect((await it.next()).value).toEqual(message(7));
    closed = true;
    expect(await it.next()).toEqual({ done: true, value: undefined });
    expect(calls).toBe(2);
  });

  it('rejects with what poll throws (a deserializer error) and is done afterwards', async () => {
    const bad = new Error('cannot deserialize');
    const it = iterateMessages(
      async () => message(1),
      () => false,
      () => {
        throw bad;
      },
    );
    await expect(it.next()).rejects.toBe(bad);
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });

  it('stops at a break: return() ends it without consuming more', async () => {
    let consumeCalls = 0;
    const it = iterateMessages(
      async () => {
        consumeCalls++;
        return message(consumeCalls);
      },
      () => false,
    );
    for await (const m of it) if (m.offset === 2n) break;
    expect(await it.next()).toEqual({ done: true, value: undefined });
    expect(consumeCalls).toBe(2);
  });
});
