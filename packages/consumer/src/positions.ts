import { type Cluster, EARLIEST_OFFSET, LATEST_OFFSET, listOffsets } from '@tskafka/network';
import { EARLIEST, LATEST } from './options.js';

/**
 * Where to move a partition: {@link EARLIEST} / {@link LATEST}, the first message at or after
 * a `Date`, or an exact next offset.
 */
export type OffsetTarget = bigint | Date | { readonly next: bigint };

/**
 * Resolves targets to next offsets, asking the leaders (ListOffsets) only for those that need
 * it: one lookup per kind of target. A `Date` past the last message resolves to the log end.
 */
export async function lookUpOffsets(
  cluster: Cluster,
  topic: string,
  targets: ReadonlyMap<number, OffsetTarget>,
  isolationLevel: 0 | 1,
  signal: AbortSignal,
): Promise<Map<number, bigint>> {
  const next = new Map<number, bigint>();
  const byTimestamp = new Map<number, number[]>();
  for (const [id, target] of targets) {
    if (typeof target === 'object' && !(target instanceof Date)) {
      next.set(id, target.next);
      continue;
    }
    const ts =
      target instanceof Date ? target.getTime() : target === EARLIEST ? EARLIEST_OFFSET : LATEST_OFFSET;
    byTimestamp.set(ts, [...(byTimestamp.get(ts) ?? []), id]);
  }
  const pastTheEnd: number[] = [];
  for (const [timestamp, ids] of byTimestamp) {
    const found = await listOffsets(cluster, topic, ids, timestamp, { isolationLevel, signal });
    for (const id of ids) {
      const offset = found.get(id)?.offset ?? null;
      if (offset === null) pastTheEnd.push(id);
      else next.set(id, offset);
    }
  }
  if (pastTheEnd.length > 0) {
    const ends = await listOffsets(cluster, topic, pastTheEnd, LATEST_OFFSET, { isolationLevel, signal });
    for (const id of pastTheEnd) next.set(id, ends.get(id)?.offset ?? 0n);
  }
  return next;
}
