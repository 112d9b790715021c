import { backoffDelay, type Cluster, sleep } from '@tskafka/network';
import { checkEpochs, type EpochCheck, type EpochVerdict } from './epoch-check.js';

/** A position to check before fetching from it: the next offset and the leader epoch it was read under. */
export interface EpochPosition {
  readonly offset: bigint;
  /** Leader epoch of the record before `offset` (a committed offset's `committedLeaderEpoch`). */
  readonly epoch: number;
}

/** A verdict and the partition leader epoch (from metadata) it was given under. */
export interface CheckedPosition {
  readonly verdict: EpochVerdict;
  readonly currentLeaderEpoch: number;
}

/**
 * Checks positions that carry a leader epoch against their leaders' logs (KIP-320), as Java's
 * consumer does before it fetches from a committed offset: one OffsetForLeaderEpoch request per
 * leader, in parallel. Partitions whose leader moved or whose epoch is fenced are asked again
 * after a metadata refresh, with the cluster's retry policy.
 *
 * Metadata that gives a partition an older leader epoch than its position's came from a broker
 * that lags behind (the position was read under a newer leader): it is refreshed first, with the
 * cluster's backoff, so a stale leader is not asked. Java's consumer waits for newer metadata
 * without a limit; here the wait ends after the cluster's retries (about 3 s by default), since
 * an epoch that never shows up belongs to another log (a re-created topic, offsets copied from
 * another cluster), which the leader then answers with "no end offset known".
 * @throws {KafkaProtocolError} an error left after the retries
 */
export async function validatePositions(
  cluster: Cluster,
  topic: string,
  positions: ReadonlyMap<number, EpochPosition>,
  signal: AbortSignal,
): Promise<Map<number, CheckedPosition>> {
  const checked = new Map<number, CheckedPosition>();
  if (positions.size === 0) return checked;
  await awaitEpochs(cluster, topic, positions, signal);
  await cluster.withRetry(async () => {
    const byLeader = new Map<number, EpochCheck[]>();
    for (const [partition, { offset, epoch }] of positions) {
      if (checked.has(partition)) continue;
      const leader = cluster.leaderFor(topic, partition).id;
      const currentLeaderEpoch = cluster.partition(topic, partition).leaderEpoch;
      const check = { partition, currentLeaderEpoch, epoch, position: offset };
      byLeader.set(leader, [...(byLeader.get(leader) ?? []), check]);
    }
    const outcomes = await Promise.allSettled(
      [...byLeader].map(async ([leader, checks]) => {
        const connection = await cluster.broker(leader).connection('main', signal);
        const verdicts = await checkEpochs(connection, topic, checks, signal);
        for (const c of checks) {
          const verdict = verdicts.get(c.partition) as EpochVerdict;
          checked.set(c.partition, { verdict, currentLeaderEpoch: c.currentLeaderEpoch });
        }
      }),
    );
    const failure = outcomes.find((o) => o.status === 'rejected');
    if (failure !== undefined) throw (failure as PromiseRejectedResult).reason;
  }, signal);
  return checked;
}

/** Refreshes metadata while it gives a partition an older leader epoch than its position's, at most the cluster's retry count. */
async function awaitEpochs(
  cluster: Cluster,
  topic: string,
  positions: ReadonlyMap<number, EpochPosition>,
  signal: AbortSignal,
): Promise<void> {
  const behind = () => {
    const placement = cluster.metadata?.topics.get(topic)?.partitions;
    return [...positions].some(([id, { epoch }]) => (placement?.get(id)?.leaderEpoch ?? -1) < epoch);
  };
  const policy = cluster.retryPolicy;
  for (let attempt = 0; attempt < policy.retries && behind(); attempt++) {
    await sleep(backoffDelay(attempt, policy), signal);
    // A failed refresh is retried by the check itself.
    await cluster.refresh([topic], signal).catch(() => {});
  }
}
