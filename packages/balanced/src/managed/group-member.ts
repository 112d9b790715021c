import type { GroupMembership } from '@tskafka/consumer';
import type { Cluster, Logger } from '@tskafka/network';
import type { ResolvedManagedOptions } from './managed-options.js';

/** The part of the assigned-partition consumer a group member drives (an `AssignedConsumer`). */
export interface AssignmentTarget {
  /** Partitions assigned now. */
  readonly partitions: number[];
  /** Makes `partitions` the complete assignment (revoking, then adding). */
  assign(partitions: readonly number[]): Promise<void>;
  /** Gives up `partitions` (default all) after `onPartitionsRevoked` and a commit. */
  revoke(partitions?: readonly number[]): Promise<void>;
  /** Drops `partitions` (default all) without committing: `onPartitionsLost`. */
  lose(partitions?: readonly number[]): Promise<void>;
}

/** What every group member (classic or KIP-848) is built with. */
export interface GroupMemberContext {
  readonly cluster: Cluster;
  readonly topic: string;
  readonly groupId: string;
  readonly options: ResolvedManagedOptions;
  /** Attempts at the first join before `start()` rejects. */
  readonly rebalanceMaxRetries: number;
  /** Backoff unit between failed attempts: attempt × this. */
  readonly rebalanceBackoffMs: number;
  readonly assigned: AssignmentTarget;
  /** Surfaces a background failure from the next `consume()`. */
  fail(error: unknown): void;
  readonly logger: Logger;
}

/** One way of being in a Kafka-coordinated group; `ManagedBalancedConsumer` delegates to it. */
export interface GroupMember {
  /** What offset commits carry (generation or member epoch, member id, instance id). */
  membership(): GroupMembership;
  /**
   * Joins; resolves once the first assignment is applied (rejects with a typed error when
   * joining fails for good) and keeps the membership alive until `signal` aborts.
   */
  start(signal: AbortSignal): Promise<void>;
  /** Stops heartbeating, leaves the group (unless a static member stays) and closes its connections. */
  stop(): Promise<void>;
}

/** Builds the member of one group protocol. */
export type GroupMemberFactory = (context: GroupMemberContext) => GroupMember;
