import type { GroupMembership } from '@tskafka/consumer';
import type { Cluster } from '@tskafka/network';
import { GroupConsumer } from '../group-consumer.js';
import { ClassicMember } from './classic/classic-member.js';
import { ConsumerProtocolMember } from './consumer-protocol/consumer-protocol-member.js';
import type { GroupMember, GroupMemberContext, GroupMemberFactory } from './group-member.js';
import {
  type GroupProtocol,
  type ManagedConsumerOptions,
  type ResolvedManagedOptions,
  splitManagedOptions,
} from './managed-options.js';

/** The member implementation of each group protocol. */
function memberFactory(protocol: GroupProtocol): GroupMemberFactory {
  switch (protocol) {
    case 'classic':
      return (context) => new ClassicMember(context);
    case 'consumer':
      return (context) => new ConsumerProtocolMember(context);
  }
}

/**
 * PyKafka's `ManagedBalancedConsumer`: a member of a consumer group that Kafka's group
 * coordinator manages. The group's members split the topic's partitions; when members come
 * and go (or the partition count changes) the coordinator rebalances them. Consumes one topic
 * per instance (members of one group may subscribe to different topics, Java ones included).
 *
 * With the classic protocol (default) members join with JoinGroup and the elected leader
 * assigns partitions with the first assignor all members support (`range`, `roundrobin`,
 * `cooperative-sticky` or your own); offsets commit with the member's generation. A group may
 * mix tskafka and Java members. More members than partitions leaves the extra ones idle
 * (`consume()` returns null after its timeout).
 *
 * With `groupProtocol: 'consumer'` (KIP-848, Kafka 4.0+ in KRaft mode) members heartbeat with
 * ConsumerGroupHeartbeat and the coordinator computes the assignment (`groupRemoteAssignor`
 * `'uniform'` or `'range'`); partitions move one at a time without stopping the others, and
 * offsets commit with the member epoch. Against an older broker `ready()` rejects with
 * `UnsupportedApiError`.
 *
 * @example
 * ```ts
 * await using consumer = new ManagedBalancedConsumer(cluster, 'orders', {
 *   consumerGroup: 'billing',
 *   assignors: ['cooperative-sticky'],
 *   rebalanceListener: { onPartitionsRevoked: async () => { await consumer.commitOffsets(); } },
 * });
 * for await (const message of consumer) handle(message);
 *
 * // KIP-848: the coordinator assigns.
 * await using member = new ManagedBalancedConsumer(cluster, 'orders', {
 *   consumerGroup: 'billing-848',
 *   groupProtocol: 'consumer',
 * });
 * ```
 */
export class ManagedBalancedConsumer<V = Buffer | null, K = Buffer | null> extends GroupConsumer<V, K> {
  /** The membership settings in force. */
  readonly membershipOptions: ResolvedManagedOptions;
  readonly #member: GroupMember;

  /**
   * Starts joining at once (in the background; {@link ready} resolves on the first assignment).
   * @throws {ConfigurationError} for an invalid option (synchronously)
   */
  constructor(cluster: Cluster, topic: string, options: ManagedConsumerOptions<V, K>) {
    const { group, managed } = splitManagedOptions(options);
    const create = memberFactory(managed.groupProtocol);
    super(cluster, topic, group);
    this.membershipOptions = managed;
    const context: GroupMemberContext = {
      cluster,
      topic,
      groupId: this.consumerGroup,
      options: managed,
      rebalanceMaxRetries: this.groupOptions.rebalanceMaxRetries,
      rebalanceBackoffMs: this.groupOptions.rebalanceBackoffMs,
      assigned: this.assigned,
      fail: (error) => this.fail(error),
      logger: this.logger,
    };
    this.#member = create(context);
  }

  /** The group protocol in use. */
  get groupProtocol(): GroupProtocol {
    return this.membershipOptions.groupProtocol;
  }

  /**
   * Java's `groupMetadata()`: the generation (KIP-848: member epoch), member id and instance id
   * this member's offset commits carry now. Generation -1 and member id `''` while not joined.
   */
  groupMetadata(): GroupMembership {
    return this.#member.membership();
  }

  protected start(signal: AbortSignal): Promise<void> {
    return this.#member.start(signal);
  }

  protected stop(): Promise<void> {
    return this.#member.stop();
  }

  protected membership(): GroupMembership {
    return this.#member.membership();
  }
}
