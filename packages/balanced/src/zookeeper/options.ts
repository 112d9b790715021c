import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { ConfigurationError, intOption } from '@tskafka/network';
import { type MembershipProtocol, RangeProtocol, RoundRobinProtocol } from '../membership-protocols.js';
import type { GroupConsumerOptions } from '../options.js';
import { checkPathElement } from './paths.js';

/**
 * Options of the ZooKeeper-coordinated {@link BalancedConsumer}: every
 * {@link GroupConsumerOptions} option (the group, rebalance retries and callbacks, and the
 * SimpleConsumer options passed through) plus where ZooKeeper is and how members split partitions.
 */
export interface BalancedConsumerOptions<V = Buffer | null, K = Buffer | null>
  extends GroupConsumerOptions<V, K> {
  /**
   * ZooKeeper connect string, `host:port[,host:port...][/chroot]`. PyKafka's `zookeeper_connect`
   * (alias `zookeeper_hosts`). Default `127.0.0.1:2181`. Only the consumers use it: the brokers
   * may run in ZooKeeper or KRaft mode.
   */
  zookeeperConnect?: string;
  /** PyKafka's `zookeeper_hosts`: the same as {@link zookeeperConnect}, which wins when both are given. */
  zookeeperHosts?: string;
  /**
   * Session timeout asked of ZooKeeper, and the time `ready()` / `consume()` wait for a session
   * before failing with `ZooKeeperError` `CONNECT_TIMEOUT`. Default 6 000 (ZooKeeper clamps the
   * session timeout to 2–20 of its ticks).
   */
  zookeeperConnectionTimeoutMs?: number;
  /**
   * How members split partitions: `'range'` (default, PyKafka's `RangeProtocol`), `'roundrobin'`
   * (`RoundRobinProtocol`), or a {@link MembershipProtocol} of one's own. Every member of a group
   * must use the same one.
   */
  membershipProtocol?: 'range' | 'roundrobin' | MembershipProtocol;
  /** This member's id in ZooKeeper and in its offset commits. Default `<hostname>:<uuid>` as PyKafka. */
  consumerId?: string;
  /**
   * How often the topic's partitions and leaders are checked against metadata (ms), to rebalance
   * when they change. ZooKeeper watches on `/brokers` are used as well when that ZooKeeper is
   * the cluster's own; a KRaft cluster has none. Default 10 000.
   */
  partitionCheckIntervalMs?: number;
}

/** The ZooKeeper-specific options, checked, with defaults. */
export interface ResolvedZooKeeperOptions {
  readonly zookeeperConnect: string;
  readonly timeoutMs: number;
  readonly protocol: MembershipProtocol;
  readonly consumerId: string;
  readonly partitionCheckIntervalMs: number;
}

const ZOOKEEPER_KEYS = [
  'zookeeperConnect',
  'zookeeperHosts',
  'zookeeperConnectionTimeoutMs',
  'membershipProtocol',
  'consumerId',
  'partitionCheckIntervalMs',
] as const;

/** `host[:port]` items separated by commas, then an optional `/chroot`. */
const CONNECT_STRING = /^[^\s,/:]+(:\d{1,5})?(,[^\s,/:]+(:\d{1,5})?)*(\/[^\s]*)?$/;

/**
 * Splits the options in the group options (for the base class) and the checked ZooKeeper ones.
 * @throws {ConfigurationError} for a bad ZooKeeper option or a group name ZooKeeper cannot hold
 */
export function splitBalancedOptions<V, K>(
  options: BalancedConsumerOptions<V, K>,
): { group: GroupConsumerOptions<V, K>; zookeeper: ResolvedZooKeeperOptions } {
  if (options === null || typeof options !== 'object')
    throw new ConfigurationError('options', 'expected an object with at least consumerGroup');
  checkPathElement('consumerGroup', options.consumerGroup);
  const group: Record<string, unknown> = { ...options };
  for (const key of ZOOKEEPER_KEYS) delete group[key];
  const connect = options.zookeeperConnect ?? options.zookeeperHosts ?? '127.0.0.1:2181';
  if (typeof connect !== 'string' || !CONNECT_STRING.test(connect))
    throw new ConfigurationError('zookeeperConnect', 'expected "host:port[,host:port...][/chroot]"');
  return {
    group: group as unknown as GroupConsumerOptions<V, K>,
    zookeeper: {
      zookeeperConnect: connect,
      timeoutMs: intOption(options, 'zookeeperConnectionTimeoutMs', 6_000, 1),
      protocol: resolveProtocol(options.membershipProtocol),
      consumerId: checkPathElement('consumerId', options.consumerId ?? `${hostname()}:${randomUUID()}`),
      partitionCheckIntervalMs: intOption(options, 'partitionCheckIntervalMs', 10_000, 100),
    },
  };
}

function resolveProtocol(value: unknown): MembershipProtocol {
  if (value === undefined || value === 'range') return RangeProtocol;
  if (value === 'roundrobin') return RoundRobinProtocol;
  const custom = value as Partial<MembershipProtocol> | null;
  if (typeof custom === 'object' && custom !== null && typeof custom.decidePartitions === 'function')
    return { name: String(custom.name ?? 'custom'), decidePartitions: custom.decidePartitions.bind(custom) };
  throw new ConfigurationError(
    'membershipProtocol',
    "expected 'range', 'roundrobin' or an object { name, decidePartitions(participants, partitions, consumerId) }",
  );
}
