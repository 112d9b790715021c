import type { Message } from '@tskafka/consumer';
import { kcat } from '@tskafka/harness';

export { suiteCluster } from '../producer/helpers.js';

/**
 * `pnpm --filter @tskafka/e2e test:long` sets this: the consumer proofs then run at full size
 * (1M messages) instead of CI's reduced one.
 */
export const LONG_RUN = process.env.TSKAFKA_LONG_RUN === '1';

/** Writes `values` to one partition with kcat (librdkafka), acks=all, optional codec. */
export async function kcatWrite(
  bootstrap: string,
  topic: string,
  values: readonly string[],
  options: { partition?: number; codec?: string; key?: boolean } = {},
): Promise<void> {
  const args = ['-b', bootstrap, '-P', '-t', topic, '-X', 'acks=all', '-X', 'linger.ms=5'];
  if (options.partition !== undefined) args.push('-p', String(options.partition));
  if (options.codec !== undefined) args.push('-z', options.codec);
  if (options.key === true) args.push('-K', ':');
  await kcat(args, { input: `${values.join('\n')}\n`, timeoutMs: 120_000 });
}

/** Anything with `consume(timeoutMs)`: a SimpleConsumer or a balanced consumer. */
export interface Consuming<V, K> {
  consume(timeoutMs: number): Promise<Message<V, K> | null>;
}

/** Consumes until `count` messages arrived (fails after `timeoutMs` of silence). */
export async function consumeN<V, K>(
  consumer: Consuming<V, K>,
  count: number,
  timeoutMs = 15_000,
): Promise<Message<V, K>[]> {
  const got: Message<V, K>[] = [];
  while (got.length < count) {
    const m = await consumer.consume(timeoutMs);
    if (m === null)
      throw new Error(`only ${got.length} of ${count} messages within ${timeoutMs} ms of silence`);
    got.push(m);
  }
  return got;
}

/** Checks every partition's offsets are exactly first..first+n-1, in order, no repeats. */
export function offsetsByPartition(messages: readonly Message<unknown, unknown>[]): Map<number, bigint[]> {
  const map = new Map<number, bigint[]>();
  for (const m of messages) {
    const list = map.get(m.partitionId) ?? [];
    list.push(m.offset);
    map.set(m.partitionId, list);
  }
  return map;
}

/** 0n..n-1n. */
export const range = (n: number, from = 0n): bigint[] =>
  Array.from({ length: n }, (_, i) => from + BigInt(i));

/** The UTF-8 deserializer most tests use. */
export const utf8 = (v: Buffer | null, k: Buffer | null) =>
  [v?.toString() ?? null, k?.toString() ?? null] as const;
