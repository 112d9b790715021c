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

/** What an exhausted {@link iterateMessages} iterator answers. */
const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * The messages of `consume()` calls as an async iterator, as consumers offer them: ends when
 * `consume()` gives null (its `consumerTimeoutMs` passed) or throws `ClosedError` after
 * `closed()` became true; other errors go to the loop (and end it). `poll`, when given, returns
 * a message that is ready now (or undefined) without the `consume()` promise chain: most
 * messages are already queued, and skipping that chain roughly halves the per-message cost.
 */
export function iterateMessages<V, K>(
  consume: () => Promise<Message<V, K> | null>,
  closed: () => boolean,
  poll?: () => Message<V, K> | undefined,
): AsyncIterableIterator<Message<V, K>, undefined> {
  return new MessageIterator(consume, closed, poll);
}

/**
 * The iterator behind {@link iterateMessages}: a plain object rather than an async generator,
 * which would add a promise and a resume per message.
 */
class MessageIterator<V, K> implements AsyncIterableIterator<Message<V, K>, undefined> {
  readonly #consume: () => Promise<Message<V, K> | null>;
  readonly #closed: () => boolean;
  readonly #poll: (() => Message<V, K> | undefined) | undefined;
  #done = false;

  constructor(
    consume: () => Promise<Message<V, K> | null>,
    closed: () => boolean,
    poll: (() => Message<V, K> | undefined) | undefined,
  ) {
    this.#consume = consume;
    this.#closed = closed;
    this.#poll = poll;
  }

  next(): Promise<IteratorResult<Message<V, K>, undefined>> {
    if (this.#done) return Promise.resolve(DONE);
    if (this.#poll !== undefined) {
      let message: Message<V, K> | undefined;
      try {
        message = this.#poll();
      } catch (error) {
        this.#done = true;
        return Promise.reject(error);
      }
      if (message !== undefined) return Promise.resolve({ done: false, value: message });
    }
    return this.#wait();
  }

  return(): Promise<IteratorResult<Message<V, K>, undefined>> {
    this.#done = true;
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async #wait(): Promise<IteratorResult<Message<V, K>, undefined>> {
    let message: Message<V, K> | null;
    try {
      message = await this.#consume();
    } catch (error) {
      this.#done = true;
      if (error instanceof ClosedError && this.#closed()) return DONE;
      throw error;
    }
    if (message === null) {
      this.#done = true;
      return DONE;
    }
    return { done: false, value: message };
  }
}
