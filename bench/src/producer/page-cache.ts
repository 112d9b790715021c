import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const DROP_CACHES = '/proc/sys/vm/drop_caches';

/**
 * Writes dirty pages out and drops the clean page cache before a run, so every contender starts
 * from the same memory state: on this machine the broker's appends (its kernel copy into the page
 * cache) ran up to 2.5× slower when earlier runs had left their pages cached, which made the
 * uncompressed 1 KiB rows depend on run order. Needs root; returns false (and changes nothing)
 * without it or with `BENCH_DROP_CACHES=0`.
 */
export function dropPageCache(): boolean {
  if (process.env.BENCH_DROP_CACHES === '0') return false;
  try {
    execFileSync('sync');
    writeFileSync(DROP_CACHES, '1');
    return true;
  } catch {
    return false;
  }
}
