import { KafkaError, type KafkaErrorOptions } from '@tskafka/protocol';

/**
 * The producer's queue is full (`maxQueuedMessages` or `maxQueuedBytes` reached) and
 * `blockOnQueueFull` is false, or blocking waited longer than `pendingTimeoutMs`. The record was
 * not queued. Retriable: the queue drains as brokers acknowledge.
 */
export class ProducerQueueFullError extends KafkaError {
  constructor(message: string) {
    super(message, { retriable: true });
  }
}

/**
 * A value or key could not be turned into bytes: no serializer was configured and it is not a
 * Buffer, Uint8Array, string or null, or the serializer threw or returned something else.
 */
export class SerializationError extends KafkaError {
  constructor(message: string, options: KafkaErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}

/**
 * A transactional call came in the wrong state (commit without begin, begin twice, produce
 * outside a transaction on a transactional producer), or the producer is in a fatal state
 * (fenced by a newer instance with the same transactional id; the fencing error is the `cause`).
 */
export class TransactionStateError extends KafkaError {
  constructor(message: string, options: KafkaErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
