import { randomBytes } from 'node:crypto';
import type { Run } from '../table.js';

/** A fresh consumer group, so every run reads from the beginning. */
export const groupId = () => `bench-${randomBytes(4).toString('hex')}`;

/**
 * Times a group consumer from its first message to the `count`th: the group join is left out,
 * as ConsumerPerformance's fetch time leaves it out. `seen(n)` is fed batch sizes.
 */
export function fromFirstMessage(count: number): { seen(n: number): void; done: Promise<Run> } {
  let start = 0;
  let cpu: NodeJS.CpuUsage | undefined;
  let read = 0;
  let finish: (run: Run) => void = () => {};
  const done = new Promise<Run>((resolve) => {
    finish = resolve;
  });
  return {
    seen(n) {
      if (cpu === undefined) {
        cpu = process.cpuUsage();
        start = performance.now();
      }
      read += n;
      if (read === count) {
        const used = process.cpuUsage(cpu);
        finish({ seconds: (performance.now() - start) / 1000, cpuMs: (used.user + used.system) / 1000 });
      }
    },
    done,
  };
}
