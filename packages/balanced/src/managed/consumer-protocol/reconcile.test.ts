import { describe, expect, it } from 'vitest';
import { nextStep } from './reconcile.js';

describe('nextStep', () => {
  it('revokes before anything is added', () => {
    expect(nextStep([0, 1, 2], [1, 2, 3])).toEqual({ kind: 'revoke', partitions: [1, 2] });
  });
  it('adds once nothing is left to revoke', () => {
    expect(nextStep([2, 1], [3, 1, 2])).toEqual({ kind: 'assign', partitions: [1, 2, 3], added: [3] });
  });
  it('does nothing when the target is held', () => {
    expect(nextStep([1, 2], [2, 1])).toEqual({ kind: 'none' });
  });
  it('revokes everything for an empty target', () => {
    expect(nextStep([4], [])).toEqual({ kind: 'revoke', partitions: [] });
  });
});
