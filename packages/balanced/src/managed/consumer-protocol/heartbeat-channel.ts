import type { Broker, Cluster } from '@tskafka/network';
import {
  apis,
  type ConsumerGroupHeartbeatRequest,
  type ConsumerGroupHeartbeatResponse,
} from '@tskafka/protocol';

/** Where a member's heartbeats go; a fake stands in for the coordinator in unit tests. */
export interface HeartbeatChannel {
  /**
   * Sends one heartbeat, built for the API version the coordinator speaks.
   * @throws {UnsupportedApiError} when the coordinator lacks ConsumerGroupHeartbeat (pre-KIP-848 brokers).
   * @throws {ConnectionError} and other network errors as the connection raises them.
   */
  send(
    build: (version: number) => ConsumerGroupHeartbeatRequest,
    signal?: AbortSignal,
  ): Promise<ConsumerGroupHeartbeatResponse>;
  /** Forget the coordinator: the next send looks it up again. */
  forget(): void;
}

/** Heartbeats to the group's coordinator, found with FindCoordinator and kept until it fails. */
export class CoordinatorHeartbeats implements HeartbeatChannel {
  readonly #cluster: Cluster;
  readonly #groupId: string;
  #coordinator: Broker | null = null;

  constructor(cluster: Cluster, groupId: string) {
    this.#cluster = cluster;
    this.#groupId = groupId;
  }

  async send(
    build: (version: number) => ConsumerGroupHeartbeatRequest,
    signal?: AbortSignal,
  ): Promise<ConsumerGroupHeartbeatResponse> {
    this.#coordinator ??= await this.#cluster.findCoordinator(this.#groupId, 'group', signal);
    const connection = await this.#coordinator.connection('main', signal);
    const version = connection.versions.pick(apis.ConsumerGroupHeartbeat);
    return connection.request(apis.ConsumerGroupHeartbeat, build(version), { signal, version });
  }

  forget(): void {
    this.#coordinator = null;
  }
}
