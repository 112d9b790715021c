import {
  ConsumerProtocolAssignment,
  ConsumerProtocolSubscription,
  decodeBlob,
  encodeBlob,
  KafkaDecodeError,
} from '@tskafka/protocol';
import type { AssignorMember, PartitionAssignor } from '../../assignors/assignor.js';

/** The protocol type of consumer groups in JoinGroup and SyncGroup. */
export const PROTOCOL_TYPE = 'consumer';
/** Newest ConsumerProtocolSubscription / Assignment version (rack id, Kafka 3.5+ clients). */
const NEWEST_VERSION = 3;

/** What this member tells the leader: its topic, what it owns and in which generation. */
export interface OwnSubscription {
  readonly topic: string;
  readonly owned: readonly number[];
  readonly generationId: number;
}

/** JoinGroup `protocols`: one entry per assignor, in preference order, each with the subscription. */
export function joinProtocols(
  assignors: readonly PartitionAssignor[],
  own: OwnSubscription,
): { name: string; metadata: Buffer }[] {
  return assignors.map((assignor) => ({
    name: assignor.name,
    metadata: encodeBlob(ConsumerProtocolSubscription, NEWEST_VERSION, {
      topics: [own.topic],
      userData: assignor.subscriptionUserData?.({ generationId: own.generationId }) ?? null,
      ownedPartitions: own.owned.length === 0 ? [] : [{ topic: own.topic, partitions: [...own.owned] }],
      generationId: own.generationId,
      rackId: null,
    }),
  }));
}

/** The members of a JoinGroup response as an assignor sees them, and the oldest subscription version among them. */
export function decodeMembers(
  members: readonly { memberId: string; groupInstanceId: string | null; metadata: Buffer }[],
): { members: AssignorMember[]; version: number } {
  let version = NEWEST_VERSION;
  const decoded = members.map((m): AssignorMember => {
    const { version: v, body } = decodeBlob(ConsumerProtocolSubscription, m.metadata);
    version = Math.min(version, v);
    return {
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      topics: body.topics,
      ownedPartitions: new Map(body.ownedPartitions.map((t) => [t.topic, t.partitions])),
      generationId: body.generationId,
      userData: body.userData,
      rackId: body.rackId,
    };
  });
  return { members: decoded, version };
}

/**
 * The leader's SyncGroup `assignments`: `assignor` run over `members`, each member's share
 * encoded at `version` (the oldest version a member spoke, so every member can read it).
 */
export function encodeAssignments(
  assignor: PartitionAssignor,
  partitionsPerTopic: ReadonlyMap<string, number>,
  members: readonly AssignorMember[],
  version: number,
): { memberId: string; assignment: Buffer }[] {
  const result = assignor.assign(partitionsPerTopic, members);
  return members.map((m) => {
    const share = result.get(m.memberId) ?? new Map<string, number[]>();
    const assignedPartitions = [...share]
      .filter(([, partitions]) => partitions.length > 0)
      .map(([topic, partitions]) => ({ topic, partitions: [...partitions].sort((a, b) => a - b) }));
    return {
      memberId: m.memberId,
      assignment: encodeBlob(ConsumerProtocolAssignment, Math.max(0, version), {
        assignedPartitions,
        userData: null,
      }),
    };
  });
}

/** This member's partitions of `topic` in a SyncGroup assignment (an empty blob assigns nothing). */
export function ownPartitions(assignment: Buffer, topic: string): number[] {
  if (assignment.length === 0) return [];
  const { body } = decodeBlob(ConsumerProtocolAssignment, assignment);
  const partitions = body.assignedPartitions.filter((t) => t.topic === topic).flatMap((t) => t.partitions);
  if (partitions.some((p) => !Number.isInteger(p) || p < 0))
    throw new KafkaDecodeError(
      `the group leader assigned an invalid partition of ${topic}: ${partitions.join(', ')}`,
      0,
    );
  return [...new Set(partitions)].sort((a, b) => a - b);
}
