import { apis, type KafkaProtocolError, protocolErrorFromCode } from '@tskafka/protocol';
import { ConfigurationError } from '../errors.js';
import type { Cluster } from './cluster.js';

/** ListOffsets timestamp that asks for the log end offset (the offset the next message gets). */
export const LATEST_OFFSET = -1;
/** ListOffsets timestamp that asks for the log start offset. */
export const EARLIEST_OFFSET = -2;

/** What {@link listOffsets} finds for one partition. */
export interface PartitionOffset {
  readonly partition: number;
  /**
   * The offset: the log end (latest), the log start (earliest), or for a timestamp the first
   * offset whose record timestamp is at or after it, `null` when no record is that new.
   */
  readonly offset: bigint | null;
  /** Timestamp of that record for timestamp queries; -1 otherwise. */
  readonly timestamp: number;
  /** Leader epoch of the partition at that offset, -1 when the broker did not say. */
  readonly leaderEpoch: number;
}

/** Options of {@link listOffsets}. */
export interface ListOffsetsOptions {
  /** 0 = read uncommitted (the high watermark), 1 = read committed (the last stable offset). Default 0. */
  isolationLevel?: 0 | 1;
  signal?: AbortSignal;
}

/**
 * Asks each partition's leader for an offset: the latest ({@link LATEST_OFFSET}), the earliest
 * ({@link EARLIEST_OFFSET}) or the first at/after a millisecond timestamp. One request per leader,
 * in parallel; partitions whose leader moved are retried after a metadata refresh.
 * @returns offsets by partition id, for every requested partition.
 */
export async function listOffsets(
  cluster: Cluster,
  topic: string,
  partitions: readonly number[],
  timestamp: number,
  options: ListOffsetsOptions = {},
): Promise<Map<number, PartitionOffset>> {
  if (!Number.isSafeInteger(timestamp) || timestamp < EARLIEST_OFFSET) {
    throw new ConfigurationError(
      'timestamp',
      `expected ms since the epoch, LATEST (-1) or EARLIEST (-2), got ${timestamp}`,
    );
  }
  const found = new Map<number, PartitionOffset>();
  await cluster.withRetry(async () => {
    const missing = partitions.filter((p) => !found.has(p));
    const byLeader = new Map<number, number[]>();
    for (const partition of missing) {
      const leader = cluster.leaderFor(topic, partition).id;
      byLeader.set(leader, [...(byLeader.get(leader) ?? []), partition]);
    }
    const outcomes = await Promise.allSettled(
      [...byLeader].map(([leader, ids]) => askLeader(cluster, leader, topic, ids, timestamp, options, found)),
    );
    const failure = outcomes.find((o) => o.status === 'rejected');
    if (failure !== undefined) throw (failure as PromiseRejectedResult).reason;
  }, options.signal);
  return found;
}

async function askLeader(
  cluster: Cluster,
  leader: number,
  topic: string,
  partitions: number[],
  timestamp: number,
  options: ListOffsetsOptions,
  found: Map<number, PartitionOffset>,
): Promise<void> {
  const response = await cluster.broker(leader).request(
    apis.ListOffsets,
    {
      replicaId: -1,
      isolationLevel: options.isolationLevel ?? 0,
      topics: [
        {
          name: topic,
          partitions: partitions.map((p) => ({ partitionIndex: p, timestamp: BigInt(timestamp) })),
        },
      ],
    },
    { signal: options.signal },
  );
  let error: KafkaProtocolError | undefined;
  for (const t of response.topics) {
    for (const p of t.partitions) {
      if (p.errorCode !== 0) {
        error ??= protocolErrorFromCode(p.errorCode, `/topics/${t.name}/partitions/${p.partitionIndex}`);
        continue;
      }
      found.set(p.partitionIndex, {
        partition: p.partitionIndex,
        offset: p.offset < 0n ? null : p.offset,
        timestamp: Number(p.timestamp),
        leaderEpoch: p.leaderEpoch,
      });
    }
  }
  if (error !== undefined) throw error;
}
