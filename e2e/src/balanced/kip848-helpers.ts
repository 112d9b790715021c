import type { Cluster } from '@tskafka/network';
import { apis } from '@tskafka/protocol';
import { consumeInBackground, type Member, waitForSplit as waitForMemberSplit } from './group-wait.js';

export { type Member, sizes } from './group-wait.js';

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

/**
 * Waits (bounded) until the members hold disjoint partitions covering `0..partitionCount-1` in the
 * `expected` sizes, and the coordinator's ConsumerGroupDescribe reports the same split. Returns
 * the ms it took.
 */
export function waitForSplit(
  cluster: Cluster,
  group: string,
  members: readonly Member[],
  expected: readonly number[],
  partitionCount: number,
  timeoutMs = 30_000,
): Promise<number> {
  const list = (p: readonly number[]) => [...p].sort((x, y) => x - y).join(',');
  return waitForMemberSplit(
    members,
    expected,
    async (held) => {
      if (new Set(held.flat()).size !== partitionCount) return `members hold ${JSON.stringify(held)}`;
      // Right after a broker restart the coordinator may still be loading: a rejection is asked again.
      const theirs = (await describeConsumerGroup(cluster, group)).map((m) => list(m.partitions)).sort();
      const ours = held.map(list).sort();
      return JSON.stringify(theirs) === JSON.stringify(ours)
        ? null
        : `broker ${JSON.stringify(theirs)} vs members ${JSON.stringify(ours)}`;
    },
    timeoutMs,
  );
}

/** Consumes in the background into `seen` (`partition:offset` → times delivered) until the consumer closes. */
export function drain<V, K>(
  consumer: Member<V, K>,
  seen: Map<string, number>,
  onMessage?: (value: V, partition: number) => void,
): Promise<void> {
  return consumeInBackground(consumer, (message) => {
    const key = `${message.partitionId}:${message.offset}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    onMessage?.(message.value, message.partitionId);
  });
}
