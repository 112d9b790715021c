/**
 * `@tskafka/balanced`: consumer groups. `BalancedConsumer` balances a topic's partitions over
 * members coordinated through ZooKeeper (PyKafka's scheme); `ManagedBalancedConsumer` uses
 * Kafka's group coordinator (classic protocol or KIP-848). Both share {@link GroupConsumer}'s API.
 * @packageDocumentation
 */

export { AssignedConsumer } from './assigned-consumer.js';
export type {
  AssignorMember,
  GroupAssignment,
  PartitionAssignor,
  RebalanceProtocol,
  TopicPartitionMap,
} from './assignors/assignor.js';
export { type AssignorName, builtinAssignors } from './assignors/builtin.js';
export { cooperativeStickyAssignor } from './assignors/cooperative-sticky.js';
export { rangeAssignor } from './assignors/range.js';
export { roundRobinAssignor } from './assignors/round-robin.js';
export { RebalanceCallbackError } from './errors.js';
export { GroupConsumer } from './group-consumer.js';
export {
  type ConsumerProtocolOptions,
  type ResolvedConsumerProtocolOptions,
  SERVER_ASSIGNORS,
} from './managed/consumer-protocol/options.js';
export type {
  AssignmentTarget,
  GroupMember,
  GroupMemberContext,
  GroupMemberFactory,
} from './managed/group-member.js';
export { ManagedBalancedConsumer } from './managed/managed-balanced-consumer.js';
export {
  type GroupProtocol,
  type ManagedConsumerOptions,
  type ResolvedManagedOptions,
  splitManagedOptions,
} from './managed/managed-options.js';
export {
  type MembershipProtocol,
  orderPartitions,
  type PartitionPlacement,
  RangeProtocol,
  RoundRobinProtocol,
} from './membership-protocols.js';
export {
  type GroupConsumerOptions,
  type PostRebalanceCallback,
  type RebalanceListener,
  type ResolvedGroupOptions,
  resolveGroupOptions,
} from './options.js';
export { BalancedConsumer } from './zookeeper/balanced-consumer.js';
export { PartitionOwnedError, ZooKeeperError } from './zookeeper/errors.js';
export type { BalancedConsumerOptions } from './zookeeper/options.js';
