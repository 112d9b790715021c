import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  type AssignorMember,
  type GroupConsumer,
  ManagedBalancedConsumer,
  type ManagedConsumerOptions,
} from '@tskafka/balanced';
import type { Cluster } from '@tskafka/network';
import {
  apis,
  ConsumerProtocolAssignment,
  ConsumerProtocolSubscription,
  decodeBlob,
} from '@tskafka/protocol';
import { consumeInBackground, waitForSplit as waitForMemberSplit } from './group-wait.js';

/** Short sessions and quick heartbeats so rebalances in tests take seconds (brokers allow 1 s sessions). */
export const FAST = {
  sessionTimeoutMs: 6_000,
  heartbeatIntervalMs: 300,
  rebalanceTimeoutMs: 20_000,
} as const;

/** A classic-protocol member with test timings. */
export function classicMember(
  cluster: Cluster,
  topic: string,
  group: string,
  options: Partial<ManagedConsumerOptions> = {},
): ManagedBalancedConsumer {
  return new ManagedBalancedConsumer(cluster, topic, { consumerGroup: group, ...FAST, ...options });
}

/** One member of a classic group as DescribeGroups reports it. */
export interface ClassicMemberInfo {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  partitions: number[];
  /** Its subscription (from its last JoinGroup) as an assignor sees it. */
  subscription: AssignorMember;
}

/** State, chosen protocol and members (with decoded assignments) of a classic group. */
export async function describeGroup(
  cluster: Cluster,
  group: string,
): Promise<{ state: string; protocol: string; members: ClassicMemberInfo[] }> {
  const coordinator = await cluster.findCoordinator(group);
  const response = await coordinator.request(apis.DescribeGroups, {
    groups: [group],
    includeAuthorizedOperations: false,
  });
  const found = response.groups[0];
  if (found === undefined || found.errorCode !== 0)
    throw new Error(`DescribeGroups: ${JSON.stringify(found)}`);
  return {
    state: found.groupState,
    protocol: found.protocolData,
    members: found.members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      subscription: subscriptionOf(m.memberId, m.groupInstanceId, m.memberMetadata),
      partitions:
        m.memberAssignment.length === 0
          ? []
          : decodeBlob(ConsumerProtocolAssignment, m.memberAssignment)
              .body.assignedPartitions.flatMap((t) => t.partitions)
              .sort((a, b) => a - b),
    })),
  };
}

function subscriptionOf(memberId: string, groupInstanceId: string | null, metadata: Buffer): AssignorMember {
  const { body } = decodeBlob(ConsumerProtocolSubscription, metadata);
  return {
    memberId,
    groupInstanceId,
    topics: body.topics,
    ownedPartitions: new Map(body.ownedPartitions.map((t) => [t.topic, t.partitions])),
    generationId: body.generationId,
    userData: body.userData,
    rackId: body.rackId,
  };
}

const list = (partitions: readonly number[]): string => [...partitions].sort((a, b) => a - b).join(',');

/**
 * Waits (bounded) until the members hold disjoint partitions in shares of `sizes` (ascending;
 * shares summing to the partition count cover the topic) and the coordinator's stable group
 * gives each of them the same. Returns the ms it took.
 */
export function waitForSplit(
  cluster: Cluster,
  group: string,
  members: readonly Pick<GroupConsumer, 'partitions'>[],
  sizes: readonly number[],
  timeoutMs = 30_000,
): Promise<number> {
  return waitForMemberSplit(
    members,
    sizes,
    async (held) => {
      const described = await describeGroup(cluster, group);
      const theirs = described.members.map((m) => list(m.partitions));
      return described.state === 'Stable' && held.every((h) => theirs.includes(list(h)))
        ? null
        : `coordinator (${described.state}) ${JSON.stringify(theirs)} vs members ${JSON.stringify(held)}`;
    },
    timeoutMs,
  );
}

/** Consumes in the background until the consumer closes, calling `onMessage` for each message. */
export function consumeAll(
  consumer: Pick<GroupConsumer, 'partitions' | 'poll'>,
  onMessage: (partition: number, offset: bigint, value: string) => void,
): Promise<void> {
  return consumeInBackground(consumer, (m) => onMessage(m.partitionId, m.offset, String(m.value)));
}

/** Records every rebalance listener call, in order. */
export function listenerLog(): {
  calls: string[];
  revoked: Set<number>;
  listener: NonNullable<ManagedConsumerOptions['rebalanceListener']>;
} {
  const calls: string[] = [];
  const revoked = new Set<number>();
  return {
    calls,
    revoked,
    listener: {
      onPartitionsAssigned: (p) => void calls.push(`assigned ${p.join(',')}`),
      onPartitionsRevoked: (p) => {
        calls.push(`revoked ${p.join(',')}`);
        for (const id of p) revoked.add(id);
      },
      onPartitionsLost: (p) => void calls.push(`lost ${p.join(',')}`),
    },
  };
}

/**
 * Starts a member in a process of its own (so a test can SIGKILL it: no LeaveGroup, no more
 * heartbeats); resolves once it holds partitions. Classic with test timings unless `options` say
 * otherwise (e.g. `{ groupProtocol: 'consumer' }`).
 */
export async function memberProcess(
  bootstrap: string,
  topic: string,
  group: string,
  options: Partial<ManagedConsumerOptions> = FAST,
): Promise<ChildProcess> {
  const script = fileURLToPath(new URL('./managed-classic-member-process.ts', import.meta.url));
  const child = spawn(process.execPath, [script, bootstrap, topic, group, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) if (/^ready \d/.test(line)) return child;
  throw new Error('the member process exited before it held partitions');
}
