import {
  type AssignorMember,
  compareMembers,
  emptyAssignment,
  type GroupAssignment,
  give,
  type PartitionAssignor,
  subscribedTopics,
} from './assignor.js';

/**
 * Java's `RangeAssignor` (without racks): per topic, the subscribed members in Java's member
 * order each take a consecutive range; the first `partitions % members` take one more.
 */
export const rangeAssignor: PartitionAssignor = {
  name: 'range',
  supportedProtocols: ['eager'],
  assign(
    partitionsPerTopic: ReadonlyMap<string, number>,
    members: readonly AssignorMember[],
  ): GroupAssignment {
    const assignment = emptyAssignment(members);
    for (const topic of subscribedTopics(partitionsPerTopic, members)) {
      const count = partitionsPerTopic.get(topic) as number;
      const subscribers = members.filter((m) => m.topics.includes(topic)).sort(compareMembers);
      const per = Math.floor(count / subscribers.length);
      const extra = count % subscribers.length;
      subscribers.forEach((member, i) => {
        const start = per * i + Math.min(i, extra);
        const length = per + (i < extra ? 1 : 0);
        give(assignment, member.memberId, topic, ids(start, length));
      });
    }
    return assignment;
  },
};

function ids(start: number, length: number): number[] {
  return Array.from({ length }, (_, i) => start + i);
}
