import { describe, expect, it } from 'vitest';
import { recordOffset } from './record-offset.js';

describe('recordOffset', () => {
  it('adds small and large deltas exactly, past 2^53', () => {
    expect(recordOffset(1000n, 3)).toBe(1003n);
    expect(recordOffset(0n, 0)).toBe(0n);
    expect(recordOffset(10n, 4095)).toBe(4105n);
    expect(recordOffset(10n, 4096)).toBe(4106n);
    expect(recordOffset(2n ** 62n, 2 ** 31 - 1)).toBe(2n ** 62n + 2147483647n);
  });
});
