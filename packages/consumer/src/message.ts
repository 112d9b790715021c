import type { RecordHeader } from '@tskafka/protocol';

/**
 * A consumed message. `value` and `key` are the raw bytes (views into the fetched data, no
 * copies) unless a `deserializer` turned them into `V` and `K`.
 */
export interface Message<V = Buffer | null, K = Buffer | null> {
  /** The partition the message came from. */
  readonly partitionId: number;
  /** Its offset in that partition. */
  readonly offset: bigint;
  /** Milliseconds since the epoch (CreateTime or LogAppendTime, as the topic says); -1 if none. */
  readonly timestamp: number;
  /** The key (PyKafka's `partition_key`). */
  readonly key: K;
  /** The value; null for a tombstone. */
  readonly value: V;
  /** Record headers, in order; a shared empty array when there are none (do not mutate it). */
  readonly headers: readonly RecordHeader[];
}

/** The mutable form the fetcher builds and `consume()` deserializes in place. */
export interface RawMessage {
  partitionId: number;
  offset: bigint;
  timestamp: number;
  key: unknown;
  value: unknown;
  headers: RecordHeader[];
}
