import { describe, expect, it } from 'vitest';
import { fuzzRecords, recordsFuzzTargets } from './test-support/fuzz-records.js';

// Short pass for CI; scripts/fuzz-records.ts runs the long one.
describe('records decoders under fuzz', async () => {
  for (const target of await recordsFuzzTargets())
    it(`${target.name}: only typed errors, no slow inputs`, async () => {
      const r = await fuzzRecords(target, 3000, 7);
      expect(r.crashes).toEqual([]);
      expect(r.decoded + r.rejected).toBe(3000);
      expect(r.rejected).toBeGreaterThan(0);
      expect(r.slowestMs).toBeLessThan(3000); // generous: the machine is shared; a hang never ends
    });
});
