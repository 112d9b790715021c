import { describe, expect, it } from 'vitest';
import { fuzzTarget, fuzzTargets } from './test-support/fuzz-core.js';

// The short CI pass; `pnpm --filter @tskafka/protocol fuzz --iterations 1000000` is the long one.
const ITERATIONS = Number(process.env.TSKAFKA_FUZZ_ITERATIONS ?? 200);

describe('decoder fuzz (short pass)', () => {
  const targets = fuzzTargets(42);

  it('covers every decoder and mutates frames recorded from real brokers', () => {
    expect(targets.length).toBeGreaterThan(500);
    expect(targets.filter((t) => t.recordedSeeds > 0).length).toBeGreaterThan(20);
  });

  it.each(targets.map((t) => [t.name, t] as const))(
    '%s only ever throws KafkaDecodeError',
    (_name, target) => {
      const r = fuzzTarget(target, ITERATIONS, 7);
      expect(r.crashes).toEqual([]);
      expect(r.inputs).toBe(ITERATIONS);
      // Mutations must exercise both outcomes, or the pass proves nothing.
      expect(r.rejected).toBeGreaterThan(0);
    },
  );
});
