import { type InOwnProcess, inOwnProcess } from '../own-process/own-process.js';
import type { TimingSession } from './timing-session.js';

/** A contender loaded twice: here (cross-checks, allocation counts) and in its own timing process. */
export interface TimedContender<T> {
  local: T;
  session: InOwnProcess<TimingSession>;
}

/**
 * Loads each `[module, export]` (relative to this directory) here and in a timing process of its
 * own; `close()` ends those processes.
 */
export async function loadTimed<T>(
  places: ReadonlyArray<readonly [module: string, exportName: string]>,
): Promise<{ contenders: TimedContender<T>[]; close(): Promise<void> }> {
  const sessions: InOwnProcess<TimingSession>[] = [];
  try {
    const contenders = [];
    for (const [module, exportName] of places) {
      const href = new URL(module, import.meta.url).href;
      const session = await inOwnProcess<TimingSession>(
        new URL('./timing-session.ts', import.meta.url),
        'timingSession',
      );
      sessions.push(session);
      await session.load(href, exportName);
      const local = ((await import(href)) as Record<string, T>)[exportName] as T;
      contenders.push({ local, session });
    }
    return { contenders, close: async () => void (await Promise.all(sessions.map((s) => s.close()))) };
  } catch (error) {
    await Promise.all(sessions.map((s) => s.close()));
    throw error;
  }
}
