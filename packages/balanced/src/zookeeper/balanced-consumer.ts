import { type GroupMembership, NO_MEMBERSHIP } from '@tskafka/consumer';
import type { Cluster } from '@tskafka/network';
import { GroupConsumer } from '../group-consumer.js';
import { ZooKeeperCoordinator } from './coordinator.js';
import {
  type BalancedConsumerOptions,
  type ResolvedZooKeeperOptions,
  splitBalancedOptions,
} from './options.js';
import { GroupPaths } from './paths.js';
import { TopicPartitions } from './topic-partitions.js';
import { connectZooKeeper } from './zk-session.js';

/**
 * PyKafka's `BalancedConsumer`: the members of a consumer group split a topic's partitions among
 * themselves through ZooKeeper, with PyKafka's znode layout and membership protocols, so PyKafka
 * consumers and these can share a group. Offsets are committed to Kafka (generation -1), not
 * to ZooKeeper. ZooKeeper only coordinates the consumers: the Kafka cluster may be of any version,
 * in ZooKeeper or KRaft mode.
 *
 * Start-up runs in the background; `ready()` resolves once the member owns its first partitions
 * (possibly none: with more members than partitions, extra members idle and `consume()` returns
 * null on timeout).
 *
 * @example
 * ```ts
 * const consumer = new BalancedConsumer(cluster, 'orders', {
 *   consumerGroup: 'billing',
 *   zookeeperConnect: '127.0.0.1:2181',
 *   autoCommitEnable: true,
 * });
 * for await (const message of consumer) handle(message);
 * await consumer.close(); // commits, releases its partitions, ends the ZooKeeper session
 * ```
 */
export class BalancedConsumer<V = Buffer | null, K = Buffer | null> extends GroupConsumer<V, K> {
  /** This member's id: its node under `/consumers/<group>/ids` and the owner written on its partitions. */
  readonly consumerId: string;
  readonly #zookeeper: ResolvedZooKeeperOptions;
  readonly #coordinator: ZooKeeperCoordinator;
  readonly #partitions: TopicPartitions;

  /**
   * @throws {ConfigurationError} for an invalid option, or a group name ZooKeeper paths cannot hold
   */
  constructor(cluster: Cluster, topic: string, options: BalancedConsumerOptions<V, K>) {
    const { group, zookeeper } = splitBalancedOptions(options);
    super(cluster, topic, group);
    this.#zookeeper = zookeeper;
    this.consumerId = zookeeper.consumerId;
    const trigger = (): void => this.#coordinator.trigger('partitions changed', true);
    this.#partitions = new TopicPartitions(
      cluster,
      topic,
      zookeeper.partitionCheckIntervalMs,
      trigger,
      this.logger,
    );
    this.#coordinator = new ZooKeeperCoordinator({
      topic,
      consumerId: zookeeper.consumerId,
      paths: new GroupPaths(this.consumerGroup, topic),
      protocol: zookeeper.protocol,
      maxRetries: this.groupOptions.rebalanceMaxRetries,
      backoffMs: this.groupOptions.rebalanceBackoffMs,
      timeoutMs: zookeeper.timeoutMs,
      connect: (signal) =>
        connectZooKeeper(zookeeper.zookeeperConnect, { timeoutMs: zookeeper.timeoutMs, signal }),
      partitions: this.#partitions,
      assignment: this.assigned,
      fail: (error) => this.fail(error),
      logger: this.logger,
    });
  }

  /** The membership protocol's name (`range`, `roundrobin`, or a custom one's). */
  get membershipProtocol(): string {
    return this.#zookeeper.protocol.name;
  }

  protected override async start(signal: AbortSignal): Promise<void> {
    try {
      await this.#coordinator.start(signal);
      this.#partitions.startPolling();
    } catch (error) {
      await this.#coordinator.stop();
      throw error;
    }
  }

  protected override async stop(): Promise<void> {
    this.#partitions.stop();
    await this.#coordinator.stop();
  }

  /** ZooKeeper groups are not generation-checked: commits carry PyKafka's simple-commit values. */
  protected override membership(): GroupMembership {
    return NO_MEMBERSHIP;
  }
}
