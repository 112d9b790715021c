import { ConfigurationError, intOption, oneOfOption } from '@tskafka/network';
import type { MemberSettings } from './heartbeat-requests.js';

/** Server-side assignors Kafka 4.x ships (`group.consumer.assignors`). */
export const SERVER_ASSIGNORS = ['uniform', 'range'] as const;

/**
 * Options of the KIP-848 protocol (`groupProtocol: 'consumer'`), named after the Java consumer's
 * settings. The coordinator computes the assignment, so there is no client-side assignor.
 */
export interface ConsumerProtocolOptions {
  /**
   * The coordinator's assignor for this member (Java `group.remote.assignor`): `'uniform'`
   * spreads partitions evenly and sticks to previous owners; `'range'` gives each member a
   * contiguous range. Default: the broker's first configured one (`uniform`).
   */
  groupRemoteAssignor?: (typeof SERVER_ASSIGNORS)[number];
  /**
   * Static membership (Java `group.instance.id`): a member that closes leaves with epoch -2 and
   * keeps its partitions until the session times out, so a restart under the same id gets them
   * back without a rebalance. Default none (dynamic member).
   */
  groupInstanceId?: string;
  /** Java `client.rack`, for rack-aware assignors. Default none. */
  clientRack?: string;
  /**
   * How long the coordinator waits for this member to release revoked partitions before fencing
   * it (Java `max.poll.interval.ms`). Default 300 000.
   */
  rebalanceTimeoutMs?: number;
}

function optionalString(options: object, name: string): string | null {
  const value = (options as Record<string, unknown>)[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value === '')
    throw new ConfigurationError(name, `expected a non-empty string, got ${String(value)}`);
  return value;
}

/**
 * Checks the KIP-848 options and turns them into what the member sends.
 * @throws {ConfigurationError} naming the first bad option
 */
export function resolveMemberSettings(
  topic: string,
  groupId: string,
  options: ConsumerProtocolOptions,
): MemberSettings {
  const assignor = options.groupRemoteAssignor;
  return {
    groupId,
    topic,
    instanceId: optionalString(options, 'groupInstanceId'),
    rackId: optionalString(options, 'clientRack'),
    rebalanceTimeoutMs: intOption(options, 'rebalanceTimeoutMs', 300_000, 1),
    serverAssignor:
      assignor === undefined ? null : oneOfOption(options, 'groupRemoteAssignor', SERVER_ASSIGNORS),
  };
}
