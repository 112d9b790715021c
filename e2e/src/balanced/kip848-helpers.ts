import type { Message } from '@tskafka/consumer';
import { ClosedError, type Cluster } from '@tskafka/network';
import { apis } from '@tskafka/protocol';

/** One member as the coordinator's ConsumerGroupDescribe reports it. */
export interface DescribedMember {
  memberId: string;
  memberEpoch: number;
  instanceId: string | null;
  rackId: string | null;
  partitions: number[];
}

/** A KIP-848 group as its coordinator's ConsumerGroupDescribe reports it. */
export async function describeConsumerGroupState(
  cluster: Cluster,
  group: string,
): Promise<{ state: string; assignorName: string; members: DescribedMember[] }> {
  const coordinator = await cluster.findCoordinator(group);
  const response = await coordinator.request(apis.ConsumerGroupDescribe, {
    groupIds: [group],
    includeAuthorizedOperations: false,
  });
  const described = response.groups[0];
  if (described === undefined || described.errorCode !== 0)
    throw new Error(`ConsumerGroupDescribe failed: ${JSON.stringify(described)}`);
  return {
    state: described.groupState,
    assignorName: described.assignorName,
    members: described.members.map((m) => ({
      memberId: m.memberId,
      memberEpoch: m.memberEpoch,
      instanceId: m.instanceId,
      rackId: m.rackId,
      partitions: m.assignment.topicPartitions.flatMap((t) => t.partitions).sort((a, b) => a - b),
    })),
  };
}

/** The members of a KIP-848 group and the partitions each owns. */
export async function describeConsumerGroup(cluster: Cluster, group: string): Promise<DescribedMember[]> {
  return (await describeConsumerGroupState(cluster, group)).members;
}

/** What the helpers need of a group member. */
export interface Member<V = unknown, K = unknown> {
  readonly partitions: number[];
  consume(timeoutMs: number): Promise<Message<V, K> | null>;
}

/** Sorted partition counts, e.g. `[3, 3, 3, 3]`. */
export const sizes = (lists: readonly (readonly number[])[]): number[] =>
  lists.map((l) => l.length).sort((a, b) => a - b);

/**
 * Waits (bounded) until the members hold disjoint partitions covering `0..partitionCount-1` in the
 * `expected` sizes, and the coordinator reports the same split. Returns the ms it took.
 */
export async function waitForSplit(
  cluster: Cluster,
  group: string,
  members: readonly Member[],
  expected: readonly number[],
  partitionCount: number,
  timeoutMs = 30_000,
): Promise<number> {
  const started = performance.now();
  let last = '';
  while (performance.now() - started < timeoutMs) {
    const held = members.map((m) => m.partitions);
    const union = new Set(held.flat());
    const local =
      JSON.stringify(sizes(held)) === JSON.stringify(expected) &&
      union.size === partitionCount &&
      held.flat().length === partitionCount;
    if (local) {
      // Right after a broker restart the coordinator may still be loading: ask again.
      const broker = await describeConsumerGroup(cluster, group).catch((error: Error) => error);
      if (broker instanceof Error) {
        last = broker.message;
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      const theirs = broker.map((m) => m.partitions.join(',')).sort();
      const ours = held.map((p) => [...p].sort((a, b) => a - b).join(',')).sort();
      if (JSON.stringify(theirs) === JSON.stringify(ours)) return performance.now() - started;
      last = `broker ${JSON.stringify(theirs)} vs members ${JSON.stringify(ours)}`;
    } else {
      last = `members hold ${JSON.stringify(held)}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${JSON.stringify(expected)} split within ${timeoutMs} ms: ${last}`);
}

/** Consumes in the background into `seen` (`partition:offset` → times delivered) until the consumer closes. */
export function drain<V, K>(
  consumer: Member<V, K>,
  seen: Map<string, number>,
  onMessage?: (value: V, partition: number) => void,
): Promise<void> {
  return (async () => {
    for (;;) {
      let message: Message<V, K> | null;
      try {
        message = await consumer.consume(200);
      } catch (error) {
        if (error instanceof ClosedError) return;
        throw error;
      }
      if (message === null) continue;
      const key = `${message.partitionId}:${message.offset}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      onMessage?.(message.value, message.partitionId);
    }
  })();
}
