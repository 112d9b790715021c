import { ConfigurationError, oneOfOption } from '@tskafka/network';

/** Server-side assignors Kafka 4.x ships (`group.consumer.assignors`). */
export const SERVER_ASSIGNORS = ['uniform', 'range'] as const;

/**
 * Options of the KIP-848 protocol (`groupProtocol: 'consumer'`), named after the Java consumer's
 * settings. `groupInstanceId`, `rebalanceTimeoutMs` and `leaveGroupOnClose` apply as with the
 * classic protocol; session timeout, heartbeat interval and assignment are the broker's
 * (`group.consumer.*` settings), so `sessionTimeoutMs`, `heartbeatIntervalMs` and `assignors`
 * are refused with this protocol, as Java refuses them (`metadataMaxAgeMs` is accepted and
 * unused: the coordinator notices partition count changes itself).
 */
export interface ConsumerProtocolOptions {
  /**
   * The coordinator's assignor for this member (Java `group.remote.assignor`, KIP-848 only):
   * `'uniform'` spreads partitions evenly and sticks to previous owners; `'range'` gives each
   * member a contiguous range. Default: the broker's first configured one (`uniform`).
   */
  groupRemoteAssignor?: (typeof SERVER_ASSIGNORS)[number];
  /** Java `client.rack`, sent to the coordinator for rack-aware assignment (KIP-848 only). Default none. */
  clientRack?: string;
}

/** {@link ConsumerProtocolOptions} checked: what the member sends (null = not sent). */
export interface ResolvedConsumerProtocolOptions {
  readonly serverAssignor: string | null;
  readonly rackId: string | null;
}

/** Option names of {@link ConsumerProtocolOptions}. */
export const CONSUMER_PROTOCOL_KEYS = ['groupRemoteAssignor', 'clientRack'] as const;

/** Classic-protocol settings that the KIP-848 coordinator owns instead, and where they went. */
const CLASSIC_ONLY: Readonly<Record<string, string>> = {
  sessionTimeoutMs: "is the broker's group.consumer.session.timeout.ms with groupProtocol 'consumer'",
  heartbeatIntervalMs: "is the broker's group.consumer.heartbeat.interval.ms with groupProtocol 'consumer'",
  assignors:
    "the coordinator assigns with groupProtocol 'consumer': choose its assignor with groupRemoteAssignor",
};

/**
 * Checks the KIP-848 options against the chosen protocol.
 * @throws {ConfigurationError} for a bad value, a KIP-848 option with the classic protocol, or a
 *   classic-only option with the consumer protocol
 */
export function resolveConsumerProtocolOptions(
  options: object,
  protocol: 'classic' | 'consumer',
): ResolvedConsumerProtocolOptions {
  const given = (name: string) => (options as Record<string, unknown>)[name] !== undefined;
  if (protocol === 'classic') {
    const wrong = CONSUMER_PROTOCOL_KEYS.find(given);
    if (wrong !== undefined)
      throw new ConfigurationError(wrong, "applies only to groupProtocol 'consumer' (KIP-848)");
  } else {
    const wrong = Object.keys(CLASSIC_ONLY).find(given);
    if (wrong !== undefined) throw new ConfigurationError(wrong, CLASSIC_ONLY[wrong] as string);
  }
  const rack = (options as Record<string, unknown>).clientRack;
  if (rack !== undefined && (typeof rack !== 'string' || rack === ''))
    throw new ConfigurationError('clientRack', `expected a non-empty string, got ${String(rack)}`);
  return {
    serverAssignor: given('groupRemoteAssignor')
      ? oneOfOption(options, 'groupRemoteAssignor', SERVER_ASSIGNORS)
      : null,
    rackId: (rack as string | undefined) ?? null,
  };
}
