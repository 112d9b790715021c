import type { Cluster } from '@tskafka/network';
import {
  apis,
  type ConsumerGroupHeartbeatRequest,
  type ConsumerGroupHeartbeatResponse,
} from '@tskafka/protocol';
import { CoordinatorLink } from '../classic/coordinator-link.js';

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
  /** Closes the member's connection to the coordinator. */
  close(): Promise<void>;
}

/**
 * Heartbeats to the group's coordinator on a connection of this member's own, so they never
 * queue behind fetches or commits (the same link the classic member uses).
 */
export class CoordinatorHeartbeats implements HeartbeatChannel {
  readonly #link: CoordinatorLink;

  constructor(cluster: Cluster, groupId: string) {
    this.#link = new CoordinatorLink(cluster, groupId);
  }

  async send(
    build: (version: number) => ConsumerGroupHeartbeatRequest,
    signal?: AbortSignal,
  ): Promise<ConsumerGroupHeartbeatResponse> {
    const connection = await this.#link.connection('heartbeat', signal);
    const version = connection.versions.pick(apis.ConsumerGroupHeartbeat);
    return this.#link.request('heartbeat', apis.ConsumerGroupHeartbeat, build(version), { signal });
  }

  forget(): void {
    this.#link.forget();
  }

  close(): Promise<void> {
    return this.#link.close();
  }
}
