import type { Message } from '@tskafka/consumer';
import { ClosedError } from '@tskafka/network';

/** What the helpers need of a group member. */
export interface Member<V = unknown, K = unknown> {
  readonly partitions: number[];
  consume(timeoutMs: number): Promise<Message<V, K> | null>;
  poll(timeoutMs: number): Promise<Message<V, K>[]>;
}

/** Sorted partition counts, e.g. `[3, 3, 3, 3]`. */
export const sizes = (lists: readonly (readonly number[])[]): number[] =>
  lists.map((l) => l.length).sort((a, b) => a - b);

/**
 * Waits (bounded) until the members hold disjoint partitions in shares of `expected` (ascending)
 * and `coordinatorAgrees(held)` resolves null; it resolves a description of the difference
 * otherwise (or rejects, e.g. while a coordinator loads: asked again). Returns the ms it took.
 */
export async function waitForSplit(
  members: readonly Pick<Member, 'partitions'>[],
  expected: readonly number[],
  coordinatorAgrees: (held: number[][]) => Promise<string | null>,
  timeoutMs = 30_000,
): Promise<number> {
  const started = performance.now();
  let last = '';
  while (performance.now() - started < timeoutMs) {
    const held = members.map((m) => m.partitions);
    const disjoint = new Set(held.flat()).size === held.flat().length;
    if (disjoint && JSON.stringify(sizes(held)) === JSON.stringify(expected)) {
      const difference = await coordinatorAgrees(held).catch((error: Error) => error.message);
      if (difference === null) return performance.now() - started;
      last = difference;
    } else last = `members hold ${JSON.stringify(held)}`;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${JSON.stringify(expected)} split within ${timeoutMs} ms: ${last}`);
}

/**
 * Consumes in the background with `poll()` (batches, across rebalances), handing each message to
 * `onMessage`, until the consumer closes.
 */
export function consumeInBackground<V, K>(
  consumer: Pick<Member<V, K>, 'poll'>,
  onMessage: (message: Message<V, K>) => void,
): Promise<void> {
  return (async () => {
    for (;;) {
      let messages: Message<V, K>[];
      try {
        messages = await consumer.poll(200);
      } catch (error) {
        if (error instanceof ClosedError) return;
        throw error;
      }
      for (const message of messages) onMessage(message);
    }
  })();
}
