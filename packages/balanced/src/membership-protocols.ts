/** One partition as a membership protocol sees it. */
export interface PartitionPlacement {
  readonly topic: string;
  /** Partition id. */
  readonly id: number;
  /** Id of the broker leading it (-1 while there is none). */
  readonly leader: number;
}

/**
 * How the members of a ZooKeeper-coordinated group split a topic's partitions, PyKafka's
 * `GroupMembershipProtocol`. Every member runs {@link decidePartitions} on the same inputs and
 * takes what it returns for itself, so it must be deterministic.
 *
 * @example A protocol of one's own: the first member reads everything, the others idle.
 * ```ts
 * const firstTakesAll: MembershipProtocol = {
 *   name: 'first-takes-all',
 *   decidePartitions: (members, partitions, me) =>
 *     [...members].sort()[0] === me ? partitions.map((p) => p.id) : [],
 * };
 * ```
 */
export interface MembershipProtocol {
  /** PyKafka's `protocol_name` (`range`, `roundrobin`). */
  readonly name: string;
  /**
   * The partition ids `consumerId` should own, given every member id (`participants`, including
   * `consumerId`) and every partition of the topic.
   */
  decidePartitions(
    participants: readonly string[],
    partitions: readonly PartitionPlacement[],
    consumerId: string,
  ): number[];
}

/** Byte order of UTF-8 text: Python's order for bytes and (for text) code points. */
function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * Partitions in the order both PyKafka protocols use: by the **string**
 * `"<topic>-<leader id>-<partition id>"`, so `t-1-10` sorts before `t-1-2` and a leader move
 * changes the order.
 */
export function orderPartitions(partitions: readonly PartitionPlacement[]): PartitionPlacement[] {
  const key = (p: PartitionPlacement): string => `${p.topic}-${p.leader}-${p.id}`;
  return [...partitions].sort((a, b) => byBytes(key(a), key(b)));
}

/** Member ids sorted as PyKafka sorts them (bytes), and this member's place among them. */
function placeOf(participants: readonly string[], consumerId: string): { count: number; index: number } {
  const sorted = [...new Set(participants)].sort(byBytes);
  return { count: sorted.length, index: sorted.indexOf(consumerId) };
}

/**
 * PyKafka's `RangeProtocol`: sorted members take consecutive runs of the sorted partitions; with
 * P partitions and N members, each gets P / N (rounded down) and the first P mod N one more.
 */
export const RangeProtocol: MembershipProtocol = Object.freeze({
  name: 'range',
  decidePartitions(participants, partitions, consumerId) {
    const { count, index } = placeOf(participants, consumerId);
    if (index < 0) return [];
    const ordered = orderPartitions(partitions);
    const each = Math.floor(ordered.length / count);
    const extra = ordered.length % count;
    const start = each * index + Math.min(index, extra);
    return ordered.slice(start, start + each + (index < extra ? 1 : 0)).map((p) => p.id);
  },
} satisfies MembershipProtocol);

/**
 * PyKafka's `RoundRobinProtocol`: the sorted partitions are dealt to the sorted members in turn,
 * partition i to member i mod N.
 */
export const RoundRobinProtocol: MembershipProtocol = Object.freeze({
  name: 'roundrobin',
  decidePartitions(participants, partitions, consumerId) {
    const { count, index } = placeOf(participants, consumerId);
    if (index < 0) return [];
    return orderPartitions(partitions)
      .filter((_, i) => i % count === index)
      .map((p) => p.id);
  },
} satisfies MembershipProtocol);
