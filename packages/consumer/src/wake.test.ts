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
});
