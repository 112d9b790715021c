import { KafkaDecodeError } from '../errors/kafka-error.js';

/** A record batch or legacy message whose stored checksum does not match its bytes. */
export class KafkaChecksumError extends KafkaDecodeError {
  /** The checksum stored in the data. */
  readonly expected: number;
  /** The checksum computed over the bytes. */
  readonly actual: number;

  constructor(what: string, expected: number, actual: number, offset: number) {
    super(
      `${what} checksum mismatch: stored 0x${expected.toString(16)}, computed 0x${actual.toString(16)}`,
      offset,
    );
    this.expected = expected;
    this.actual = actual;
  }
}
