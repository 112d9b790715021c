import { type ClusterMetadata, type TopicMetadata, UnknownTopicError } from '@tskafka/network';

/** The all-zero topic id: brokers before 2.8 (no topic ids) report it. */
const NO_TOPIC_ID = 'AAAAAAAAAAAAAAAAAAAAAA';

/**
 * The topic was deleted and created again under the same name while the consumer read it: the
 * cluster metadata names it with another topic id than at start-up. The new topic's offsets have
 * nothing to do with the consumer's positions, so fetching has stopped (nothing of the new topic
 * was read from the old positions) and every later `consume()` and `commitOffsets()` rejects
 * with this error. Close the consumer; a new one starts on the new topic (its group's committed
 * offsets of the old topic are gone with it, so from `autoOffsetReset`).
 * A subclass of `UnknownTopicError`: the topic this consumer read no longer exists.
 *
 * @example
 * ```ts
 * try { await consumer.consume(); } catch (error) {
 *   if (error instanceof TopicRecreatedError) console.log(error.oldTopicId, '→', error.newTopicId);
 * }
 * ```
 */
export class TopicRecreatedError extends UnknownTopicError {
  /** The topic id the consumer started on. */
  readonly oldTopicId: string;
  /** The id the topic of that name has now. */
  readonly newTopicId: string;

  constructor(topic: string, oldTopicId: string, newTopicId: string) {
    super(topic, `deleted and re-created while consuming (topic id ${oldTopicId} is now ${newTopicId})`);
    this.oldTopicId = oldTopicId;
    this.newTopicId = newTopicId;
  }
}

/**
 * Which incarnation of a topic a consumer reads: the topic id seen at start-up (Metadata v10+).
 * Fetches and offset requests name the topic by it, and metadata naming the topic with another
 * id is not taken for this topic's placement.
 */
export class TopicIdentity {
  readonly topic: string;
  #id = NO_TOPIC_ID;

  constructor(topic: string) {
    this.topic = topic;
  }

  /** The pinned topic id (all zeros until {@link pin}, or on brokers without topic ids). */
  get id(): string {
    return this.#id;
  }

  /** Pins the incarnation found at start-up. */
  pin(topicId: string): void {
    this.#id = topicId;
  }

  /** Whether `meta` describes the pinned incarnation (true when either side has no id). */
  matches(meta: TopicMetadata): boolean {
    return this.#id === NO_TOPIC_ID || meta.topicId === NO_TOPIC_ID || meta.topicId === this.#id;
  }

  /** The error to stop with when `meta` names the topic with another id; null otherwise. */
  recreatedIn(meta: ClusterMetadata | null): TopicRecreatedError | null {
    const topic = meta?.topics.get(this.topic);
    if (topic === undefined || this.matches(topic)) return null;
    return new TopicRecreatedError(this.topic, this.#id, topic.topicId);
  }
}
