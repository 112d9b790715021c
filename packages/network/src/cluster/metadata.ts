import type { MetadataResponse } from '@tskafka/protocol';

/** A broker as metadata describes it. */
export interface BrokerMetadata {
  readonly id: number;
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
}

/** One partition's placement. Broker ids refer to {@link ClusterMetadata.brokers}. */
export interface PartitionMetadata {
  readonly id: number;
  /** Leader broker id; -1 while there is none (an election is running). */
  readonly leader: number;
  readonly leaderEpoch: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  readonly offlineReplicas: readonly number[];
  /** Kafka error code for this partition (0 = none; 5 LEADER_NOT_AVAILABLE is common mid-election). */
  readonly errorCode: number;
}

/** One topic's metadata. */
export interface TopicMetadata {
  readonly name: string;
  /** Kafka's topic id (22-char base64url), all-zero form on brokers before 2.8. */
  readonly topicId: string;
  /** Kafka marks `__consumer_offsets` and `__transaction_state` internal. */
  readonly isInternal: boolean;
  readonly partitions: ReadonlyMap<number, PartitionMetadata>;
}

/** A snapshot of the cluster as one Metadata response described it. */
export interface ClusterMetadata {
  readonly clusterId: string | null;
  /** Controller broker id, -1 when unknown (KRaft brokers report a random live broker). */
  readonly controllerId: number;
  readonly brokers: ReadonlyMap<number, BrokerMetadata>;
  /** Topics that came back without a topic-level error. */
  readonly topics: ReadonlyMap<string, TopicMetadata>;
  /** Topic-level error codes (e.g. 3 UNKNOWN_TOPIC_OR_PARTITION for a requested topic). */
  readonly topicErrors: ReadonlyMap<string, number>;
  /** When the snapshot was taken (ms since the epoch). */
  readonly fetchedAt: number;
}

/** Turns a Metadata response body into the cluster model. */
export function toClusterMetadata(body: MetadataResponse): ClusterMetadata {
  const brokers = new Map<number, BrokerMetadata>();
  for (const b of body.brokers)
    brokers.set(b.nodeId, { id: b.nodeId, host: b.host, port: b.port, rack: b.rack });
  const topics = new Map<string, TopicMetadata>();
  const topicErrors = new Map<string, number>();
  for (const t of body.topics) {
    if (t.name === null) continue;
    if (t.errorCode !== 0) {
      topicErrors.set(t.name, t.errorCode);
      continue;
    }
    const partitions = new Map<number, PartitionMetadata>();
    for (const p of t.partitions) {
      partitions.set(p.partitionIndex, {
        id: p.partitionIndex,
        leader: p.leaderId,
        leaderEpoch: p.leaderEpoch,
        replicas: p.replicaNodes,
        isr: p.isrNodes,
        offlineReplicas: p.offlineReplicas,
        errorCode: p.errorCode,
      });
    }
    topics.set(t.name, { name: t.name, topicId: t.topicId, isInternal: t.isInternal, partitions });
  }
  return {
    clusterId: body.clusterId,
    controllerId: body.controllerId,
    brokers,
    topics,
    topicErrors,
    fetchedAt: Date.now(),
  };
}
