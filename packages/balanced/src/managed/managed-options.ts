import { ConfigurationError, intOption, oneOfOption } from '@tskafka/network';
import type { PartitionAssignor, RebalanceProtocol } from '../assignors/assignor.js';
import { type AssignorName, builtinAssignors } from '../assignors/builtin.js';
import type { GroupConsumerOptions } from '../options.js';
import {
  CONSUMER_PROTOCOL_KEYS,
  type ConsumerProtocolOptions,
  type ResolvedConsumerProtocolOptions,
  resolveConsumerProtocolOptions,
} from './consumer-protocol/options.js';

/** Which group protocol the coordinator runs: the classic one (JoinGroup/SyncGroup) or KIP-848's. */
export type GroupProtocol = 'classic' | 'consumer';

/**
 * Options of a {@link ManagedBalancedConsumer}: the group options every balanced consumer takes
 * plus the membership settings (Java names in the package README's "Managed" table).
 */
export interface ManagedConsumerOptions<V = Buffer | null, K = Buffer | null>
  extends GroupConsumerOptions<V, K>,
    ConsumerProtocolOptions {
  /** `'classic'` (default; Java `group.protocol=classic`) or `'consumer'` (KIP-848, Kafka 4+). */
  groupProtocol?: GroupProtocol;
  /** Java `session.timeout.ms`: without a heartbeat for this long a member is removed. Default 45 000. */
  sessionTimeoutMs?: number;
  /** Java `max.poll.interval.ms`: how long the coordinator waits for members to rejoin a rebalance. Default 300 000. */
  rebalanceTimeoutMs?: number;
  /** Java `heartbeat.interval.ms`; below `sessionTimeoutMs`. Default 3 000. */
  heartbeatIntervalMs?: number;
  /**
   * Java `group.instance.id` (static membership, KIP-345): a member that comes back with the
   * same id within `sessionTimeoutMs` gets its partitions back without a rebalance. Letters,
   * digits, `.`, `_` and `-`, up to 249 characters.
   */
  groupInstanceId?: string;
  /**
   * Partition assignors in preference order (Java `partition.assignment.strategy`): `'range'`,
   * `'roundrobin'`, `'cooperative-sticky'` or an assignor object. The group uses the first one
   * every member supports. When every assignor listed supports it, rebalances are cooperative
   * (KIP-429: only moving partitions are revoked). Default `['range', 'cooperative-sticky']`, as
   * Java: eager range, ready for a rolling move to cooperative-sticky.
   */
  assignors?: readonly (AssignorName | PartitionAssignor)[];
  /**
   * Send LeaveGroup on close, so the group rebalances at once. Default true, but false for a
   * static member (as Java: its partitions wait `sessionTimeoutMs` for it to come back).
   */
  leaveGroupOnClose?: boolean;
  /** Java `metadata.max.age.ms`: how often the leader checks the topic's partition count. Default 300 000. */
  metadataMaxAgeMs?: number;
}

/** The membership settings of {@link ManagedConsumerOptions}, checked, with defaults. */
export interface ResolvedManagedOptions {
  readonly groupProtocol: GroupProtocol;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly groupInstanceId: string | null;
  readonly assignors: readonly PartitionAssignor[];
  /** Cooperative when every assignor supports it, else eager (Java's rule). */
  readonly rebalanceProtocol: RebalanceProtocol;
  readonly leaveGroupOnClose: boolean;
  readonly metadataMaxAgeMs: number;
  /** The KIP-848 settings (`groupRemoteAssignor`, `clientRack`). */
  readonly consumerProtocol: ResolvedConsumerProtocolOptions;
}

const MANAGED_KEYS = [
  'groupProtocol',
  'sessionTimeoutMs',
  'rebalanceTimeoutMs',
  'heartbeatIntervalMs',
  'groupInstanceId',
  'assignors',
  'leaveGroupOnClose',
  'metadataMaxAgeMs',
  ...CONSUMER_PROTOCOL_KEYS,
] as const;

