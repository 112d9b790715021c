import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Liveness } from './liveness.js';

describe('Liveness', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stays quiet while probes are answered', async () => {
    const silent = vi.fn();
    const liveness = new Liveness(6_000, async () => {}, silent);
    liveness.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(silent).not.toHaveBeenCalled();
    liveness.stop();
  });

  it('drops the connection once nothing was heard for half the session timeout, and only once', async () => {
    const silent = vi.fn();
    const liveness = new Liveness(6_000, () => new Promise(() => {}), silent);
    liveness.start();
    await vi.advanceTimersByTimeAsync(3_599); // ticks every 600 ms; 3 s of silence is not yet more than half
    expect(silent).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(silent).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(silent).toHaveBeenCalledTimes(1); // disconnected: silence no longer counts
    liveness.connected(true);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(silent).toHaveBeenCalledTimes(2);
    liveness.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
