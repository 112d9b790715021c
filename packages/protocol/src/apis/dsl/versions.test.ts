import { describe, expect, it } from 'vitest';
import { KafkaEncodeError } from '../../errors/kafka-error.js';
import { defineApi } from './define-api.js';
import { inRange, parseRange } from './versions.js';

describe('version ranges', () => {
  it('parses the spec forms', () => {
    expect(parseRange('3+')).toEqual({ lo: 3, hi: Number.POSITIVE_INFINITY });
    expect(parseRange('0-2')).toEqual({ lo: 0, hi: 2 });
    expect(parseRange('5')).toEqual({ lo: 5, hi: 5 });
    expect(inRange(parseRange('none'), 0)).toBe(false);
    expect(inRange(parseRange('2-4'), 4)).toBe(true);
    expect(inRange(parseRange('2-4'), 5)).toBe(false);
  });

  it('rejects malformed ranges', () => {
    for (const bad of ['', '+3', '1-', 'a', '1..2']) expect(() => parseRange(bad)).toThrow(KafkaEncodeError);
  });

  it('an API that never became flexible has flexibleFrom Infinity', () => {
    const api = defineApi({
      key: 99,
      name: 'X',
      versions: '0-1',
      flexible: 'none',
      request: {},
      response: {},
    });
    expect([api.minVersion, api.maxVersion, api.flexibleFrom]).toEqual([0, 1, Number.POSITIVE_INFINITY]);
  });
});
