import { KafkaError } from '@tskafka/protocol';
import { abortError, sleep } from '../util/abort.js';

/**
 * How an operation is retried: exponential backoff with full jitter between attempts.
 * One policy shape serves every layer (metadata refresh, produce, fetch, group calls).
 */
export interface RetryOptions {
  /** Attempts after the first one. Default 5. */
  retries?: number;
  /** Backoff before the first retry, in ms. Default 100. */
  initialBackoffMs?: number;
  /** Cap on any single backoff, in ms. Default 10 000. */
  maxBackoffMs?: number;
  /** Growth factor per attempt. Default 2. */
  multiplier?: number;
  /**
   * Fraction of each backoff that is randomised (0 = none, 1 = anywhere in [0, backoff]).
   * Default 0.2, so concurrent clients do not retry in lockstep.
   */
  jitter?: number;
}

/** A retry policy with every option resolved. */
export type ResolvedRetryOptions = Required<RetryOptions>;

/** Defaults of {@link RetryOptions}. */
export const DEFAULT_RETRY: ResolvedRetryOptions = Object.freeze({
  retries: 5,
  initialBackoffMs: 100,
  maxBackoffMs: 10_000,
  multiplier: 2,
  jitter: 0.2,
});

/** Fills in the defaults of a partial retry policy. */
export function resolveRetry(options: RetryOptions | undefined): ResolvedRetryOptions {
  return { ...DEFAULT_RETRY, ...options };
}

/**
 * The wait before retry number `attempt` (0-based): `initial * multiplier^attempt`, capped,
 * minus a random share of up to `jitter` of it.
 * @param random a source of numbers in [0, 1); injectable for tests.
 */
export function backoffDelay(
  attempt: number,
  policy: ResolvedRetryOptions,
  random: () => number = Math.random,
): number {
  const base = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * policy.multiplier ** attempt);
  return Math.round(base * (1 - policy.jitter * random()));
}

/** Context handed to each attempt of {@link retry}. */
export interface AttemptInfo {
  /** 0 for the first try, 1 for the first retry, and so on. */
  attempt: number;
  /** The error that made the previous attempt fail, if any. */
  lastError: unknown;
}

/** Extra controls of {@link retry}. */
export interface RetryControl {
  /** Aborting stops waiting and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Which errors are worth another attempt. Default: a {@link KafkaError} with `retriable`. */
  isRetriable?: (error: unknown) => boolean;
  /** Called before each backoff, e.g. to refresh metadata or log. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void | Promise<void>;
}

/** Whether an error says that trying again may succeed. */
export function isRetriable(error: unknown): boolean {
  return error instanceof KafkaError && error.retriable;
}

/**
 * Runs `operation` until it succeeds, fails with a non-retriable error, or the retries run out
 * (then the last error is thrown as is).
 *
 * @example
 * ```ts
 * const meta = await retry((info) => broker.metadata(topics), resolveRetry({ retries: 3 }), {
 *   onRetry: () => cluster.refresh(),
 * });
 * ```
 */
export async function retry<T>(
  operation: (info: AttemptInfo) => Promise<T>,
  policy: ResolvedRetryOptions,
  control: RetryControl = {},
): Promise<T> {
  const retriable = control.isRetriable ?? isRetriable;
  let lastError: unknown;
  for (let attempt = 0; ; attempt++) {
    if (control.signal?.aborted) throw abortError(control.signal);
    try {
      return await operation({ attempt, lastError });
    } catch (error) {
      if (attempt >= policy.retries || !retriable(error)) throw error;
      lastError = error;
      const delay = backoffDelay(attempt, policy);
      await control.onRetry?.(error, attempt, delay);
      await sleep(delay, control.signal);
    }
  }
}
