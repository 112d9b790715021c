import { PerformanceObserver } from 'node:perf_hooks';

/** Timing of one contender on one workload. */
export interface Measurement {
  opsPerSec: number;
  /** Bytes allocated per operation (V8 heap + array buffers), or undefined if a GC spoiled the count. */
  bytesPerOp: number | undefined;
}

let gcCount = 0;
new PerformanceObserver((list) => {
  gcCount += list.getEntries().length;
}).observe({ entryTypes: ['gc'] });

const gc = (globalThis as { gc?: () => void }).gc;
const tick = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Bytes allocated per operation: heap and array-buffer growth across `ops` runs that fit in the
 * young generation (run node with --max-semi-space-size large enough). Discarded when a GC ran.
 */
async function allocated(run: () => unknown, ops: number): Promise<number | undefined> {
  if (gc === undefined) return undefined;
  gc();
  gc();
  // GC entries reach the observer asynchronously: let those of the forced collections arrive
  await tick();
  await tick();
  const before = gcCount;
  const m0 = process.memoryUsage();
  for (let i = 0; i < ops; i++) await run();
  const m1 = process.memoryUsage();
  await tick();
  await tick();
  if (gcCount !== before) return undefined;
  return (m1.heapUsed - m0.heapUsed + (m1.arrayBuffers - m0.arrayBuffers)) / ops;
}

const ROUNDS = 7;

/** One contender bound to a workload: timed in its own process, its allocation counted here. */
export interface Bound {
  /** Operations per CPU second over about `ms` (timing-session.ts, in the contender's process). */
  rate(ms: number): Promise<number>;
  /** One operation, run in this process to count what it allocates. */
  run: () => unknown;
}

/**
 * Measures several contenders on a shared, busy machine: after a warm-up, they take turns in
 * short rounds and each keeps its best round (in CPU time), so a burst of load elsewhere does not
 * decide the ratio. Then allocation over as many runs as fit in ~48 MB of young generation.
 */
export async function measureAll(contenders: readonly Bound[], ms: number): Promise<Measurement[]> {
  for (const c of contenders) await c.rate(ms / 4);
  const best = contenders.map(() => 0);
  for (let round = 0; round < ROUNDS; round++)
    for (const [i, c] of contenders.entries()) best[i] = Math.max(best[i]!, await c.rate(ms / ROUNDS));
  const results: Measurement[] = [];
  for (const [i, { run }] of contenders.entries()) {
    const probe = (await allocated(run, 1)) ?? 1e6;
    const ops = Math.max(1, Math.min(200, Math.floor(48e6 / Math.max(probe, 1))));
    results.push({ opsPerSec: best[i]!, bytesPerOp: await allocated(run, ops) });
  }
  return results;
}
