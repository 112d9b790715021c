import type { ProduceRecord } from '@tskafka/protocol';

/** What the producer reports for an acknowledged record. */
export interface RecordMetadata {
  topic: string;
  partition: number;
  /** The record's offset; -1n when acks are 0 (the broker does not answer). */
  offset: bigint;
  /** The broker's append time when the topic uses LogAppendTime, else the record's create time. */
  timestamp: number;
}

/** Settles the promise of one record. */
export interface Settler {
  resolve(metadata: RecordMetadata): void;
  reject(error: Error): void;
}

/** Records bound for one partition, sent together as one record batch. */
export class Batch {
  readonly records: ProduceRecord[] = [];
  readonly settlers: Settler[] = [];
  /** Approximate encoded size of the records. */
  bytes = 0;
  /** Failed attempts so far. */
  attempts = 0;
  /** Sequence of the first record when idempotent; kept across resends so the broker can de-duplicate. */
  baseSequence = -1;
  /** Producer id and epoch the sequence belongs to. */
  producerId = -1n;
  producerEpoch = -1;
  /** Encoded bytes, kept for resends. */
  encoded: Buffer | null = null;
  /** Earliest time the batch may be sent again (after a retriable failure). */
  notBefore = 0;

  constructor(
    readonly partition: number,
    readonly createdAt: number,
  ) {}

  /** Resolves every record with its offset (`baseOffset + index`). */
  succeed(topic: string, baseOffset: bigint, logAppendTime: number): void {
    const known = baseOffset >= 0n;
    for (let i = 0; i < this.records.length; i++) {
      const timestamp = logAppendTime >= 0 ? logAppendTime : (this.records[i]!.timestamp as number);
      const offset = known ? baseOffset + BigInt(i) : -1n;
      this.settlers[i]!.resolve({ topic, partition: this.partition, offset, timestamp });
    }
  }

  /** Rejects every record with `error`. */
  fail(error: Error): void {
    for (const settler of this.settlers) settler.reject(error);
  }
}
