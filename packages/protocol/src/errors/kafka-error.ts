/** Options shared by every {@link KafkaError} constructor. */
export interface KafkaErrorOptions {
  /** Whether repeating the same operation later may succeed. Defaults to `false`. */
  retriable?: boolean;
  /** The lower-level error that caused this one, if any. */
  cause?: unknown;
}

/**
 * Base class of every error tskafka throws or rejects with. Higher layers subclass it for
 * connection, timeout, authentication and configuration failures, so `instanceof KafkaError`
 * separates Kafka failures from programming errors.
 */
export class KafkaError extends Error {
  /** Whether repeating the same operation later may succeed. */
  readonly retriable: boolean;

  constructor(message: string, options: KafkaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.retriable = options.retriable ?? false;
  }
}

/**
 * Bytes that cannot be decoded: a truncated frame, a length or count past the end of the buffer,
 * an over-long varint, a negative length where none is allowed. Never retriable: the same bytes
 * fail the same way.
 */
export class KafkaDecodeError extends KafkaError {
  /** Byte offset in the decoded buffer where the problem was found. */
  readonly offset: number;

  constructor(message: string, offset: number, options: KafkaErrorOptions = {}) {
    super(`${message} (at byte ${offset})`, { ...options, retriable: false });
    this.offset = offset;
  }
}

/**
 * A value that cannot be written in the requested wire form: a string longer than the type allows,
 * a malformed UUID, an API version outside the declared range. Never retriable.
 */
export class KafkaEncodeError extends KafkaError {
  constructor(message: string, options: KafkaErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
