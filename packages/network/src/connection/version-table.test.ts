import { describe, expect, it } from 'vitest';
import { UnsupportedApiError } from '../errors.js';
import { VersionTable } from './version-table.js';

const metadata = { key: 3, name: 'Metadata', minVersion: 0, maxVersion: 13 };
const produce = { key: 0, name: 'Produce', minVersion: 2, maxVersion: 13 };
const joinGroup = { key: 11, name: 'JoinGroup', minVersion: 0, maxVersion: 9 };

describe('VersionTable', () => {
  it('picks the highest version both sides support', () => {
    const table = new VersionTable([
      { apiKey: 3, minVersion: 0, maxVersion: 12 },
      { apiKey: 0, minVersion: 0, maxVersion: 15 },
    ]);
    expect(table.pick(metadata)).toBe(12);
    expect(table.pick(produce)).toBe(13);
    expect(table.pick(metadata, 9)).toBe(9);
  });

  it('never picks Produce below v3, whatever a 4.x broker advertises', () => {
    const table = new VersionTable([{ apiKey: 0, minVersion: 0, maxVersion: 12 }]);
    expect(() => table.pick(produce, 2)).toThrow(UnsupportedApiError);
    expect(table.pick(produce)).toBe(12);
  });

  it('names the API and both ranges when there is no common version', () => {
    const table = new VersionTable([{ apiKey: 11, minVersion: 10, maxVersion: 12 }]);
    const error = (() => {
      try {
        table.pick(joinGroup);
      } catch (e) {
        return e as UnsupportedApiError;
      }
    })();
    expect(error).toBeInstanceOf(UnsupportedApiError);
    expect(error?.api).toBe('JoinGroup');
    expect(error?.message).toMatch(/JoinGroup \(key 11\).*v0-v9.*v10-v12/);
    expect(table.supports(joinGroup)).toBe(false);
  });

  it('says so when the broker lacks the API entirely', () => {
    expect(() => new VersionTable([]).pick(metadata)).toThrow(/Metadata.*does not serve it/);
  });
});
