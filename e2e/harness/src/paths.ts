import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/** Root of the jar cache: `$TSKAFKA_CACHE`, else `~/.cache/tskafka` (outside the repository). */
export function cacheRoot(): string {
  return process.env.TSKAFKA_CACHE ?? join(homedir(), '.cache', 'tskafka');
}

/** Folder holding everything cached for one exact Kafka version. */
export function versionCacheDir(version: string): string {
  return join(cacheRoot(), `kafka-${version}`);
}

/**
 * Prefix of every run directory a test harness creates. JVM command lines contain it, which is how a
 * later run finds the leftovers of a crashed one.
 */
export const RUN_DIR_PREFIX = join(tmpdir(), 'tskafka-run-');

/** Prefix of run directories made by the `pnpm kafka up` dev command (never reaped automatically). */
export const DEV_RUN_DIR_PREFIX = join(tmpdir(), 'tskafka-dev-');
