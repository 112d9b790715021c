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
 * Java's `RoundRobinAssignor`: every partition of every subscribed topic (topics by name, then
 * partition id) goes to the next member in Java's member order, skipping members not
 * subscribed to its topic.
 */
export const roundRobinAssignor: PartitionAssignor = {
  name: 'roundrobin',
  supportedProtocols: ['eager'],
  assign(
    partitionsPerTopic: ReadonlyMap<string, number>,
    members: readonly AssignorMember[],
  ): GroupAssignment {
    const assignment = emptyAssignment(members);
    const circle = [...members].sort(compareMembers);
    let next = 0;
    for (const topic of subscribedTopics(partitionsPerTopic, members)) {
      const count = partitionsPerTopic.get(topic) as number;
      for (let partition = 0; partition < count; partition++) {
        while (!(circle[next % circle.length] as AssignorMember).topics.includes(topic)) next++;
        give(assignment, (circle[next % circle.length] as AssignorMember).memberId, topic, [partition]);
        next++;
      }
    }
    return assignment;
  },
};
