import { randomBytes } from 'node:crypto';
import type { ConsumerGroupHeartbeatRequest } from '@tskafka/protocol';

/** What a KIP-848 member tells its coordinator about itself. */
export interface MemberSettings {
  readonly groupId: string;
  readonly topic: string;
  /** Static membership (`group.instance.id`), or null for a dynamic member. */
  readonly instanceId: string | null;
  /** `client.rack`, or null. */
  readonly rackId: string | null;
  /** How long the coordinator waits for this member to release partitions. */
  readonly rebalanceTimeoutMs: number;
  /** Server-side assignor (`uniform`, `range`), or null for the broker's default. */
  readonly serverAssignor: string | null;
}

/** Epochs with a meaning of their own in ConsumerGroupHeartbeat. */
export const JOIN_EPOCH = 0;
export const LEAVE_EPOCH = -1;
export const STATIC_LEAVE_EPOCH = -2;

/** From v1 (KIP-1082) the member generates its own id; v0 lets the coordinator assign one. */
export const CLIENT_MEMBER_ID_VERSION = 1;

/**
 * A member id as the Java client makes one: 16 random bytes in URL-safe base64 without padding
 * (Kafka's `Uuid.toString()`), never starting with '-' (Kafka treats those as reserved).
 */
export function newMemberId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** The partitions a member owns, as the request carries them. */
export interface OwnedPartitions {
  readonly topicId: string;
  readonly partitions: readonly number[];
}

/**
 * Builds ConsumerGroupHeartbeat requests: everything on a join (and after any failure, since the
 * coordinator may have missed the last request), afterwards only the fields that changed since the
 * last request sent (the others null / -1, which the protocol reads as "unchanged").
 */
export class HeartbeatRequests {
  readonly #settings: MemberSettings;
  /** The owned partitions last sent, as a comparable key; null = send in full next time. */
  #sentOwned: string | null = null;
  #full = true;

  constructor(settings: MemberSettings) {
    this.#settings = settings;
  }

  /** The next request must repeat every field (a join, a new coordinator, a failed request). */
  resend(): void {
    this.#full = true;
    this.#sentOwned = null;
  }

  /**
   * A regular heartbeat (`memberEpoch` 0 joins; the owned partitions must then be empty).
   * `owned` null means they cannot be named now (the topic id is not known): they are left
   * unreported rather than reported as none, which would hand them to other members.
   */
  heartbeat(
    memberId: string,
    memberEpoch: number,
    owned: OwnedPartitions | null,
  ): ConsumerGroupHeartbeatRequest {
    const s = this.#settings;
    const full = this.#full || memberEpoch === JOIN_EPOCH;
    // A (re)joining member owns nothing: the coordinator rejects anything else at epoch 0.
    const joining = memberEpoch === JOIN_EPOCH;
    const topicPartitions =
      joining || owned?.partitions.length === 0
        ? []
        : owned === null
          ? null
          : [{ topicId: owned.topicId, partitions: [...owned.partitions] }];
    const ownedKey = topicPartitions === null ? null : JSON.stringify(topicPartitions);
    const sendOwned = ownedKey !== null && (full || ownedKey !== this.#sentOwned);
    this.#full = false;
    if (ownedKey !== null) this.#sentOwned = ownedKey;
    return {
      groupId: s.groupId,
      memberId,
      memberEpoch,
      // Sent every time: the coordinator tells static from dynamic members by it.
      instanceId: s.instanceId,
      rackId: full ? s.rackId : null,
      rebalanceTimeoutMs: full ? s.rebalanceTimeoutMs : -1,
      subscribedTopicNames: full ? [s.topic] : null,
      subscribedTopicRegex: null,
      serverAssignor: full ? s.serverAssignor : null,
      topicPartitions: sendOwned ? topicPartitions : null,
    };
  }

  /** Leaving: epoch -1, or -2 for a static member that will come back under the same instance id. */
  leave(memberId: string): ConsumerGroupHeartbeatRequest {
    const s = this.#settings;
    return {
      groupId: s.groupId,
      memberId,
      memberEpoch: s.instanceId === null ? LEAVE_EPOCH : STATIC_LEAVE_EPOCH,
      instanceId: s.instanceId,
      rackId: null,
      rebalanceTimeoutMs: -1,
      subscribedTopicNames: null,
      subscribedTopicRegex: null,
      serverAssignor: null,
      topicPartitions: null,
    };
  }
}
