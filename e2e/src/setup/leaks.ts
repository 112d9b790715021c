/** Lets callbacks already queued for this loop turn (an `Immediate` from a stream's close) run first. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Resources active in `after` that were not in `before` (from `process.getActiveResourcesInfo()`):
 * the sockets and timers something left behind.
 */
export function leaked(before: readonly string[], after: readonly string[]): string[] {
  const remaining = [...before];
  return after.filter((r) => {
    const i = remaining.indexOf(r);
    if (i < 0) return true;
    remaining.splice(i, 1);
    return false;
  });
}
