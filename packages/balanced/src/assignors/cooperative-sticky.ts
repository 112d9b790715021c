import {
  type AssignorMember,
  compareMembers,
  emptyAssignment,
  type GroupAssignment,
  give,
  type PartitionAssignor,
  subscribedTopics,
} from './assignor.js';

/** One partition of one topic. */
interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
  /** Map key. */
  readonly key: string;
}

const tp = (topic: string, partition: number): TopicPartition => ({
  topic,
  partition,
  key: `${topic}\u0000${partition}`,
});

/**
 * Java's `CooperativeStickyAssignor` (KIP-429): members keep what they own (claims of the newest
 * generation only; a partition claimed twice is taken from both), the group is balanced to
 * within one partition, and a partition that moves from one member to another is left out of
 * this rebalance's assignment: its owner revokes it, rejoins, and the next rebalance hands it
 * over. Members encode their generation in the subscription (and, for old readers, as a 4-byte
 * user data, as Java does).
 *
 * Java iterates members in hash order where this implementation uses Java's member order, so
 * when two equally good results exist the two may pick different ones; both are valid and
 * sticky, so a group mixing Java and tskafka members converges either way. When members
 * subscribe to different topic sets, each topic is balanced over its own subscribers.
 */
export const cooperativeStickyAssignor: PartitionAssignor = {
  name: 'cooperative-sticky',
  supportedProtocols: ['eager', 'cooperative'],
  subscriptionUserData({ generationId }): Buffer {
    const data = Buffer.alloc(4);
    data.writeInt32BE(generationId);
    return data;
  },
  assign(
    partitionsPerTopic: ReadonlyMap<string, number>,
    members: readonly AssignorMember[],
  ): GroupAssignment {
    const assignment = emptyAssignment(members);
    const sorted = [...members].sort(compareMembers);
    const topics = subscribedTopics(partitionsPerTopic, members);
    const same = sorted.every((m) => topics.every((t) => m.topics.includes(t)));
    const groups = same ? [topics] : topics.map((t) => [t]);
    for (const scope of groups) {
      const subscribers = sorted.filter((m) => scope.every((t) => m.topics.includes(t)));
      const partitions = scope.flatMap((t) =>
        Array.from({ length: partitionsPerTopic.get(t) as number }, (_, p) => tp(t, p)),
      );
      for (const [memberId, share] of constrainedAssign(subscribers, partitions))
        for (const p of share) give(assignment, memberId, p.topic, [p.partition]);
    }
    for (const share of assignment.values()) for (const list of share.values()) list.sort((a, b) => a - b);
    return assignment;
  },
};

/** The generation a member's claims belong to: the subscription's (v2+), else Java's 4-byte user data. */
function generationOf(member: AssignorMember): number {
  if (member.generationId >= 0) return member.generationId;
  if (member.userData !== null && member.userData.length === 4) return member.userData.readInt32BE(0);
  return -1;
}

/**
 * Valid claims per member: only members of the newest generation claim anything, and a
 * partition two of them claim belongs to neither (it is reported in `contested`).
 */
function validClaims(
  members: readonly AssignorMember[],
  inScope: ReadonlyMap<string, TopicPartition>,
): { owned: Map<string, TopicPartition[]>; contested: Set<string> } {
  const owned = new Map<string, TopicPartition[]>();
  const contested = new Set<string>();
  const ownerOf = new Map<string, string>();
  let newest = -1;
  let ofNewest: string[] = [];
  for (const member of members) {
    const claims: TopicPartition[] = [];
    owned.set(member.memberId, claims);
    const generation = generationOf(member);
    if (generation < newest) continue;
    if (generation > newest) {
      // Claims of older generations are stale.
      ownerOf.clear();
      contested.clear();
      for (const id of ofNewest) (owned.get(id) as TopicPartition[]).length = 0;
      ofNewest = [];
      newest = generation;
    }
    ofNewest.push(member.memberId);
    for (const [topic, partitions] of member.ownedPartitions) {
      for (const partition of partitions) {
        const claim = inScope.get(tp(topic, partition).key);
        if (claim === undefined) continue;
        const other = ownerOf.get(claim.key);
        ownerOf.set(claim.key, member.memberId);
        if (other === undefined) {
          claims.push(claim);
          continue;
        }
        const theirs = owned.get(other) as TopicPartition[];
        const at = theirs.findIndex((p) => p.key === claim.key);
        if (at >= 0) theirs.splice(at, 1);
        contested.add(claim.key);
      }
    }
  }
  return { owned, contested };
}

/**
 * Java's `AbstractStickyAssignor.constrainedAssign` for members with equal subscriptions:
 * keep up to the quota of what each owns, fill the members below quota round-robin, then the
 * ones that may take one more; finally drop partitions changing owner (cooperative handover).
 */
function constrainedAssign(
  members: readonly AssignorMember[],
  partitions: readonly TopicPartition[],
): Map<string, TopicPartition[]> {
  const result = new Map(members.map((m) => [m.memberId, [] as TopicPartition[]]));
  if (members.length === 0) return result;
  const { owned, contested } = validClaims(members, new Map(partitions.map((p) => [p.key, p])));
  const minQuota = Math.floor(partitions.length / members.length);
  const maxQuota = Math.ceil(partitions.length / members.length);
  const expectedAtMax = partitions.length % members.length;
  let atMax = 0;
  const underMin: string[] = [];
  let exactlyMin: string[] = [];
  const revoked = new Set<string>();
  const taken = new Set<string>();
  const keep = (memberId: string, claims: readonly TopicPartition[], quota: number): void => {
    const share = result.get(memberId) as TopicPartition[];
    for (const p of claims.slice(0, quota)) {
      share.push(p);
      taken.add(p.key);
    }
    for (const p of claims.slice(quota)) revoked.add(p.key);
  };
  for (const member of members) {
    const claims = owned.get(member.memberId) as TopicPartition[];
    if (claims.length < minQuota) {
      keep(member.memberId, claims, claims.length);
      underMin.push(member.memberId);
    } else if (claims.length >= maxQuota && atMax < expectedAtMax) {
      atMax++;
      if (atMax === expectedAtMax) exactlyMin = [];
      keep(member.memberId, claims, maxQuota);
    } else {
      keep(member.memberId, claims, minQuota);
      if (atMax < expectedAtMax) exactlyMin.push(member.memberId);
    }
  }
  const transferring = new Map<string, string>();
  let cursor = 0;
  for (const p of partitions) {
    if (taken.has(p.key)) continue;
    let memberId: string;
    if (cursor < underMin.length) memberId = underMin[cursor++] as string;
    else if (underMin.length > 0) {
      cursor = 0;
      memberId = underMin[cursor++] as string;
    } else {
      const next = exactlyMin.shift();
      // Unreachable by the quota arithmetic; keep the partition unassigned rather than guess.
      if (next === undefined) break;
      memberId = next;
    }
    const share = result.get(memberId) as TopicPartition[];
    share.push(p);
    if (revoked.has(p.key) || contested.has(p.key)) transferring.set(p.key, memberId);
    if (share.length === minQuota) {
      underMin.splice(--cursor, 1);
      exactlyMin.push(memberId);
    } else if (share.length === maxQuota) atMax++;
  }
  // KIP-429: a partition still owned elsewhere is handed over in the next rebalance.
  for (const [key, memberId] of transferring) {
    const share = result.get(memberId) as TopicPartition[];
    share.splice(
      share.findIndex((p) => p.key === key),
      1,
    );
  }
  return result;
}
