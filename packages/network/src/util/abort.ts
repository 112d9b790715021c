import { AbortedError } from '../errors.js';

/** The typed error for an aborted wait; keeps the signal's reason as its cause. */
export function abortError(signal: AbortSignal): AbortedError {
  return new AbortedError('the operation was aborted', { cause: signal.reason });
}

/**
 * Resolves after `ms` milliseconds; rejects with {@link AbortedError} as soon as `signal` aborts.
 * Leaves no timer or listener behind either way.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
