import { ClosedError } from '@tskafka/network';
import type { RecordHeader } from '@tskafka/protocol';
import { DeserializationError } from './errors.js';
import type { Deserializer } from './options.js';

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
  /** Leader epoch of the batch it was written in (KIP-320); -1 when unknown (legacy message sets). */
  readonly leaderEpoch: number;
}

/** The mutable form the fetcher builds and `consume()` deserializes in place. */
export interface RawMessage {
  partitionId: number;
  offset: bigint;
  timestamp: number;
  key: unknown;
  value: unknown;
  headers: RecordHeader[];
  leaderEpoch: number;
}

/**
 * Hands a fetched message to the application, deserialized in place when a deserializer is set.
 * @throws {DeserializationError} when the deserializer throws
 */
export function deliver<V, K>(raw: RawMessage, deserializer: Deserializer<V, K> | undefined): Message<V, K> {
  if (deserializer !== undefined) {
    try {
      const [value, key] = deserializer(raw.value as Buffer | null, raw.key as Buffer | null);
      raw.value = value;
      raw.key = key;
    } catch (cause) {
      const bytes = { key: raw.key as Buffer | null, value: raw.value as Buffer | null };
      throw new DeserializationError(raw.partitionId, raw.offset, bytes, { cause });
    }
  }
  return raw as unknown as Message<V, K>;
}

/**
 * The messages of `consume()` calls as an async iterator, as consumers offer them: ends when
 * `consume()` gives null (its `consumerTimeoutMs` passed) or throws `ClosedError` after
 * `closed()` became true; other errors go to the loop.
 */
export async function* iterateMessages<V, K>(
  consume: () => Promise<Message<V, K> | null>,
  closed: () => boolean,
): AsyncGenerator<Message<V, K>, void, undefined> {
  for (;;) {
    let message: Message<V, K> | null;
    try {
      message = await consume();
    } catch (error) {
      if (error instanceof ClosedError && closed()) return;
      throw error;
    }
    if (message === null) return;
    yield message;
  }
}
