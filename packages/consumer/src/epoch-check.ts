import type { Connection } from '@tskafka/network';
import { apis, protocolErrorFromCode } from '@tskafka/protocol';

/** One partition's position to check on its leader (KIP-320). */
export interface EpochCheck {
  readonly partition: number;
  /** The leader epoch metadata gives for the partition now (fences a stale leader). */
  readonly currentLeaderEpoch: number;
  /** Leader epoch of the batch before `position`. */
  readonly epoch: number;
  /** The next offset the consumer would fetch. */
  readonly position: bigint;
}

/**
 * What the leader's log says about a position: still valid; truncated below it (fetching goes on
 * from `endOffset`, the first offset known to diverge, with the leader's `epoch`); or the leader
 * knows no end for the epoch at all, so only the reset policy can place the partition.
 */
export type EpochVerdict =
  | { readonly kind: 'valid' }
  | { readonly kind: 'truncated'; readonly endOffset: bigint; readonly epoch: number }
  | { readonly kind: 'unknown' };

/** Judges a position by the leader's end offset of its epoch (Java's consumer decides the same way). */
export function judgeEpochEnd(
  position: bigint,
  end: { leaderEpoch: number; endOffset: bigint },
): EpochVerdict {
  if (end.leaderEpoch < 0 || end.endOffset < 0n) return { kind: 'unknown' };
  if (end.endOffset < position)
    return { kind: 'truncated', endOffset: end.endOffset, epoch: end.leaderEpoch };
  return { kind: 'valid' };
}

/**
 * Asks a leader where each checked epoch ends (OffsetForLeaderEpoch) and judges every position.
 * @throws {KafkaProtocolError} the first partition error (FENCED_LEADER_EPOCH, UNKNOWN_LEADER_EPOCH,
 *   NOT_LEADER_OR_FOLLOWER, …): the caller refreshes metadata and checks again
 */
export async function checkEpochs(
  connection: Connection,
  topic: string,
  checks: readonly EpochCheck[],
  signal: AbortSignal,
): Promise<Map<number, EpochVerdict>> {
  const partitions = checks.map((c) => ({
    partition: c.partition,
    currentLeaderEpoch: c.currentLeaderEpoch,
    leaderEpoch: c.epoch,
  }));
  const response = await connection.request(
    apis.OffsetForLeaderEpoch,
    { replicaId: -1, topics: [{ topic, partitions }] },
    { signal },
  );
  const positions = new Map(checks.map((c) => [c.partition, c.position]));
  const verdicts = new Map<number, EpochVerdict>();
  for (const answer of response.topics.flatMap((t) => t.partitions)) {
    const position = positions.get(answer.partition);
    if (position === undefined) continue;
    if (answer.errorCode !== 0)
      throw protocolErrorFromCode(answer.errorCode, `/topics/${topic}/partitions/${answer.partition}`);
    verdicts.set(answer.partition, judgeEpochEnd(position, answer));
  }
  // A partition left out of the answer is checked again after a metadata refresh.
  const missing = checks.find((c) => !verdicts.has(c.partition));
  if (missing !== undefined)
    throw protocolErrorFromCode(3, `/topics/${topic}/partitions/${missing.partition}`);
  return verdicts;
}
