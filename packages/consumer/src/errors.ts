import { KafkaError, type KafkaErrorOptions } from '@tskafka/protocol';

/**
 * The `deserializer` threw for one message. The message counts as consumed (the consumer moves
 * past it and stays usable); its raw bytes are on {@link DeserializationError.key} and
 * {@link DeserializationError.value}, and the deserializer's error is the `cause`.
 */
export class DeserializationError extends KafkaError {
  /** Partition of the message that failed. */
  readonly partitionId: number;
  /** Offset of the message that failed. */
  readonly offset: bigint;
  /** The raw key. */
  readonly key: Buffer | null;
  /** The raw value. */
  readonly value: Buffer | null;

  constructor(
    partitionId: number,
    offset: bigint,
    raw: { key: Buffer | null; value: Buffer | null },
    options: KafkaErrorOptions = {},
  ) {
    super(`deserializer failed on partition ${partitionId} at offset ${offset}`, {
      ...options,
      retriable: false,
    });
    this.partitionId = partitionId;
    this.offset = offset;
    this.key = raw.key;
    this.value = raw.value;
  }
}

/**
 * A partition id that the topic does not have, or that this consumer does not own, was passed to
 * an option or a method. Not retriable.
 */
export class UnknownPartitionError extends KafkaError {
  /** The partition id at fault. */
  readonly partitionId: number;

  constructor(topic: string, partitionId: number, why: string) {
    super(`partition ${partitionId} of ${topic} ${why}`, { retriable: false });
    this.partitionId = partitionId;
  }
}