/** Kafka's rule for ids that become file or topic-like names (`Topic.validate`). */
const LEGAL_ID = /^[a-zA-Z0-9._-]{1,249}$/;

/**
 * Splits `options` into the group options the base class checks and the membership settings,
 * checked here.
 * @throws {ConfigurationError} naming the first bad membership option
 */
export function splitManagedOptions<V, K>(
  options: ManagedConsumerOptions<V, K>,
): { group: GroupConsumerOptions<V, K>; managed: ResolvedManagedOptions } {
  if (options === null || typeof options !== 'object')
    throw new ConfigurationError('options', 'expected an object with at least consumerGroup');
  const group: Record<string, unknown> = { ...options };
  for (const key of MANAGED_KEYS) delete group[key];
  const sessionTimeoutMs = intOption(options, 'sessionTimeoutMs', 45_000, 1);
  const heartbeatIntervalMs = intOption(options, 'heartbeatIntervalMs', 3_000, 1);
  if (heartbeatIntervalMs >= sessionTimeoutMs)
    throw new ConfigurationError(
      'heartbeatIntervalMs',
      `must be below sessionTimeoutMs (${sessionTimeoutMs})`,
    );
  const groupInstanceId = instanceId(options.groupInstanceId);
  const assignors = resolveAssignors(options.assignors);
  const cooperative = assignors.every((a) => (a.supportedProtocols ?? ['eager']).includes('cooperative'));
  const leave = options.leaveGroupOnClose ?? groupInstanceId === null;
  const groupProtocol = oneOfOption(options, 'groupProtocol', ['classic', 'consumer'] as const);
  if (typeof leave !== 'boolean')
    throw new ConfigurationError('leaveGroupOnClose', `expected a boolean, got ${String(leave)}`);
  return {
    group: group as unknown as GroupConsumerOptions<V, K>,
    managed: {
      groupProtocol,
      sessionTimeoutMs,
      rebalanceTimeoutMs: intOption(options, 'rebalanceTimeoutMs', 300_000, 1),
      heartbeatIntervalMs,
      groupInstanceId,
      assignors,
      rebalanceProtocol: cooperative ? 'cooperative' : 'eager',
      leaveGroupOnClose: leave,
      metadataMaxAgeMs: intOption(options, 'metadataMaxAgeMs', 300_000, 1),
      consumerProtocol: resolveConsumerProtocolOptions(options, groupProtocol),
    },
  };
}

function instanceId(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !LEGAL_ID.test(value) || value === '.' || value === '..')
    throw new ConfigurationError(
      'groupInstanceId',
      `expected 1-249 letters, digits, '.', '_' or '-', got ${JSON.stringify(value)}`,
    );
  return value;
}

function resolveAssignors(value: unknown): PartitionAssignor[] {
  const list = value ?? ['range', 'cooperative-sticky'];
  if (!Array.isArray(list) || list.length === 0)
    throw new ConfigurationError('assignors', 'expected a non-empty list of assignor names or objects');
  const resolved = list.map((entry: unknown): PartitionAssignor => {
    if (typeof entry === 'string') {
      const builtin = builtinAssignors.get(entry as AssignorName);
      if (builtin === undefined)
        throw new ConfigurationError(
          'assignors',
          `unknown assignor ${JSON.stringify(entry)}; built in: ${[...builtinAssignors.keys()].join(', ')}`,
        );
      return builtin;
    }
    const custom = entry as PartitionAssignor | null;
    if (
      typeof custom !== 'object' ||
      custom === null ||
      typeof custom.name !== 'string' ||
      custom.name === ''
    )
      throw new ConfigurationError('assignors', 'an assignor object needs a non-empty name');
    if (typeof custom.assign !== 'function')
      throw new ConfigurationError('assignors', `assignor ${custom.name} needs an assign() function`);
    return custom;
  });
  const names = resolved.map((a) => a.name);
  if (new Set(names).size !== names.length)
    throw new ConfigurationError('assignors', `assignor names repeat: ${names.join(', ')}`);
  return resolved;
}
