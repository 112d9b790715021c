import { describe, expect, it } from 'vitest';
import { AbortedError } from '../errors.js';
import { sleep } from './abort.js';

describe('sleep', () => {
  it('resolves after the delay', async () => {
    const start = performance.now();
    await sleep(20);
    expect(performance.now() - start).toBeGreaterThanOrEqual(15);
  });

  it('rejects with AbortedError when aborted mid-wait, carrying the reason', async () => {
    const controller = new AbortController();
    const waiting = sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortedError);
    expect((error as AbortedError).cause).toEqual(new Error('stop'));
  });

  it('rejects at once for an already-aborted signal', async () => {
    await expect(sleep(10_000, AbortSignal.abort())).rejects.toBeInstanceOf(AbortedError);
  });
});
