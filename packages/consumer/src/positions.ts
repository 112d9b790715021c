import { type Cluster, EARLIEST_OFFSET, LATEST_OFFSET, type Logger, listOffsets } from '@tskafka/network';
import { EARLIEST, LATEST } from './options.js';
import { validatePositions } from './validate-positions.js';

/**
 * Where to move a partition: {@link EARLIEST} / {@link LATEST}, the first message at or after
 * a `Date`, or an exact next offset, optionally with the leader epoch of the record before it
 * (a committed offset's epoch: the position is then checked against the leader's log first).
 */
export type OffsetTarget = bigint | Date | { readonly next: bigint; readonly epoch?: number };

/** A resolved position. */
export interface Position {
  /** The next offset to fetch. */
  readonly offset: bigint;
  /** Leader epoch of the record before `offset`; -1 when unknown. */
  readonly epoch: number;
  /** The partition leader epoch `epoch` was checked under; -1 when not checked. */
  readonly leaderEpoch: number;
}

/** How {@link lookUpOffsets} looks offsets up. */
export interface LookUpOptions {
  readonly isolationLevel: 0 | 1;
  readonly signal: AbortSignal;
  /** Where a position goes when its leader knows no end offset for its epoch: EARLIEST or LATEST. */
  readonly fallback: bigint;
  readonly logger: Logger;
}

const unchecked = (offset: bigint): Position => ({ offset, epoch: -1, leaderEpoch: -1 });

/**
 * Resolves targets to positions. An exact offset with a leader epoch is first checked with
 * OffsetForLeaderEpoch (KIP-320, as Java's consumer checks a committed offset before fetching
 * from it): when the leader's log ends that epoch below the offset (truncated since, e.g. by an
 * unclean leader election), the position becomes that end offset, the first one known to diverge;
 * when the leader knows no end for the epoch, the partition goes to `fallback`. Both are logged at
 * `warn`. EARLIEST/LATEST/`Date` targets are asked of the leaders (ListOffsets), one lookup per
 * kind of target; a `Date` past the last message resolves to the log end.
 */
export async function lookUpOffsets(
  cluster: Cluster,
  topic: string,
  targets: ReadonlyMap<number, OffsetTarget>,
  options: LookUpOptions,
): Promise<Map<number, Position>> {
  const { isolationLevel, signal, logger } = options;
  const next = new Map<number, Position>();
  const byTimestamp = new Map<number, number[]>();
  const lookUp = (id: number, target: bigint | Date) => {
    const ts =
      target instanceof Date ? target.getTime() : target === EARLIEST ? EARLIEST_OFFSET : LATEST_OFFSET;
    byTimestamp.set(ts, [...(byTimestamp.get(ts) ?? []), id]);
  };
  const toCheck = new Map<number, { offset: bigint; epoch: number }>();
  for (const [id, target] of targets) {
    if (typeof target !== 'object' || target instanceof Date) lookUp(id, target);
    else if ((target.epoch ?? -1) >= 0)
      toCheck.set(id, { offset: target.next, epoch: target.epoch as number });
    else next.set(id, unchecked(target.next));
  }
  const checked = await validatePositions(cluster, topic, toCheck, signal);
  for (const [id, { verdict, currentLeaderEpoch }] of checked) {
    const { offset, epoch } = toCheck.get(id) as { offset: bigint; epoch: number };
    const where = { topic, partition: id, offset, epoch };
    if (verdict.kind === 'valid') {
      next.set(id, { offset, epoch, leaderEpoch: currentLeaderEpoch });
    } else if (verdict.kind === 'truncated') {
      logger.warn(
        { ...where, endOffset: verdict.endOffset, endEpoch: verdict.epoch },
        'log truncated below the committed offset: starting from the end offset of its leader epoch',
      );
      next.set(id, { offset: verdict.endOffset, epoch: verdict.epoch, leaderEpoch: currentLeaderEpoch });
    } else {
      logger.warn(
        { ...where, policy: options.fallback === EARLIEST ? 'earliest' : 'latest' },
        'the leader knows no end offset for the leader epoch of the committed offset: resetting by policy',
      );
      lookUp(id, options.fallback);
    }
  }
  const pastTheEnd: number[] = [];
  for (const [timestamp, ids] of byTimestamp) {
    const found = await listOffsets(cluster, topic, ids, timestamp, { isolationLevel, signal });
    for (const id of ids) {
      const offset = found.get(id)?.offset ?? null;
      if (offset === null) pastTheEnd.push(id);
      else next.set(id, unchecked(offset));
    }
  }
  if (pastTheEnd.length > 0) {
    const ends = await listOffsets(cluster, topic, pastTheEnd, LATEST_OFFSET, { isolationLevel, signal });
    for (const id of pastTheEnd) next.set(id, unchecked(ends.get(id)?.offset ?? 0n));
  }
  return next;
}
