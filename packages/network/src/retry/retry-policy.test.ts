import { KafkaError } from '@tskafka/protocol';
import { describe, expect, it } from 'vitest';
import { AbortedError } from '../errors.js';
import { backoffDelay, resolveRetry, retry } from './retry-policy.js';

const fast = resolveRetry({ retries: 3, initialBackoffMs: 1, maxBackoffMs: 4, jitter: 0 });

describe('backoffDelay', () => {
  const policy = resolveRetry({ initialBackoffMs: 100, maxBackoffMs: 1_000, multiplier: 2, jitter: 0.5 });

  it('grows exponentially up to the cap', () => {
    expect([0, 1, 2, 3, 4, 10].map((attempt) => backoffDelay(attempt, policy, () => 0))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('takes off at most the jitter share', () => {
    expect(backoffDelay(1, policy, () => 0.999_999)).toBe(100);
    expect(backoffDelay(1, policy, () => 0.5)).toBe(150);
  });
});

describe('retry', () => {
  it('retries retriable KafkaErrors until success', async () => {
    let calls = 0;
    const attempts: number[] = [];
    const result = await retry(async ({ attempt }) => {
      attempts.push(attempt);
      if (++calls < 3) throw new KafkaError('flaky', { retriable: true });
      return 'ok';
    }, fast);
    expect(result).toBe('ok');
    expect(attempts).toEqual([0, 1, 2]);
  });

  it('throws a non-retriable error at once', async () => {
    let calls = 0;
    const fatal = new KafkaError('fatal');
    await expect(
      retry(async () => {
        calls++;
        throw fatal;
      }, fast),
    ).rejects.toBe(fatal);
    expect(calls).toBe(1);
  });

  it('gives up after the configured retries with the last error', async () => {
    let calls = 0;
    await expect(
      retry(async () => {
        throw new KafkaError(`attempt ${calls++}`, { retriable: true });
      }, fast),
    ).rejects.toThrow('attempt 3');
    expect(calls).toBe(4);
  });

  it('calls onRetry before each backoff and stops when aborted', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const outcome = retry(
      async () => {
        throw new KafkaError('again', { retriable: true });
      },
      resolveRetry({ retries: 100, initialBackoffMs: 5, jitter: 0 }),
      {
        signal: controller.signal,
        onRetry: (_error, attempt) => {
          seen.push(attempt);
          if (attempt === 1) controller.abort();
        },
      },
    );
    await expect(outcome).rejects.toBeInstanceOf(AbortedError);
    expect(seen).toEqual([0, 1]);
  });
});
