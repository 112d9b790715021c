import { KafkaError, type KafkaErrorOptions } from '@tskafka/protocol';

/**
 * A ZooKeeper operation of the ZooKeeper-coordinated `BalancedConsumer` failed: the ensemble could
 * not be reached within `zookeeperConnectionTimeoutMs` (`code` `'CONNECT_TIMEOUT'`), the session
 * expired, the connection was lost or closed, or the server refused the request (`code` is then
 * ZooKeeper's error name, e.g. `'NO_AUTH'`).
 */
export class ZooKeeperError extends KafkaError {
  /** `'CONNECT_TIMEOUT'`, `'CLOSED'`, or ZooKeeper's error name (`'CONNECTION_LOSS'`, `'SESSION_EXPIRED'`, ...). */
  readonly code: string;

  constructor(code: string, message: string, options: KafkaErrorOptions = {}) {
    super(`${message} (${code})`, {
      retriable: code === 'CONNECTION_LOSS' || code === 'SESSION_EXPIRED' || code === 'OPERATION_TIMEOUT',
      ...options,
    });
    this.code = code;
  }
}

/**
 * A rebalance wanted a partition whose ownership znode another member still holds, and it was
 * still held after `rebalanceMaxRetries` attempts. PyKafka's `PartitionOwnedError`. Surfaced once
 * by `consume()`; the consumer keeps the partitions it owns and tries again later.
 */
export class PartitionOwnedError extends KafkaError {
  /** The partition id. */
  readonly partition: number;
  /** The consumer id found in the ownership znode (empty when it vanished meanwhile). */
  readonly owner: string;

  constructor(partition: number, owner: string, options: KafkaErrorOptions = {}) {
    super(`partition ${partition} is still owned by ${owner || 'another member'}`, {
      retriable: true,
      ...options,
    });
    this.partition = partition;
    this.owner = owner;
  }
}
