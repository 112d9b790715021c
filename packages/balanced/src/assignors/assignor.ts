/**
 * How a classic consumer group splits partitions: the leader runs the assignor every member
 * agreed on (the first of the leader's list that all members support) over every member's
 * subscription. Same contract as Java's `ConsumerPartitionAssignor`, so a group can mix tskafka
 * and Java members.
 */

/** Java's `RebalanceProtocol`: revoke everything before each rebalance, or only what moves (KIP-429). */
export type RebalanceProtocol = 'eager' | 'cooperative';

/** Partition ids per topic. */
export type TopicPartitionMap = ReadonlyMap<string, readonly number[]>;

/** One member as the leader sees it in JoinGroup (its decoded `ConsumerProtocolSubscription`). */
export interface AssignorMember {
  readonly memberId: string;
  /** `group.instance.id` of a static member, else null. */
  readonly groupInstanceId: string | null;
  /** Subscribed topics. */
  readonly topics: readonly string[];
  /** What the member holds while it rejoins (cooperative members; empty for eager ones). */
  readonly ownedPartitions: TopicPartitionMap;
  /** The generation `ownedPartitions` belong to; -1 when unknown. */
  readonly generationId: number;
  /** The assignor's own subscription data. */
  readonly userData: Buffer | null;
  readonly rackId: string | null;
}

/** Partitions per topic, per member id. Every member appears (with an empty map if idle). */
export type GroupAssignment = Map<string, Map<string, number[]>>;

/**
 * A partition assignor: built-in ones are named `'range'`, `'roundrobin'` and
 * `'cooperative-sticky'`; pass an object for one of your own.
 *
 * @example An assignor that gives everything to the member with the smallest id.
 * ```ts
 * const allToFirst: PartitionAssignor = {
 *   name: 'all-to-first',
 *   assign(partitionsPerTopic, members) {
 *     const out: GroupAssignment = new Map(members.map((m) => [m.memberId, new Map()]));
 *     const first = [...members].sort((a, b) => (a.memberId < b.memberId ? -1 : 1))[0];
 *     for (const [topic, count] of partitionsPerTopic)
 *       out.get(first.memberId)?.set(topic, [...Array(count).keys()]);
 *     return out;
 *   },
 * };
 * ```
 */
export interface PartitionAssignor {
  /** Protocol name in JoinGroup; members must use the same name for the same algorithm. */
  readonly name: string;
  /** Rebalance protocols it supports. Default `['eager']`. */
  readonly supportedProtocols?: readonly RebalanceProtocol[];
  /** Data to put in this member's subscription (for example a generation). Default none. */
  subscriptionUserData?(context: { readonly generationId: number }): Buffer | null;
  /**
   * The leader's computation: `partitionsPerTopic` holds the partition count of every topic
   * some member subscribes to (topics that do not exist are left out).
   */
  assign(
    partitionsPerTopic: ReadonlyMap<string, number>,
    members: readonly AssignorMember[],
  ): GroupAssignment;
}

/**
 * Java's member order (`MemberInfo.compareTo`): static members first by instance id, then the
 * others by member id, comparing UTF-16 code units like `String.compareTo`.
 */
export function compareMembers(a: AssignorMember, b: AssignorMember): number {
  if (a.groupInstanceId !== null && b.groupInstanceId !== null)
    return compareText(a.groupInstanceId, b.groupInstanceId);
  if (a.groupInstanceId !== null) return -1;
  if (b.groupInstanceId !== null) return 1;
  return compareText(a.memberId, b.memberId);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** An assignment with an empty entry for every member. */
export function emptyAssignment(members: readonly AssignorMember[]): GroupAssignment {
  return new Map(members.map((m) => [m.memberId, new Map<string, number[]>()]));
}

/** Adds `partitions` of `topic` to `memberId`'s share. */
export function give(
  assignment: GroupAssignment,
  memberId: string,
  topic: string,
  partitions: readonly number[],
): void {
  const share = assignment.get(memberId) as Map<string, number[]>;
  const list = share.get(topic);
  if (list === undefined) share.set(topic, [...partitions]);
  else list.push(...partitions);
}

/** Topics members subscribe to that exist (have a partition count), in name order (Java's TreeSet). */
export function subscribedTopics(
  partitionsPerTopic: ReadonlyMap<string, number>,
  members: readonly AssignorMember[],
): string[] {
  const topics = new Set(members.flatMap((m) => m.topics));
  return [...topics].filter((t) => partitionsPerTopic.has(t)).sort(compareText);
}
