import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HarnessError } from './errors.js';
import { logPath, logTail, nodeRunning } from './node-process.js';

/** What {@link waitUntilReady} watches while it polls. */
export interface ReadinessWatch {
  /** Human-readable name of what becomes ready, for messages. */
  readonly what: string;
  /** Node dirs that must stay alive meanwhile; one dying fails the wait at once. */
  readonly nodes: readonly string[];
  readonly timeoutMs: number;
}

function failure(message: string, dir: string): HarnessError {
  return new HarnessError(`${message}\n--- ${logPath(dir)} (last lines) ---\n${logTail(dir)}`, {
    logPath: logPath(dir),
  });
}

/** Whether the node is running `ms` from now. */
async function runningAfter(dir: string, ms: number): Promise<boolean> {
  await sleep(ms);
  return nodeRunning(dir);
}

/**
 * Polls `probe` every 150 ms until it returns a value. Fails fast, with the node's log tail, when a
 * watched JVM exits; fails with every node's log tail at the timeout.
 */
export async function waitUntilReady<T>(
  probe: () => Promise<T | undefined>,
  watch: ReadinessWatch,
): Promise<T> {
  const deadline = Date.now() + watch.timeoutMs;
  let lastError = 'no answer yet';
  for (;;) {
    const dead = watch.nodes.find((dir) => !nodeRunning(dir));
    // Looked at again a moment later: a JVM caught mid-exec (just launched, or its launcher
    // re-executing itself) can look gone for an instant.
    if (dead !== undefined && !(await runningAfter(dead, 300)))
      throw failure(`${basename(dead)} exited while waiting for ${watch.what}`, dead);
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = (err as Error).message;
    }
    if (Date.now() >= deadline) {
      const detail = watch.nodes.map((dir) => failure(`${basename(dir)}:`, dir).message).join('\n');
      throw new HarnessError(
        `${watch.what} not ready after ${watch.timeoutMs} ms (${lastError})\n${detail}`,
        {
          logPath: watch.nodes[0] === undefined ? undefined : logPath(watch.nodes[0]),
        },
      );
    }
    await sleep(150);
  }
}
