import { describe, expect, it } from 'vitest';
import { Wake } from './wake.js';

const settled = async (p: Promise<void>) => {
  let done = false;
  void p.then(() => {
    done = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe('Wake', () => {
  it('resolves a waiter on notify, and not before', async () => {
    const wake = new Wake();
    const waiting = wake.wait();
    expect(await settled(waiting)).toBe(false);
    wake.notify();
    expect(await settled(waiting)).toBe(true);
  });

  it('remembers a notify that came while nobody waited, once', async () => {
    const wake = new Wake();
    wake.notify();
    wake.notify();
    expect(await settled(wake.wait())).toBe(true);
    expect(await settled(wake.wait())).toBe(false);
  });

  it('waitAtMost ends on notify, on timeout or on abort, and leaves no timer', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const wake = new Wake();
    const notified = wake.waitAtMost(60_000);
    wake.notify();
    expect(await settled(notified)).toBe(true);
    const started = Date.now();
    await wake.waitAtMost(20);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    const abort = new AbortController();
    const aborted = wake.waitAtMost(Number.POSITIVE_INFINITY, abort.signal);
    expect(await settled(aborted)).toBe(false);
    abort.abort();
    expect(await settled(aborted)).toBe(true);
    expect(timers()).toBe(before);
  });
});
